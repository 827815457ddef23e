import FloWorxStore
import Foundation
import Hummingbird
import HTTPTypes
import NIOCore
import PostgresNIO

/// An error of FloWorx's own `/api/v1` endpoints, in the same shape as the data API's:
/// `{"code", "message", "details", "hint"}`.
package struct APIError: Error {
    package var status: HTTPResponse.Status
    package var code: String
    package var message: String
    var details: String?

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String, details: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
    }

    var response: Response {
        PostgRESTError(status: status, code: code, message: message, details: details).response()
    }

    /// Runs a handler, answering every failure with a JSON error.
    static func handle(_ request: Request, _ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch let error as APIError {
            return error.response
        } catch let error as AuthError {
            return PostgRESTError(error).response()
        } catch let error as PostgRESTError {
            return error.response()
        } catch where DatabaseOutage.matches(error) {
            return APIError(.serviceUnavailable, "database_unavailable", DatabaseOutage.message).response
        } catch let error as PSQLError {
            // Only authenticated and service callers reach SQL on these endpoints.
            return PostgRESTError(postgres: error, signedIn: true).response()
        } catch {
            return APIError(.internalServerError, "internal_error", "the request could not be completed").response
        }
    }

    /// A JSON response.
    static func json(_ object: Any, status: HTTPResponse.Status) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
