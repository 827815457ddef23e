import FloWorxStore
import Hummingbird
import HTTPTypes

/// Works out who a request is from its `Authorization: Bearer` token or, failing that, its `apikey` header,
/// as Supabase's gateway does: the anon key gives role `anon`, the service key `service_role`, a user's access
/// token `authenticated`.
public struct RequestAuthenticator: Sendable {
    let tokens: TokenService

    public init(tokens: TokenService) {
        self.tokens = tokens
    }

    static let apiKeyHeader = HTTPField.Name("apikey")!

    /// The verified caller.
    public func authenticate(_ request: Request) async throws(AuthError) -> TokenService.Verified {
        if let authorization = request.headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw AuthError(status: .unauthorized, code: "PGRST301", message: "Authorization header must be: Bearer <token>", errorCode: "bad_jwt")
            }
            return try await tokens.verify(String(parts[1]).trimmingSpaces())
        }
        guard let apiKey = request.headers[Self.apiKeyHeader] else { throw .noAPIKey }
        let verified: TokenService.Verified
        do {
            verified = try await tokens.verify(apiKey)
        } catch {
            throw .invalidAPIKey
        }
        return verified
    }

    /// The caller, who must be a signed-in user.
    public func authenticateUser(_ request: Request) async throws(AuthError) -> TokenService.Verified {
        let verified = try await authenticate(request)
        guard verified.identity.role == .authenticated, verified.identity.userId != nil else { throw .noUser }
        return verified
    }
}
