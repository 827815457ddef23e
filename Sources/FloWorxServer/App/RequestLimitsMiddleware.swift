import Hummingbird
import HTTPTypes

/// Refuses a request whose target or declared body is over the limits, before a handler reads it:
/// 414 and 413 with the error shape of the API the path belongs to.
struct RequestLimitsMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let limits: HTTPLimits

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.string.utf8.count > limits.maximumURLLength {
            return Self.refusal(request, .uriTooLong, "PGRST414", "request_uri_too_long",
                                "URI too long: at most \(limits.maximumURLLength) bytes of path and query")
        }
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limits.maximumBodySize {
            return Self.refusal(request, .contentTooLarge, "PGRST413", "request_too_large",
                                "Payload too large: at most \(limits.maximumBodySize) bytes")
        }
        return try await next(request, context)
    }

    /// GoTrue's shape under `/auth/v1`, PostgREST's elsewhere.
    static func refusal(_ request: Request, _ status: HTTPResponse.Status, _ code: String, _ errorCode: String, _ message: String) -> Response {
        if request.uri.path.hasPrefix("/auth/") {
            return GoTrueJSON.error(status, errorCode, message)
        }
        return PostgRESTError(status: status, code: code, message: message).response()
    }
}
