import FloWorxCore
import Foundation

/// Where and how to call Stripe's API (README, "Billing (Stripe)"). The secret key comes from the environment only
/// (`STRIPE_SECRET_KEY`): it is never a flag, never logged, never put in an error.
public struct StripeConfiguration: Sendable {
    /// The secret (`sk_...`) or restricted (`rk_...`) key sent as the Bearer token.
    public var secretKey: String
    /// `https://api.stripe.com`; requests go to `{baseURL}/v1/...`. The local Stripe server in tests and the demo.
    public var baseURL: String
    /// The `Stripe-Version` header: the response shapes the decoded types expect.
    public var apiVersion: String
    /// Timeout of one request, response body included.
    public var timeout: Duration

    /// The API version FloWorx is written against (subscription periods on the items, invoice subscription under
    /// `parent`; the decoded types also read the older top-level fields).
    public static let defaultAPIVersion = "2025-03-31.basil"
    /// Stripe's production API.
    public static let defaultBaseURL = "https://api.stripe.com"

    public init(secretKey: String, baseURL: String = StripeConfiguration.defaultBaseURL,
                apiVersion: String = StripeConfiguration.defaultAPIVersion, timeout: Duration = .seconds(20)) {
        self.secretKey = secretKey
        self.baseURL = baseURL
        self.apiVersion = apiVersion
        self.timeout = timeout
    }

    /// Reads `STRIPE_SECRET_KEY`, `STRIPE_API_BASE` and `STRIPE_TIMEOUT_SECONDS` from `environment`. `nil` when no
    /// secret key is set (billing is off); a malformed value is an error naming the variable.
    public static func fromEnvironment(_ environment: [String: String]) throws(SettingError) -> StripeConfiguration? {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        guard let key = value("STRIPE_SECRET_KEY") else {
            if value("STRIPE_API_BASE") != nil {
                throw SettingError(name: "STRIPE_SECRET_KEY", message: "is required when STRIPE_API_BASE is set")
            }
            return nil
        }
        guard key.hasPrefix("sk_") || key.hasPrefix("rk_") else {
            throw SettingError(name: "STRIPE_SECRET_KEY", message: "must be a Stripe secret key (sk_...) or restricted key (rk_...)")
        }
        var configuration = StripeConfiguration(secretKey: key)
        if let base = value("STRIPE_API_BASE") {
            guard base.hasPrefix("https://") || base.hasPrefix("http://") else {
                throw SettingError(name: "STRIPE_API_BASE", message: "must start with https:// or http://, got \"\(base)\"")
            }
            configuration.baseURL = MailHTTP.trimmed(base)
        }
        if let seconds = value("STRIPE_TIMEOUT_SECONDS") {
            configuration.timeout = try Setting.seconds(seconds, name: "STRIPE_TIMEOUT_SECONDS", range: 1...120)
        }
        return configuration
    }
}

extension StripeConfiguration: CustomStringConvertible {
    /// The base URL and version only: printing a configuration never prints the key.
    public var description: String { "StripeConfiguration(baseURL: \(baseURL), apiVersion: \(apiVersion))" }
}
