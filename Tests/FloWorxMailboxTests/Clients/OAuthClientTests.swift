import FloWorxCore
import Foundation
import Testing

@testable import FloWorxIntegrations

@Suite("OAuth client: URLs, token responses, redaction")
struct OAuthClientTests {
    static let google = OAuthProvider.google(clientId: "123.apps.googleusercontent.com", clientSecret: "google-secret-XYZ",
                                             redirectURI: "https://floworx.example/api/v1/integrations/gmail/callback")
    static let microsoft = OAuthProvider.microsoft(tenant: "common", clientId: "00000000-aaaa-bbbb-cccc-000000000000",
                                                   clientSecret: "ms-secret-XYZ", redirectURI: "https://floworx.example/cb?x=1")

    static func query(_ url: String) throws -> [String: [String]] {
        let components = try #require(URLComponents(string: url))
        var result: [String: [String]] = [:]
        for item in components.queryItems ?? [] { result[item.name, default: []].append(item.value ?? "") }
        return result
    }

    @Test("Google defaults: real endpoints, gmail.modify only, offline access with consent")
    func googleDefaults() throws {
        let provider = Self.google
        #expect(provider.authorizationURL == "https://accounts.google.com/o/oauth2/v2/auth")
        #expect(provider.tokenURL == "https://oauth2.googleapis.com/token")
        #expect(provider.revocationURL == "https://oauth2.googleapis.com/revoke")
        #expect(provider.scopes == ["https://www.googleapis.com/auth/gmail.modify"])
        let url = OAuthClient(provider: provider).authorizationURL(state: "s t&ate", challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                                                                    loginHint: "owner@example.com")
        #expect(url.hasPrefix("https://accounts.google.com/o/oauth2/v2/auth?"))
        let query = try Self.query(url)
        #expect(query["response_type"] == ["code"])
        #expect(query["client_id"] == ["123.apps.googleusercontent.com"])
        #expect(query["redirect_uri"] == ["https://floworx.example/api/v1/integrations/gmail/callback"])
        #expect(query["scope"] == ["https://www.googleapis.com/auth/gmail.modify"])
        #expect(query["state"] == ["s t&ate"])
        #expect(query["code_challenge"] == ["E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"])
        #expect(query["code_challenge_method"] == ["S256"])
        #expect(query["access_type"] == ["offline"])
        #expect(query["prompt"] == ["consent"])
        #expect(query["login_hint"] == ["owner@example.com"])
        #expect(!url.contains("google-secret-XYZ"))
    }

    @Test("Microsoft defaults: the tenant's v2.0 endpoints and offline_access User.Read Mail.ReadWrite")
    func microsoftDefaults() throws {
        let provider = Self.microsoft
        #expect(provider.authorizationURL == "https://login.microsoftonline.com/common/oauth2/v2.0/authorize")
        #expect(provider.tokenURL == "https://login.microsoftonline.com/common/oauth2/v2.0/token")
        #expect(provider.revocationURL == nil)
        let url = OAuthClient(provider: provider).authorizationURL(state: "abc", challenge: "xyz")
        let query = try Self.query(url)
        #expect(query["scope"] == ["offline_access User.Read Mail.ReadWrite"])
        #expect(query["redirect_uri"] == ["https://floworx.example/cb?x=1"])
        #expect(query["login_hint"] == nil)
        #expect(query["code_challenge_method"] == ["S256"])
        let local = OAuthProvider.microsoft(tenant: "contoso.onmicrosoft.com", clientId: "c", clientSecret: "s", redirectURI: "http://127.0.0.1/cb",
                                            authority: "http://127.0.0.1:8080/")
        #expect(local.tokenURL == "http://127.0.0.1:8080/contoso.onmicrosoft.com/oauth2/v2.0/token")
    }

