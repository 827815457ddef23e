import Foundation
import Hummingbird
import HTTPTypes

/// An authentication failure, answered in the dialect of the API it happened in: GoTrue's
/// (`{"code", "error_code", "msg"}`) under `/auth/v1`, PostgREST's (`{"code", "message", "details", "hint"}`) elsewhere.
public struct AuthError: Error, Sendable {
    public var status: HTTPResponse.Status
    /// PostgREST code (e.g. PGRST301).
    public var code: String
    public var message: String
    /// GoTrue's `error_code` (e.g. invalid_credentials).
    public var errorCode: String
    /// Seconds to wait, for throttling.
    public var retryAfter: Int?

    public init(status: HTTPResponse.Status, code: String, message: String, errorCode: String, retryAfter: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.errorCode = errorCode
        self.retryAfter = retryAfter
    }

    static let jwtInvalid = AuthError(status: .unauthorized, code: "PGRST301", message: "invalid JWT: the signature or format is wrong", errorCode: "bad_jwt")
    static let jwtExpired = AuthError(status: .unauthorized, code: "PGRST303", message: "JWT expired", errorCode: "bad_jwt")
    static let jwtNotYetValid = AuthError(status: .unauthorized, code: "PGRST303", message: "JWT not yet valid", errorCode: "bad_jwt")
    static let jwtIssuedInFuture = AuthError(status: .unauthorized, code: "PGRST303", message: "JWT issued at future", errorCode: "bad_jwt")
    static let noAPIKey = AuthError(status: .unauthorized, code: "PGRST302", message: "No API key found in request", errorCode: "no_authorization")
    static let invalidAPIKey = AuthError(status: .unauthorized, code: "PGRST301", message: "Invalid API key", errorCode: "bad_jwt")
    static let noUser = AuthError(status: .unauthorized, code: "PGRST302", message: "This endpoint requires a signed-in user (Authorization: Bearer <access token>)", errorCode: "no_authorization")
}
