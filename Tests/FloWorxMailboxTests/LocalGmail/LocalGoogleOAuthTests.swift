import Crypto
import Foundation
import NIOHTTP1
import FloWorxLocalProviders
import Testing

/// The local Google OAuth 2.0 server over HTTP: authorization code + PKCE S256, refresh, revoke.
@Suite struct LocalGoogleOAuthTests {
    static let redirect = "http://127.0.0.1:9/oauth/google/callback"

    static func challenge(_ verifier: String) -> String {
        Data(SHA256.hash(data: Data(verifier.utf8))).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Follows the consent path: GET the authorization URL, return the redirect's query items.
    static func authorize(_ gmail: LocalGmailHarness, verifier: String, state: String, email: String) async throws -> [String: String] {
        let configuration = gmail.server.oauth.configuration
        let query = LocalGmailHarness.formEncode([
            ("client_id", configuration.clientID), ("redirect_uri", redirect), ("response_type", "code"),
            ("scope", "https://www.googleapis.com/auth/gmail.modify"), ("state", state),
            ("code_challenge", challenge(verifier)), ("code_challenge_method", "S256"), ("access_type", "offline"),
            ("prompt", "consent"), ("login_hint", email),
        ])
        let reply = try await gmail.call(.GET, "/o/oauth2/v2/auth?\(query)", token: nil)
        #expect(reply.status == 302)
        let location = try #require(reply.headers.first(name: "Location"))
        #expect(location.hasPrefix(redirect + "?"))
        let items = URLComponents(string: location)?.queryItems ?? []
        return Dictionary(items.map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
    }

    func exchange(_ gmail: LocalGmailHarness, code: String, verifier: String?) async throws -> LocalGmailHarness.Reply {
        let configuration = gmail.server.oauth.configuration
        var fields = [
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", Self.redirect),
            ("client_id", configuration.clientID), ("client_secret", configuration.clientSecret),
        ]
        if let verifier { fields.append(("code_verifier", verifier)) }
        return try await gmail.form("/token", fields)
    }

    @Test("authorization code + PKCE S256: the right verifier gets tokens that open the mailbox; a code works once")
    func codeExchange() async throws {
        try await LocalGmailHarness.with { gmail in
            _ = await gmail.server.addMailbox(email: "owner@floworx.test")
            let verifier = String(repeating: "v3rifier-", count: 6)
            let query = try await Self.authorize(gmail, verifier: verifier, state: "st-1", email: "owner@floworx.test")
            #expect(query["state"] == "st-1")
            let code = try #require(query["code"])
            let tokens = try await exchange(gmail, code: code, verifier: verifier)
            #expect(tokens.status == 200)
            #expect(tokens.json["expires_in"] as? Int == 3599)
            #expect(tokens.json["refresh_token"] is String)
            let access = try #require(tokens.json["access_token"] as? String)
            let profile = try await gmail.call(.GET, "/gmail/v1/users/me/profile", token: access)
            #expect(profile.json["emailAddress"] as? String == "owner@floworx.test")
            let again = try await exchange(gmail, code: code, verifier: verifier)
            #expect(again.status == 400)
            #expect(again.json["error"] as? String == "invalid_grant")
        }
    }

    @Test("a code_verifier that does not match the challenge, or none, is invalid_grant")
    func pkceMismatch() async throws {
        try await LocalGmailHarness.with { gmail in
            _ = await gmail.server.addMailbox(email: "owner@floworx.test")
            let verifier = String(repeating: "a", count: 43)
            let wrong = try await exchange(
                gmail, code: try #require(try await Self.authorize(gmail, verifier: verifier, state: "s", email: "owner@floworx.test")["code"]),
                verifier: String(repeating: "b", count: 43))
            #expect(wrong.status == 400)
            #expect(wrong.json["error"] as? String == "invalid_grant")
            #expect(wrong.json["error_description"] is String)
            let missing = try await exchange(
                gmail, code: try #require(try await Self.authorize(gmail, verifier: verifier, state: "s", email: "owner@floworx.test")["code"]),
                verifier: nil)
            #expect(missing.json["error"] as? String == "invalid_grant")
            let badClient = try await gmail.form("/token", [("grant_type", "authorization_code"), ("code", "x"), ("client_id", "nope")])
            #expect(badClient.status == 401)
            #expect(badClient.json["error"] as? String == "invalid_client")
            // An unregistered redirect URI is not redirected to: Google shows its error page.
            let mismatch = try await gmail.call(
                .GET, "/o/oauth2/v2/auth?client_id=\(gmail.server.oauth.configuration.clientID)&redirect_uri=https%3A%2F%2Fevil.example&response_type=code&scope=x",
                token: nil)
            #expect(mismatch.status == 400)
            #expect(mismatch.headers.first(name: "Location") == nil)
            // A denied consent redirects with error=access_denied.
            await gmail.server.oauth.setConsentDecision(.deny)
            let denied = try await Self.authorize(gmail, verifier: verifier, state: "s2", email: "owner@floworx.test")
            #expect(denied["error"] == "access_denied")
            #expect(denied["code"] == nil)
        }
    }

    @Test("after revokeConsent, refresh is invalid_grant and the access token is refused; /revoke revokes the grant")
    func revokedConsent() async throws {
        try await LocalGmailHarness.with { gmail in
            let box = await gmail.server.addMailbox(email: "owner@floworx.test")
            let configuration = gmail.server.oauth.configuration
            let refresh = [
                ("grant_type", "refresh_token"), ("refresh_token", box.refreshToken),
                ("client_id", configuration.clientID), ("client_secret", configuration.clientSecret),
            ]
            #expect(try await gmail.form("/token", refresh).status == 200)
            await gmail.server.oauth.revokeConsent(email: box.email)
            let refused = try await gmail.form("/token", refresh)
            #expect(refused.status == 400)
            #expect(refused.json["error"] as? String == "invalid_grant")
            #expect(refused.json["error_description"] as? String == "Token has been expired or revoked.")
            #expect(try await gmail.call(.GET, "/gmail/v1/users/me/profile", token: box.accessToken).status == 401)

            let second = await gmail.server.addMailbox(email: box.email)
            #expect(try await gmail.form("/revoke", [("token", second.refreshToken)]).status == 200)
            #expect(try await gmail.call(.GET, "/gmail/v1/users/me/profile", token: second.accessToken).status == 401)
            let twice = try await gmail.form("/revoke", [("token", second.refreshToken)])
            #expect(twice.status == 400)
            #expect(twice.json["error"] as? String == "invalid_token")
        }
    }
}
