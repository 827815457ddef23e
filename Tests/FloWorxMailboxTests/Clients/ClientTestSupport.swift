import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing

@testable import FloWorxIntegrations

/// Helpers of the client suites: a redirect-less HTTP client (to read the authorize endpoint's 302), and the
/// `MailProviderError` a call threw.
enum ClientTestSupport {
    /// Runs `body` with an HTTP client that does not follow redirects, shut down afterwards.
    static func withNoRedirectClient<T: Sendable>(_ body: (HTTPClient) async throws -> T) async throws -> T {
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// GETs `url` and returns the query items of its `Location` (the redirect URI with `code` and `state`).
    static func followConsent(_ url: String, client: HTTPClient) async throws -> [String: String] {
        let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
        #expect(response.status.code == 302)
        let location = try #require(response.headers.first(name: "Location"))
        let items = URLComponents(string: location)?.queryItems ?? []
        return Dictionary(items.map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
    }

    /// The `MailProviderError` `operation` threw, or nil (recorded as an issue) when it succeeded or threw another error.
    static func failure<T>(_ operation: () async throws -> T, sourceLocation: SourceLocation = #_sourceLocation) async -> MailProviderError? {
        do {
            _ = try await operation()
            Issue.record("expected a MailProviderError", sourceLocation: sourceLocation)
            return nil
        } catch let error as MailProviderError {
            return error
        } catch {
            Issue.record("expected a MailProviderError, got \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// A small RFC 5322 message.
    static func mime(from: String = "Jane Customer <jane@customer.example>", to: String, subject: String, messageId: String,
                     body: String = "Hello, do you have 3 pumps in stock?") -> Data {
        Data("""
        From: \(from)\r
        To: \(to)\r
        Subject: \(subject)\r
        Message-ID: <\(messageId)>\r
        Date: Sun, 06 Dec 2026 07:00:00 +0000\r
        MIME-Version: 1.0\r
        Content-Type: text/plain; charset=utf-8\r
        \r
        \(body)\r

        """.utf8)
    }
}
