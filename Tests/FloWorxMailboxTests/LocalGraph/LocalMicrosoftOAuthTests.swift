import AsyncHTTPClient
import Crypto
import Foundation
import NIOHTTP1
import FloWorxLocalProviders
import Testing

/// The local Microsoft identity platform over real HTTP: authorize (302 with code and state), code redemption with
/// PKCE S256, refresh rotation, invalid_grant with AADSTS codes.
@Suite("Local Microsoft OAuth")
struct LocalMicrosoftOAuthTests {
    static let app = MicrosoftOAuthApp(clientId: "8f1c2b7a-0000-4000-8000-000000000001", clientSecret: "local-secret",
                                       redirectURIs: ["http://127.0.0.1:8080/api/v1/integrations/outlook/callback"])
    static let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-plus-some-more-entropy"
    static var challenge: String {
        Data(SHA256.hash(data: Data(verifier.utf8))).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    struct Servers {
        var graph: LocalGraphServer
        var oauth: LocalMicrosoftOAuth
        var graphRoot: String
        func stop() async {
            await oauth.stop()
            await graph.stop()
        }
    }

    static func start() async throws -> Servers {
        let graph = LocalGraphServer()
        let root = try await graph.start()
        let oauth = LocalMicrosoftOAuth(graph: graph)
        try await oauth.start()
        await oauth.register(app)
        _ = await graph.addMailbox(email: "owner@contoso.test")
        return Servers(graph: graph, oauth: oauth, graphRoot: root)
    }

    /// Runs the authorize step; the code from the 302's Location.
    static func authorize(_ oauth: LocalMicrosoftOAuth, challenge: String = challenge) async throws -> String {
        var components = URLComponents(string: oauth.authorizeURL())!
        components.queryItems = [
            .init(name: "client_id", value: app.clientId), .init(name: "response_type", value: "code"),
            .init(name: "redirect_uri", value: app.redirectURIs[0]), .init(name: "response_mode", value: "query"),
            .init(name: "scope", value: "offline_access User.Read Mail.ReadWrite"), .init(name: "state", value: "st@te 1"),
            .init(name: "code_challenge", value: challenge), .init(name: "code_challenge_method", value: "S256"),
            .init(name: "login_hint", value: "owner@contoso.test"),
        ]
        let reply = try await GraphTestHTTP.send(.GET, components.string!)
        #expect(reply.status == 302)
        let location = try #require(reply.headers.first(name: "Location").flatMap { URLComponents(string: $0) })
        #expect(location.path == "/api/v1/integrations/outlook/callback")
        #expect(location.queryItems?.first { $0.name == "state" }?.value == "st@te 1")
        return try #require(location.queryItems?.first { $0.name == "code" }?.value)
    }

    static func token(_ oauth: LocalMicrosoftOAuth, _ form: [String: String]) async throws -> GraphTestHTTP.Reply {
        try await GraphTestHTTP.send(.POST, oauth.tokenURL(), form: form.merging(["client_id": app.clientId, "client_secret": "local-secret"]) { a, _ in a })
    }

    static func aadsts(_ reply: GraphTestHTTP.Reply) -> Int? { (reply.json["error_codes"] as? [Int])?.first }

    @Test("code + verifier -> tokens Graph accepts; each refresh rotates the refresh token; revoked consent -> invalid_grant 65001")
    func rotationAndRevokedConsent() async throws {
        let servers = try await Self.start()
        do {
            let code = try await Self.authorize(servers.oauth)
            let first = try await Self.token(servers.oauth, ["grant_type": "authorization_code", "code": code,
                                                             "redirect_uri": Self.app.redirectURIs[0], "code_verifier": Self.verifier])
            #expect(first.status == 200, "\(first.text)")
            #expect(first.json["token_type"] as? String == "Bearer")
            #expect(first.json["expires_in"] as? Int == 3600)
            let access = try #require(first.json["access_token"] as? String)
            let refresh1 = try #require(first.json["refresh_token"] as? String)
            let me = try await GraphTestHTTP.send(.GET, "\(servers.graphRoot)/me", token: access)
            #expect(me.json["mail"] as? String == "owner@contoso.test")

            // The code is single-use.
            let reused = try await Self.token(servers.oauth, ["grant_type": "authorization_code", "code": code,
                                                              "redirect_uri": Self.app.redirectURIs[0], "code_verifier": Self.verifier])
            #expect(reused.json["error"] as? String == "invalid_grant")
            #expect(Self.aadsts(reused) == 54005)

            let second = try await Self.token(servers.oauth, ["grant_type": "refresh_token", "refresh_token": refresh1])
            #expect(second.status == 200)
            let refresh2 = try #require(second.json["refresh_token"] as? String)
            #expect(refresh2 != refresh1)
            // The replaced token no longer works; the new one does.
            let stale = try await Self.token(servers.oauth, ["grant_type": "refresh_token", "refresh_token": refresh1])
            #expect(stale.status == 400)
            #expect(stale.json["error"] as? String == "invalid_grant")
            let third = try await Self.token(servers.oauth, ["grant_type": "refresh_token", "refresh_token": refresh2])
            let refresh3 = try #require(third.json["refresh_token"] as? String)

            await servers.oauth.revokeConsent(email: "owner@contoso.test")
            let revoked = try await Self.token(servers.oauth, ["grant_type": "refresh_token", "refresh_token": refresh3])
            #expect(revoked.status == 400)
            #expect(revoked.json["error"] as? String == "invalid_grant")
            #expect(revoked.json["suberror"] as? String == "consent_required")
            #expect(Self.aadsts(revoked) == 65001)
            #expect((revoked.json["error_description"] as? String)?.hasPrefix("AADSTS65001:") == true)
        } catch {
            await servers.stop()
            throw error
        }
        await servers.stop()
    }

    @Test("a verifier that does not match the challenge: invalid_grant AADSTS501481; a wrong secret: invalid_client")
    func pkceMismatch() async throws {
        let servers = try await Self.start()
        do {
            let code = try await Self.authorize(servers.oauth)
            let wrong = try await Self.token(servers.oauth, ["grant_type": "authorization_code", "code": code,
                                                             "redirect_uri": Self.app.redirectURIs[0], "code_verifier": "another-verifier-entirely-0123456789-abcdefghijk"])
            #expect(wrong.status == 400)
            #expect(wrong.json["error"] as? String == "invalid_grant")
            #expect(Self.aadsts(wrong) == 501481)
            let badSecret = try await GraphTestHTTP.send(.POST, servers.oauth.tokenURL(), form: [
                "client_id": Self.app.clientId, "client_secret": "nope", "grant_type": "authorization_code", "code": code,
                "redirect_uri": Self.app.redirectURIs[0], "code_verifier": Self.verifier,
            ])
            #expect(badSecret.status == 401)
            #expect(badSecret.json["error"] as? String == "invalid_client")
            // signInSessions revoked through Graph: refresh tokens issued before are dead (AADSTS50173).
            let code2 = try await Self.authorize(servers.oauth)
            let tokens = try await Self.token(servers.oauth, ["grant_type": "authorization_code", "code": code2,
                                                              "redirect_uri": Self.app.redirectURIs[0], "code_verifier": Self.verifier])
            let access = try #require(tokens.json["access_token"] as? String)
            let refresh = try #require(tokens.json["refresh_token"] as? String)
            let revoke = try await GraphTestHTTP.send(.POST, "\(servers.graphRoot)/me/revokeSignInSessions", token: access)
            #expect(revoke.json["value"] as? Bool == true)
            let dead = try await Self.token(servers.oauth, ["grant_type": "refresh_token", "refresh_token": refresh])
            #expect(Self.aadsts(dead) == 50173)
        } catch {
            await servers.stop()
            throw error
        }
        await servers.stop()
    }
}
