import Foundation

/// Maps the providers' documented error answers to `MailProviderError`.
extension MailProviderError {
    /// A Google API error (`{"error":{"code":..,"message":..,"errors":[{"reason":..}],"status":..}}`).
    /// `checkpoint`: the call is `history.list`, whose 404 means the start history id expired (Google: "Supplying an
    /// invalid or out of date startHistoryId typically returns an HTTP 404").
    public static func gmail(status: Int, body: Data, retryAfterHeader: String?, operation: String, checkpoint: Bool = false,
                             secrets: [String] = [], now: Date = Date()) -> MailProviderError {
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        let error = object?["error"] as? [String: Any]
        let first = (error?["errors"] as? [[String: Any]])?.first
        let reason = first?["reason"] as? String ?? error?["status"] as? String
        let message = error?["message"] as? String ?? first?["message"] as? String ?? Self.snippet(body)
        var kind = Self.kind(status: status)
        if status == 403, let reason, ["rateLimitExceeded", "userRateLimitExceeded", "dailyLimitExceeded", "quotaExceeded"].contains(reason) {
            kind = .rateLimited
        }
        if checkpoint && status == 404 { kind = .gone }
        var retryAfter = retryAfterHeader.flatMap { parseRetryAfter($0, now: now) }
        if retryAfter == nil && kind == .rateLimited { retryAfter = retryAfterInGoogleMessage(message, now: now) }
        return MailProviderError(kind: kind, provider: .gmail, operation: operation, status: status, code: reason,
                                 message: sanitize(message, secrets: secrets), retryAfter: retryAfter)
    }

    /// A Microsoft Graph error (`{"error":{"code":..,"message":..,"innerError":{..}}}`). HTTP 410 and the codes
    /// `syncStateNotFound`, `syncStateInvalid` and `resyncRequired` (any status) mean the delta token expired.
    public static func graph(status: Int, body: Data, retryAfterHeader: String?, operation: String, secrets: [String] = [],
                             now: Date = Date()) -> MailProviderError {
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        let error = object?["error"] as? [String: Any]
        let code = error?["code"] as? String
        let message = error?["message"] as? String ?? Self.snippet(body)
        var kind = Self.kind(status: status)
        if status == 410 || ["syncstatenotfound", "syncstateinvalid", "resyncrequired"].contains(code?.lowercased() ?? "") {
            kind = .gone
        }
        return MailProviderError(kind: kind, provider: .graph, operation: operation, status: status, code: code,
                                 message: sanitize(message, secrets: secrets),
                                 retryAfter: retryAfterHeader.flatMap { parseRetryAfter($0, now: now) })
    }

    /// An OAuth 2.0 token or revocation endpoint error (RFC 6749 §5.2: `{"error":"invalid_grant",
    /// "error_description":..}`; Microsoft adds `error_codes` such as AADSTS70008). `invalid_grant` and the
    /// "the user must act" errors (`interaction_required`, `consent_required`, `login_required`) are `invalidGrant`.
    public static func oauth(provider: Provider, status: Int, body: Data, retryAfterHeader: String?, operation: String,
                             secrets: [String] = [], now: Date = Date()) -> MailProviderError {
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        let code = object?["error"] as? String
        let message = object?["error_description"] as? String ?? (code == nil ? Self.snippet(body) : "")
        var kind = Self.kind(status: status)
        switch code {
        case "invalid_grant", "interaction_required", "consent_required", "login_required": kind = .invalidGrant
        case "temporarily_unavailable", "server_error": kind = .server
        case "slow_down": kind = .rateLimited
        default: if kind == .unauthorized { kind = .badRequest }  // 401 here is invalid_client: a configuration error
        }
        return MailProviderError(kind: kind, provider: provider, operation: operation, status: status, code: code,
                                 message: sanitize(message, secrets: secrets),
                                 retryAfter: retryAfterHeader.flatMap { parseRetryAfter($0, now: now) })
    }

    /// The kind an HTTP status alone implies.
    static func kind(status: Int) -> Kind {
        switch status {
        case 401: .unauthorized
        case 403: .forbidden
        case 404: .notFound
        case 409: .conflict
        case 410: .gone
        case 429: .rateLimited
        case 500...: .server
        default: .badRequest
        }
    }

    /// The first bytes of a body that is not the provider's JSON error (an HTML page from a proxy, say).
    private static func snippet(_ body: Data) -> String {
        String(decoding: body.prefix(200), as: UTF8.self)
    }
}