    @Test("a token response: expires_in becomes expiresAt; a missing refresh token keeps the previous one")
    func tokenResponse() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let google = Data(#"{"access_token":"ya29.a0AfB_byC","expires_in":3599,"refresh_token":"1//0gLx","scope":"https://www.googleapis.com/auth/gmail.modify","token_type":"Bearer"}"#.utf8)
        let tokens = try OAuthClient.parseTokenResponse(google, provider: .googleOAuth, operation: "token.exchange", previousRefreshToken: nil, now: now)
        #expect(tokens.accessToken == "ya29.a0AfB_byC")
        #expect(tokens.refreshToken == "1//0gLx")
        #expect(tokens.expiresAt == now.addingTimeInterval(3599))
        #expect(tokens.scope == "https://www.googleapis.com/auth/gmail.modify")

        let refreshed = Data(#"{"access_token":"ya29.new","expires_in":"3600","token_type":"Bearer"}"#.utf8)
        let again = try OAuthClient.parseTokenResponse(refreshed, provider: .googleOAuth, operation: "token.refresh", previousRefreshToken: "1//0gLx", now: now)
        #expect(again.refreshToken == "1//0gLx")
        #expect(again.expiresAt == now.addingTimeInterval(3600))
    }

    @Test("a token response without access_token or not JSON is invalidResponse; a 200 carrying invalid_grant is invalidGrant")
    func badTokenResponses() {
        #expect(throws: MailProviderError.self) {
            try OAuthClient.parseTokenResponse(Data("<html>".utf8), provider: .googleOAuth, operation: "t", previousRefreshToken: nil, now: Date())
        }
        do {
            _ = try OAuthClient.parseTokenResponse(Data(#"{"token_type":"Bearer"}"#.utf8), provider: .googleOAuth, operation: "t", previousRefreshToken: nil, now: Date())
            Issue.record("accepted a response without access_token")
        } catch {
            #expect(error.kind == .invalidResponse)
        }
        do {
            _ = try OAuthClient.parseTokenResponse(Data(#"{"error":"invalid_grant","error_description":"Bad Request"}"#.utf8), provider: .microsoftOAuth,
                                                   operation: "t", previousRefreshToken: "rt", now: Date())
            Issue.record("accepted an error body")
        } catch {
            #expect(error.kind == .invalidGrant)
        }
    }

    @Test("OAuthTokens: snake_case JSON with expires_at in epoch seconds, and a redacted description, debug description and dump")
    func tokensCodableAndRedacted() throws {
        let tokens = OAuthTokens(accessToken: "ya29.SECRET-ACCESS", refreshToken: "1//SECRET-REFRESH",
                                 expiresAt: Date(timeIntervalSince1970: 1_800_000_000), scope: "https://www.googleapis.com/auth/gmail.modify")
        let json = try #require(String(data: JSONEncoder().encode(tokens), encoding: .utf8))
        #expect(json.contains(#""access_token":"ya29.SECRET-ACCESS""#))
        #expect(json.contains(#""refresh_token":"1\/\/SECRET-REFRESH""#) || json.contains(#""refresh_token":"1//SECRET-REFRESH""#))
        #expect(json.contains(#""expires_at":1800000000"#))
        let decoded = try JSONDecoder().decode(OAuthTokens.self, from: Data(json.utf8))
        #expect(decoded == tokens)

        var dumped = ""
        dump(tokens, to: &dumped)
        for text in ["\(tokens)", String(reflecting: tokens), dumped, "\([tokens])"] {
            #expect(!text.contains("SECRET"), "leaked in: \(text)")
        }
        #expect("\(Self.google)".contains("[redacted]") && !"\(Self.google)".contains("google-secret-XYZ"))
    }

    @Test("expires(within:) says when to refresh")
    func expiry() {
        let now = Date(timeIntervalSince1970: 1_000)
        let tokens = OAuthTokens(accessToken: "a", refreshToken: nil, expiresAt: now.addingTimeInterval(120))
        #expect(tokens.expires(within: .seconds(300), now: now))
        #expect(!tokens.expires(within: .seconds(60), now: now))
        #expect(!OAuthTokens(accessToken: "a", refreshToken: nil, expiresAt: nil).expires(within: .seconds(300), now: now))
    }
}
