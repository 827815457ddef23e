import AsyncHTTPClient
import FloWorxLocalProviders
import Foundation
import Testing

@testable import FloWorxIntegrations

/// OAuthClient against the local Google and Microsoft authorization servers over real HTTP: the consent redirect,
/// the code exchange with PKCE, refresh (Microsoft rotates), revocation and invalid_grant.
@Suite("OAuthClient against the local Google and Microsoft OAuth servers", .serialized)
struct OAuthClientLocalTests {
    static let redirectURI = "http://127.0.0.1:9/callback"

    @Test("Google: consent, exchange with the verifier, refresh keeps the refresh token, revoke, then invalid_grant")
    func google() async throws {
        let server = try LocalGmailServer()
        let root = try await server.start()
        do {
            _ = await server.addMailbox(email: "owner@shop.example")
            let configuration = LocalGoogleOAuth.Configuration()
            let provider = OAuthProvider.google(clientId: configuration.clientID, clientSecret: configuration.clientSecret, redirectURI: Self.redirectURI,
                                                authorizationURL: root + "/o/oauth2/v2/auth", tokenURL: root + "/token", revocationURL: root + "/revoke")
            let oauth = OAuthClient(provider: provider)
            let pkce = PKCE()
            let url = oauth.authorizationURL(state: "state-1", challenge: pkce.challenge, loginHint: "owner@shop.example")
            let callback = try await ClientTestSupport.withNoRedirectClient { try await ClientTestSupport.followConsent(url, client: $0) }
            #expect(callback["state"] == "state-1")
            let code = try #require(callback["code"])

            let wrong = await ClientTestSupport.failure { try await oauth.exchange(code: code, verifier: PKCE().verifier) }
            #expect(wrong?.kind == .invalidGrant)
            #expect(!"\(wrong!)".contains(code))

            // The failed attempt consumed the code (codes are single-use): consent again.
            let again = try await ClientTestSupport.withNoRedirectClient {
                try await ClientTestSupport.followConsent(oauth.authorizationURL(state: "state-2", challenge: pkce.challenge), client: $0)
            }
            let tokens = try await oauth.exchange(code: try #require(again["code"]), verifier: pkce.verifier)
            let refreshToken = try #require(tokens.refreshToken)
            #expect(tokens.scope == OAuthProvider.gmailModifyScope)
            #expect(tokens.expires(within: .seconds(3600)) && !tokens.expires(within: .seconds(60)))
            let gmail = GmailClient(configuration: .init(baseURL: root))
            #expect(try await gmail.profile(accessToken: tokens.accessToken).emailAddress == "owner@shop.example")

            let refreshed = try await oauth.refresh(refreshToken: refreshToken)
            #expect(refreshed.accessToken != tokens.accessToken)
            #expect(refreshed.refreshToken == refreshToken)

            #expect(try await oauth.revoke(token: refreshToken))
            let revoked = await ClientTestSupport.failure { try await oauth.refresh(refreshToken: refreshToken) }
            #expect(revoked?.kind == .invalidGrant && revoked?.code == "invalid_grant")
            #expect(!"\(revoked!)".contains(refreshToken))
            // Revoking a token the provider already forgot is not an error.
            #expect(try await oauth.revoke(token: refreshToken))
            await server.stop()
        } catch {
            await server.stop()
            throw error
        }
    }

    @Test("Google: withdrawn consent makes the next refresh invalid_grant; a wrong client secret is a non-retryable configuration error")
    func googleWithdrawn() async throws {
        let server = try LocalGmailServer()
        let root = try await server.start()
        do {
            let access = await server.addMailbox(email: "owner@shop.example")
            let configuration = LocalGoogleOAuth.Configuration()
            let provider = OAuthProvider.google(clientId: configuration.clientID, clientSecret: configuration.clientSecret, redirectURI: Self.redirectURI,
                                                authorizationURL: root + "/o/oauth2/v2/auth", tokenURL: root + "/token", revocationURL: root + "/revoke")
            _ = try await OAuthClient(provider: provider).refresh(refreshToken: access.refreshToken)
            var wrongSecret = provider
            wrongSecret.clientSecret = "not-the-secret"
            let misconfigured = await ClientTestSupport.failure { try await OAuthClient(provider: wrongSecret).refresh(refreshToken: access.refreshToken) }
            #expect(misconfigured?.code == "invalid_client" && misconfigured?.isRetryable == false)
            #expect(!"\(misconfigured!)".contains("not-the-secret"))

            await server.oauth.revokeConsent(email: "owner@shop.example")
            let error = await ClientTestSupport.failure { try await OAuthClient(provider: provider).refresh(refreshToken: access.refreshToken) }
            #expect(error?.kind == .invalidGrant)
            await server.stop()
        } catch {
            await server.stop()
            throw error
        }
    }

    @Test("Microsoft: consent, exchange, every refresh rotates the refresh token, the replaced one is invalid_grant")
    func microsoft() async throws {
        let graph = LocalGraphServer()
        let graphRoot = try await graph.start()
        let identity = LocalMicrosoftOAuth(graph: graph)
        do {
            let origin = try await identity.start()
            _ = await graph.addMailbox(email: "owner@contoso.example")
            await identity.register(MicrosoftOAuthApp(clientId: "app-1", clientSecret: "app-secret", redirectURIs: [Self.redirectURI]))
            await identity.signInNext(as: "owner@contoso.example")
            let provider = OAuthProvider.microsoft(tenant: "common", clientId: "app-1", clientSecret: "app-secret", redirectURI: Self.redirectURI,
                                                   authority: origin)
            let oauth = OAuthClient(provider: provider)
            let pkce = PKCE()
            let callback = try await ClientTestSupport.withNoRedirectClient {
                try await ClientTestSupport.followConsent(oauth.authorizationURL(state: "s", challenge: pkce.challenge), client: $0)
            }
            #expect(callback["state"] == "s")
            let tokens = try await oauth.exchange(code: try #require(callback["code"]), verifier: pkce.verifier)
            let first = try #require(tokens.refreshToken)
            let user = try await GraphClient(configuration: .init(baseURL: graphRoot)).me(accessToken: tokens.accessToken)
            #expect(user.address == "owner@contoso.example")

            let refreshed = try await oauth.refresh(refreshToken: first)
            let second = try #require(refreshed.refreshToken)
            #expect(second != first)
            let replaced = await ClientTestSupport.failure { try await oauth.refresh(refreshToken: first) }
            #expect(replaced?.kind == .invalidGrant)
            #expect(!"\(replaced!)".contains(first))

            #expect(try await oauth.revoke(token: second) == false)
            await identity.revokeConsent(email: "owner@contoso.example")
            let withdrawn = await ClientTestSupport.failure { try await oauth.refresh(refreshToken: second) }
            #expect(withdrawn?.kind == .invalidGrant)
            await identity.stop()
            await graph.stop()
        } catch {
            await identity.stop()
            await graph.stop()
            throw error
        }
    }
}
