import AsyncHTTPClient
import Foundation
import FloWorxLocalProviders
import NIOCore
import NIOHTTP1

/// Starts a ``LocalGmailServer`` on 127.0.0.1 port 0 for one test and talks to it over real HTTP.
struct LocalGmailHarness {
    let server: LocalGmailServer
    let base: String

    /// One HTTP answer: status, headers and the body (as JSON when it is an object).
    struct Reply {
        var status: Int
        var headers: HTTPHeaders
        var body: Data
        var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]) ?? [:] }
        /// `error.errors[0].reason` of a Google error body.
        var reason: String? {
            (((json["error"] as? [String: Any])?["errors"] as? [[String: Any]])?.first)?["reason"] as? String
        }
    }

    /// Runs `body` with a started server, stopping it afterwards whatever happens.
    static func with<T>(
        _ configuration: LocalGmailServer.Configuration = .init(), _ body: (LocalGmailHarness) async throws -> T
    ) async throws -> T {
        let server = try LocalGmailServer(configuration: configuration)
        let base = try await server.start()
        do {
            let result = try await body(LocalGmailHarness(server: server, base: base))
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    /// A request to `path` (relative to the base URL) with a bearer token and an optional JSON body.
    func call(_ method: HTTPMethod, _ path: String, token: String?, json: Any? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
        }
        return try await send(request)
    }

    /// A form-encoded POST (the OAuth endpoints).
    func form(_ path: String, _ fields: [(String, String)]) async throws -> Reply {
        var request = HTTPClientRequest(url: base + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: Self.formEncode(fields)))
        return try await send(request)
    }

    /// A client that does not follow redirects (the OAuth tests read the 302 themselves); shared and never shut down.
    static let client = HTTPClient(
        eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))

    func send(_ request: HTTPClientRequest) async throws -> Reply {
        let response = try await Self.client.execute(request, timeout: .seconds(30))
        let buffer = try await response.body.collect(upTo: 16 * 1024 * 1024)
        return Reply(status: Int(response.status.code), headers: response.headers, body: Data(buffer.readableBytesView))
    }

    static func formEncode(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { "\($0)=\($1.addingPercentEncoding(withAllowedCharacters: allowed) ?? $1)" }.joined(separator: "&")
    }

    /// A small RFC 5322 message.
    static func raw(
        subject: String, from: String = "customer@example.com", to: String = "owner@floworx.test", body: String = "Hello",
        messageID: String = "<\(UUID().uuidString)@example.com>", inReplyTo: String? = nil
    ) -> Data {
        var lines = [
            "From: \(from)", "To: \(to)", "Subject: \(subject)", "Message-ID: \(messageID)",
            "Date: Sun, 06 Dec 2026 07:00:00 +0000", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
        ]
        if let inReplyTo { lines += ["In-Reply-To: \(inReplyTo)", "References: \(inReplyTo)"] }
        return Data((lines.joined(separator: "\r\n") + "\r\n\r\n" + body + "\r\n").utf8)
    }

    /// base64url without padding (what clients usually send as `raw`).
    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Decodes base64url, padded or not.
    static func decodeBase64URL(_ text: String) -> Data? {
        var normalized = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            .trimmingCharacters(in: CharacterSet(charactersIn: "="))
        while normalized.count % 4 != 0 { normalized += "=" }
        return Data(base64Encoded: normalized)
    }
}
