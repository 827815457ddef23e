import Foundation

/// An error of the Microsoft identity platform token endpoint: `{"error", "error_description": "AADSTS<code>: ...",
/// "error_codes": [code], "timestamp", "trace_id", "correlation_id", "error_uri"}` (plus `suberror` for consent).
struct MicrosoftOAuthError: Error, Sendable {
    var status: Int
    var error: String
    var code: Int
    var message: String
    var suberror: String?

    /// `AADSTS<code>: <message>`.
    var description: String { "AADSTS\(code): \(message)" }

    func body() -> Data {
        let trace = UUID().uuidString.lowercased()
        let correlation = UUID().uuidString.lowercased()
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss'Z'"
        let timestamp = formatter.string(from: Date())
        var object: [String: Any] = [
            "error": error,
            "error_description": "\(description)\r\nTrace ID: \(trace)\r\nCorrelation ID: \(correlation)\r\nTimestamp: \(timestamp)",
            "error_codes": [code],
            "timestamp": timestamp,
            "trace_id": trace,
            "correlation_id": correlation,
            "error_uri": "https://login.microsoftonline.com/error?code=\(code)",
        ]
        if let suberror { object["suberror"] = suberror }
        return (try? JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes])) ?? Data()
    }

    static func missing(_ parameter: String) -> MicrosoftOAuthError {
        .init(status: 400, error: "invalid_request", code: 900144,
              message: "The request body must contain the following parameter: '\(parameter)'.")
    }

    static let malformedGrant = MicrosoftOAuthError(
        status: 400, error: "invalid_grant", code: 9002313, message: "Invalid request. Request is malformed or invalid.")
    static let codeRedeemed = MicrosoftOAuthError(
        status: 400, error: "invalid_grant", code: 54005,
        message: "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.")
    static let expiredGrant = MicrosoftOAuthError(
        status: 400, error: "invalid_grant", code: 70008,
        message: "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.")
    static let pkceMismatch = MicrosoftOAuthError(
        status: 400, error: "invalid_grant", code: 501481,
        message: "The Code_Verifier does not match the code_challenge supplied in the authorization request.")
    static let sessionsRevoked = MicrosoftOAuthError(
        status: 400, error: "invalid_grant", code: 50173,
        message: "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.")
    static let rotatedRefreshToken = MicrosoftOAuthError(
        status: 400, error: "invalid_grant", code: 70000,
        message: "The provided value for the 'refresh_token' is not valid. It was replaced by the refresh token issued with it.")

    static func consentRevoked(clientId: String) -> MicrosoftOAuthError {
        .init(status: 400, error: "invalid_grant", code: 65001,
              message: "The user or administrator has not consented to use the application with ID '\(clientId)'. Send an interactive authorization request for this user and resource.",
              suberror: "consent_required")
    }

    static func unknownClient(_ clientId: String) -> MicrosoftOAuthError {
        .init(status: 400, error: "unauthorized_client", code: 700016,
              message: "Application with identifier '\(clientId)' was not found in the directory. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.")
    }

    static func badSecret(_ clientId: String) -> MicrosoftOAuthError {
        .init(status: 401, error: "invalid_client", code: 7000215,
              message: "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '\(clientId)'.")
    }

    static let missingSecret = MicrosoftOAuthError(
        status: 401, error: "invalid_client", code: 7000218,
        message: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.")

    static func unsupportedGrant(_ grant: String) -> MicrosoftOAuthError {
        .init(status: 400, error: "unsupported_grant_type", code: 70003, message: "The app requested an unsupported grant type '\(grant)'.")
    }

    static func redirectMismatch(_ given: String, _ expected: String) -> MicrosoftOAuthError {
        .init(status: 400, error: "invalid_grant", code: 500112,
              message: "The reply address '\(given)' does not match the reply address '\(expected)' provided when requesting Authorization code.")
    }
}
