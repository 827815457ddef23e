import Foundation

/// Why a Stripe call failed, and whether the same request can succeed later. Built from Stripe's error object
/// (`{"error": {"type", "code", "message", "param", "decline_code"}}`) and status; never holds the key.
public struct StripeError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// 400 or 404 `invalid_request_error`: a parameter or an id Stripe refuses. The same request fails again.
        case invalidRequest
        /// 404 `resource_missing`: the customer, session, subscription or invoice does not exist (in this mode).
        case notFound
        /// 401: the secret key was refused.
        case authentication
        /// 403: the key may not do this (a restricted key without the permission).
        case permission
        /// 402 `card_error`: the card was declined.
        case card
        /// `idempotency_error`: the Idempotency-Key was used with other parameters, or is still being processed.
        case idempotency
        /// 429 `rate_limit_error` or a 409 lock timeout: retry after a back-off.
        case rateLimited
        /// 5xx `api_error`: Stripe failed; retry later (with the same Idempotency-Key).
        case unavailable
        /// No complete answer: connection refused or reset, TLS failure, timeout. The request may have been applied:
        /// retry with the same Idempotency-Key.
        case transport
        /// A 2xx whose body is not the expected object.
        case invalidResponse
    }

    public var kind: Kind
    /// The HTTP status, when Stripe answered.
    public var status: Int?
    /// Stripe's `error.type` (`invalid_request_error`, `api_error`, `card_error`, `idempotency_error`...).
    public var type: String?
    /// Stripe's `error.code` (`resource_missing`, `parameter_missing`, `lock_timeout`...).
    public var code: String?
    /// Stripe's `error.message`, or what went wrong on the way (secrets scrubbed).
    public var message: String
    /// Stripe's `error.param`: the parameter at fault.
    public var param: String?
    /// Stripe's `Stripe-Should-Retry` header, when it sent one: it overrides the status-based guess.
    public var shouldRetry: Bool?
    /// The `Request-Id` header, for Stripe support.
    public var requestId: String?

    public init(kind: Kind, status: Int? = nil, type: String? = nil, code: String? = nil, message: String, param: String? = nil,
                shouldRetry: Bool? = nil, requestId: String? = nil) {
        self.kind = kind
        self.status = status
        self.type = type
        self.code = code
        self.message = message
        self.param = param
        self.shouldRetry = shouldRetry
        self.requestId = requestId
    }

    /// Whether the same request (same Idempotency-Key) can succeed later.
    public var isRetryable: Bool {
        if let shouldRetry { return shouldRetry }
        switch kind {
        case .rateLimited, .unavailable, .transport: return true
        // 400: the key was used with other parameters (never succeeds); 409: a request with the key is in flight.
        case .idempotency: return status == 409 || code == "idempotency_key_in_use"
        case .invalidRequest, .notFound, .authentication, .permission, .card, .invalidResponse: return false
        }
    }

    /// The error for a non-2xx answer, from Stripe's error object when the body has one.
    public static func classify(status: Int, body: Data, shouldRetry: String?, requestId: String?, secrets: [String]) -> StripeError {
        let parsed = (try? JSONDecoder().decode(StripeErrorBody.self, from: body))?.error
        let type = parsed?.type, code = parsed?.code
        let kind: Kind
        if type == "idempotency_error" {
            kind = .idempotency
        } else if status == 429 || code == "lock_timeout" || code == "rate_limit" {
            kind = .rateLimited
        } else if status >= 500 {
            kind = .unavailable
        } else if status == 401 {
            kind = .authentication
        } else if status == 403 {
            kind = .permission
        } else if status == 402 || type == "card_error" {
            kind = .card
        } else if status == 404 || code == "resource_missing" {
            kind = .notFound
        } else {
            kind = .invalidRequest
        }
        let message = parsed?.message ?? "HTTP \(status) without a Stripe error body"
        return StripeError(kind: kind, status: status, type: type, code: code,
                           message: MailProviderError.sanitize(message, secrets: secrets), param: parsed?.param,
                           shouldRetry: shouldRetry.map { $0.lowercased() == "true" }, requestId: requestId)
    }

    public var description: String {
        var text = "stripe \(kind.rawValue)"
        if let status { text += " (HTTP \(status)" + (code.map { ", \($0)" } ?? "") + ")" }
        return text + ": " + message
    }
}

/// Stripe's error envelope.
struct StripeErrorBody: Decodable {
    struct Detail: Decodable {
        var type: String?
        var code: String?
        var message: String?
        var param: String?
    }

    var error: Detail
}
