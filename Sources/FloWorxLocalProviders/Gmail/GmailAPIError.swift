import Foundation

/// A Gmail API error answer in Google's JSON error format:
/// `{"error":{"code":..,"message":..,"errors":[{"message":..,"domain":..,"reason":..}],"status":..}}`.
struct GmailAPIError: Error, Sendable {
    var code: Int
    var message: String
    var reason: String
    var domain: String = "global"
    var status: String
    var retryAfterSeconds: Int?
    /// Extra fields of the `errors[0]` entry (e.g. `location` for auth errors).
    var extra: [String: String] = [:]

    /// 400 `invalidArgument` (Google's wording for a bad parameter).
    static func invalidArgument(_ message: String) -> GmailAPIError {
        GmailAPIError(code: 400, message: message, reason: "invalidArgument", status: "INVALID_ARGUMENT")
    }

    /// 400 `badRequest` (a malformed body).
    static func badRequest(_ message: String) -> GmailAPIError {
        GmailAPIError(code: 400, message: message, reason: "badRequest", status: "INVALID_ARGUMENT")
    }

    /// 404 `notFound`, the answer for an unknown message, draft, label, or a `startHistoryId` out of the window.
    static let notFound = GmailAPIError(
        code: 404, message: "Requested entity was not found.", reason: "notFound", status: "NOT_FOUND")

    /// 409 on `labels.create` with a name already in use.
    static let labelExists = GmailAPIError(
        code: 409, message: "Label name exists or conflicts", reason: "aborted", status: "ABORTED")

    /// 401 for a missing, expired or revoked access token.
    static let unauthenticated = GmailAPIError(
        code: 401,
        message: "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
        reason: "authError", status: "UNAUTHENTICATED",
        extra: ["location": "Authorization", "locationType": "header"])

    /// 403 when the token lacks the scope the method needs.
    static let insufficientScope = GmailAPIError(
        code: 403, message: "Request had insufficient authentication scopes.", reason: "insufficientPermissions",
        status: "PERMISSION_DENIED")

    /// 403 when `userId` names another mailbox than the token's.
    static func delegationDenied(_ user: String) -> GmailAPIError {
        GmailAPIError(code: 403, message: "Delegation denied for \(user)", reason: "forbidden", status: "PERMISSION_DENIED")
    }

    /// 429 when the per-user quota units are used up. Gmail words it "User-rate limit exceeded.  Retry after
    /// <RFC 3339 time>" with reason `rateLimitExceeded` (the quota page names the per-user case
    /// `userRateLimitExceeded`; clients should treat both as rate limiting); the wait is also in `Retry-After`.
    static func userRateLimited(retryAfter: Int) -> GmailAPIError {
        GmailAPIError(
            code: 429, message: "User-rate limit exceeded.  Retry after \(Self.retryTimestamp(retryAfter))",
            reason: "rateLimitExceeded", domain: "usageLimits", status: "RESOURCE_EXHAUSTED",
            retryAfterSeconds: retryAfter)
    }

    /// The error an injected fault of `status` answers with, as Google words it for that status.
    static func injected(status: Int, retryAfter: Int?) -> GmailAPIError {
        var error: GmailAPIError
        switch status {
        case 400: error = .badRequest("Bad Request")
        case 401: error = .unauthenticated
        case 403: error = GmailAPIError(code: 403, message: "The caller does not have permission", reason: "forbidden", status: "PERMISSION_DENIED")
        case 404: error = .notFound
        case 409: error = GmailAPIError(code: 409, message: "Aborted", reason: "aborted", status: "ABORTED")
        case 429:
            error = GmailAPIError(
                code: 429, message: "Resource has been exhausted (e.g. check quota).", reason: "rateLimitExceeded",
                domain: "global", status: "RESOURCE_EXHAUSTED")
        case 500: error = GmailAPIError(code: 500, message: "Backend Error", reason: "backendError", status: "INTERNAL")
        case 502: error = GmailAPIError(code: 502, message: "Bad Gateway", reason: "backendError", status: "UNAVAILABLE")
        case 503: error = GmailAPIError(code: 503, message: "The service is currently unavailable.", reason: "backendError", status: "UNAVAILABLE")
        default: error = GmailAPIError(code: status, message: "Error \(status)", reason: "unknown", status: "UNKNOWN")
        }
        error.code = status
        error.retryAfterSeconds = retryAfter
        return error
    }

    /// The HTTP answer.
    var response: LocalHTTPResponse {
        var entry: [String: Any] = ["message": message, "domain": domain, "reason": reason]
        for (key, value) in extra { entry[key] = value }
        let body: [String: Any] = ["error": ["code": code, "message": message, "errors": [entry], "status": status]]
        var headers: [(String, String)] = [("Vary", "Origin, X-Origin, Referer")]
        if let retryAfterSeconds { headers.append(("Retry-After", String(retryAfterSeconds))) }
        if code == 401 {
            headers.append(("WWW-Authenticate", #"Bearer realm="https://accounts.google.com/", error="invalid_token""#))
        }
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
        return .json(code, data, headers: headers)
    }

    static func retryTimestamp(_ seconds: Int) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date().addingTimeInterval(TimeInterval(seconds)))
    }
}
