import FloWorxCore
import HTTPTypes
import HummingbirdTesting
import Testing

/// Expects a PostgREST-shaped error: `status`, a JSON body of exactly `code`, `message`, `details` and `hint`,
/// and the given `code` (and `message`, when given). Returns the body for further checks.
@discardableResult
func expectRestError(
    _ response: TestResponse,
    _ status: HTTPResponse.Status,
    code: String,
    message: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> JSONValue {
    let body = try expectJSONBody(response, status, sourceLocation: sourceLocation)
    #expect(body.keys == ["code", "details", "hint", "message"], sourceLocation: sourceLocation)
    #expect(body["code"] == .string(code), "body: \(response.text)", sourceLocation: sourceLocation)
    if let message {
        #expect(body["message"] == .string(message), sourceLocation: sourceLocation)
    }
    return body
}

/// Expects a GoTrue-shaped error: `status`, and a JSON body whose `code` is the status, with `error_code` and
/// (when given) `msg`. Returns the body for further checks.
@discardableResult
func expectAuthError(
    _ response: TestResponse,
    _ status: HTTPResponse.Status,
    errorCode: String,
    message: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> JSONValue {
    let body = try expectJSONBody(response, status, sourceLocation: sourceLocation)
    #expect(body["code"] == .number(Double(status.code)), sourceLocation: sourceLocation)
    #expect(body["error_code"] == .string(errorCode), "body: \(response.text)", sourceLocation: sourceLocation)
    if let message {
        #expect(body["msg"] == .string(message), sourceLocation: sourceLocation)
    }
    return body
}

/// Expects `status` and a JSON body, and returns the body.
private func expectJSONBody(_ response: TestResponse, _ status: HTTPResponse.Status, sourceLocation: SourceLocation) throws -> JSONValue {
    #expect(response.status == status, "body: \(response.text)", sourceLocation: sourceLocation)
    #expect(response.headers[.contentType] == "application/json; charset=utf-8", sourceLocation: sourceLocation)
    return try response.json()
}
