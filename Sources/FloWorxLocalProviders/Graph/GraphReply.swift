import Foundation

/// One answer of the local Graph server before it becomes a Hummingbird response: status, headers and body.
/// Kept free of Hummingbird types so the state actor can build it.
struct GraphReply: Sendable {
    var status: Int
    var headers: [(String, String)] = []
    var contentType: String? = "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8"
    var body: Data = Data()

    /// A JSON object answer.
    static func json(_ status: Int, _ object: [String: Any], headers: [(String, String)] = []) -> GraphReply {
        GraphReply(status: status, headers: headers, body: GraphJSON.encode(object))
    }

    /// 204 No Content.
    static let noContent = GraphReply(status: 204, contentType: nil)

    /// Graph's error body: `{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`.
    static func error(_ status: Int, _ code: String, _ message: String, retryAfter: Int? = nil) -> GraphReply {
        let requestID = UUID().uuidString.lowercased()
        let object: [String: Any] = [
            "error": [
                "code": code, "message": message,
                "innerError": ["date": GraphJSON.seconds(Date()), "request-id": requestID, "client-request-id": requestID],
            ] as [String: Any]
        ]
        var headers: [(String, String)] = []
        if let retryAfter { headers.append(("Retry-After", String(retryAfter))) }
        return GraphReply(status: status, headers: headers, contentType: "application/json", body: GraphJSON.encode(object))
    }

    /// The error Graph answers for a status chosen by fault injection.
    static func fault(status: Int, retryAfter: Int?) -> GraphReply {
        switch status {
        case 401: return .error(401, "InvalidAuthenticationToken", "Access token has expired or is not yet valid.")
        case 403: return .error(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.")
        case 404: return .error(404, "ErrorItemNotFound", "The specified object was not found in the store.")
        case 409: return .error(409, "ErrorIrresolvableConflict", "The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.")
        case 410: return .error(410, "SyncStateNotFound", "The sync state generation is not found.")
        case 429: return .error(429, "TooManyRequests", "Too many requests. Retry after the indicated time.", retryAfter: retryAfter ?? 1)
        case 500: return .error(500, "InternalServerError", "An internal server error occurred. The operation failed.", retryAfter: retryAfter)
        case 502: return .error(502, "BadGateway", "The server encountered a temporary error.", retryAfter: retryAfter)
        case 503: return .error(503, "ServiceNotAvailable", "The service is temporarily unavailable. Retry after the indicated time.", retryAfter: retryAfter)
        case 504: return .error(504, "GatewayTimeout", "The server did not receive a timely response from an upstream server.", retryAfter: retryAfter)
        default: return .error(status, "UnknownError", "An error occurred.", retryAfter: retryAfter)
        }
    }

    static func itemNotFound() -> GraphReply {
        .error(404, "ErrorItemNotFound", "The specified object was not found in the store.")
    }

    static func badRequest(_ message: String, code: String = "BadRequest") -> GraphReply {
        .error(400, code, message)
    }
}
