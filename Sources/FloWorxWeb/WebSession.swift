import FloWorxServer
import FloWorxStore
import Foundation
import Hummingbird

/// A signed-in owner, from the session cookies.
struct WebSession: Sendable {
    /// Who the tenant database runs as (role `authenticated`, the owner's claims).
    var identity: RequestIdentity
    var userId: UUID
    var email: String?
    var accessToken: String
    /// Cookies to set on the response: the rotated tokens when the access token had expired and was refreshed.
    var cookies: [Cookie] = []
}

/// Works out the signed-in owner of a request: its access token verified as the API verifies bearer tokens, its
/// session still active (signing out anywhere ends it here too); an expired access token is refreshed with the
/// refresh token through the auth API, which rotates it.
struct WebSessions: Sendable {
    let tokens: TokenService
    let users: AuthRepository
    let api: InternalAPI
    let cookies: WebCookies

    func session(_ request: Request, _ context: AppRequestContext) async -> WebSession? {
        if let access = request.cookies[WebCookies.access]?.value, !access.isEmpty, let session = await verified(access) {
            return session
        }
        guard let refresh = request.cookies[WebCookies.refresh]?.value, !refresh.isEmpty,
              let answer = try? await api.call(.post, "/auth/v1/token?grant_type=refresh_token", json: ["refresh_token": refresh], original: request, context: context),
              answer.ok, let access = answer.object["access_token"] as? String, let next = answer.object["refresh_token"] as? String,
              var session = await verified(access)
        else { return nil }
        session.cookies = cookies.session(accessToken: access, refreshToken: next)
        return session
    }

    private func verified(_ token: String) async -> WebSession? {
        guard let verified = try? await tokens.verify(token), verified.identity.role == .authenticated, let userId = verified.identity.userId else { return nil }
        if let sessionId = verified.sessionId, (try? await users.sessionIsActive(sessionId)) != true { return nil }
        return WebSession(identity: verified.identity, userId: userId, email: verified.email, accessToken: token)
    }
}
