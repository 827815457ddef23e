import AsyncHTTPClient
import FloWorxLocalProviders
import FloWorxServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import Testing

/// The local Google and Microsoft identity providers over real HTTP, and a FloWorx application whose OAuth sign-in
/// uses them; plus the browser's part of a sign-in (following the redirects, no JavaScript).
struct AuthOAuthProviders: Sendable {
    let gmail: LocalGmailServer
    let graph: LocalGraphServer
    let microsoft: LocalMicrosoftOAuth
    let http: HTTPClient

    /// FloWorx's callback as the provider apps register it (the test app's public URL).
    static let callback = "http://floworx.test/auth/v1/callback"
    /// A front end allowed as `redirect_to`.
    static let appURL = "http://app.test/welcome"
    static let microsoftApp = MicrosoftOAuthApp(clientId: "floworx-sign-in", clientSecret: "local-ms-secret", redirectURIs: [callback])

    /// Runs `body` with both providers and an app on a new database that enables `google` and `azure`.
    static func with(
        auth: AuthConfiguration = AuthConfiguration(redirectURLs: ["http://app.test"]),
        providers enabled: Set<String> = ["google", "azure"],
        _ body: @Sendable (TestApp, AuthOAuthProviders) async throws -> Void
    ) async throws {
        let google = try LocalGoogleOAuth(configuration: .init(redirectURIs: [callback]))
        let gmail = try LocalGmailServer(oauth: google)
        let graph = LocalGraphServer()
        let microsoft = LocalMicrosoftOAuth(graph: graph)
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        let fixture = AuthOAuthProviders(gmail: gmail, graph: graph, microsoft: microsoft, http: http)
        do {
            let googleRoot = try await gmail.start()
            _ = try await graph.start()
            let microsoftRoot = try await microsoft.start()
            await microsoft.register(microsoftApp)
            var configuration = auth
            var providers: [OAuthSignInProvider] = []
            if enabled.contains("google") {
                providers.append(.google(clientId: google.configuration.clientID, clientSecret: google.configuration.clientSecret,
                                         authorizationURL: googleRoot + "/o/oauth2/v2/auth", tokenURL: googleRoot + "/token",
                                         jwksURL: googleRoot + "/oauth2/v3/certs"))
            }
            if enabled.contains("azure") {
                providers.append(.azure(clientId: microsoftApp.clientId, clientSecret: microsoftApp.clientSecret!, authority: microsoftRoot))
            }
            configuration.oauth = OAuthSignInConfiguration(providers: providers)
            try await TestApp.with(auth: configuration) { app in try await body(app, fixture) }
        } catch {
            await fixture.stop()
            throw error
        }
        await fixture.stop()
    }

    func stop() async {
        await gmail.stop()
        await microsoft.stop()
        await graph.stop()
        try? await http.shutdown()
    }

    /// A Google account that consents at the next `/authorize`.
    func googleAccount(_ email: String) async {
        await gmail.oauth.addUser(email: email)
    }

    /// A Microsoft account that signs in at the next `/authorize`.
    func microsoftAccount(_ email: String) async {
        _ = await graph.addMailbox(email: email)
        await microsoft.signInNext(as: email)
    }

    /// `GET /auth/v1/authorize?<query>` as a browser: the 302 to the provider's authorization URL.
    func authorize(_ app: TestApp, _ query: String) async throws -> TestResponse {
        try await app.request(.get, "/auth/v1/authorize?" + query, as: .nobody)
    }

    /// The browser at the provider: the user consents, the provider answers 302 to FloWorx's callback; its path and
    /// query (what the browser would request from FloWorx).
    func consent(at providerURL: String) async throws -> String {
        let response = try await http.execute(HTTPClientRequest(url: providerURL), timeout: .seconds(10))
        try #require(response.status.code == 302, "provider answered \(response.status.code) for \(providerURL)")
        let location = try #require(response.headers.first(name: "Location"))
        try #require(location.hasPrefix(Self.callback), "provider redirected to \(location)")
        return String(location.dropFirst("http://floworx.test".count))
    }

    /// authorize → provider → callback: FloWorx's final answer (302 to `redirect_to`), and the callback it came from.
    func signIn(_ app: TestApp, _ query: String) async throws -> (response: TestResponse, callback: String) {
        let started = try await authorize(app, query)
        try #require(started.status == .found, "authorize: \(started.status) \(started.text)")
        let callback = try await consent(at: try #require(started.headers[.location]))
        return (try await app.request(.get, callback, as: .nobody), callback)
    }

    /// `value` percent-encoded for a query parameter (everything but unreserved characters).
    static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")) ?? value
    }

    /// The parameters of a redirect's fragment (implicit flow) or query (PKCE flow).
    static func parameters(_ location: String?, fragment: Bool) -> [String: String] {
        guard let location else { return [:] }
        let part: Substring
        if fragment {
            guard let hash = location.firstIndex(of: "#") else { return [:] }
            part = location[location.index(after: hash)...]
        } else {
            guard let mark = location.firstIndex(of: "?") else { return [:] }
            part = location[location.index(after: mark)...].prefix { $0 != "#" }
        }
        var result: [String: String] = [:]
        for pair in part.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            result[kv[0]] = kv.count > 1 ? kv[1] : ""
        }
        return result
    }
}
