import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// Plain HTTP calls to the local Graph and Microsoft OAuth servers (redirects not followed, so a test sees 302s).
enum GraphTestHTTP {
    struct Reply: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: Data

        /// The body as a JSON object (empty when it is not one).
        var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]) ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
        /// Graph's `error.code`.
        var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
        var values: [[String: Any]] { json["value"] as? [[String: Any]] ?? [] }
    }

    static let client = HTTPClient(eventLoopGroupProvider: .singleton,
                                   configuration: .init(redirectConfiguration: .disallow))

    static func send(_ method: HTTPMethod, _ url: String, token: String? = nil, json: Any? = nil, form: [String: String]? = nil,
                     headers: [(String, String)] = []) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
        }
        if let form {
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            let text = form.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: text))
        }
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 16 * 1024 * 1024)
        return Reply(status: Int(response.status.code), headers: response.headers, body: Data(buffer: body))
    }

    static let immutable = [("Prefer", "IdType=\"ImmutableId\"")]

    /// A plain-text email.
    static func raw(from: String = "Customer <customer@example.com>", to: String, subject: String, body: String = "Hello",
                    messageID: String = "<\(UUID().uuidString)@example.com>", inReplyTo: String? = nil) -> String {
        var lines = ["From: \(from)", "To: \(to)", "Subject: \(subject)", "Message-ID: \(messageID)",
                     "Date: Sat, 05 Dec 2026 10:00:00 +0000", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8"]
        if let inReplyTo { lines += ["In-Reply-To: \(inReplyTo)", "References: \(inReplyTo)"] }
        return lines.joined(separator: "\r\n") + "\r\n\r\n" + body + "\r\n"
    }
}
