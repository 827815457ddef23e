import AsyncHTTPClient
import FloWorxCore
import FloWorxIntegrations
import FloWorxLocalProviders
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// The local SMTP server's HTTP face (`/_local/smtp/messages`), which `floworx demo-inbox` reads.
@Suite struct SMTPLocalMailboxTests {
    @Test func listsAndServesReceivedMessages() async throws {
        let (server, port) = try await SMTPTestSupport.server()
        let httpPort = try await server.startHTTP()
        defer { Task { await server.stop() } }
        _ = try await SMTPTestSupport.client(port: port).send(SMTPTestSupport.alert())

        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        defer { _ = Task { try await http.shutdown() } }
        let base = "http://127.0.0.1:\(httpPort)/_local/smtp/messages"
        let list = try await http.execute(HTTPClientRequest(url: base), timeout: .seconds(10))
        #expect(list.status.code == 200)
        let body = try await list.body.collect(upTo: 1 << 20)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any])
        let messages = try #require(object["messages"] as? [[String: Any]])
        try #require(messages.count == 1)
        #expect(messages[0]["id"] as? String == "1")
        #expect(messages[0]["subject"] as? String == "Urgent: gas smell at 12 Elm St — call now ☎")
        #expect(messages[0]["messageId"] as? String == "notification-7f3c@floworx.test")
        #expect(messages[0]["to"] as? [String] == ["manager@example.com", "owner@example.com", "audit@example.com"])
        #expect((messages[0]["from"] as? String)?.contains("alerts@floworx.test") == true)

        let raw = try await http.execute(HTTPClientRequest(url: base + "/1"), timeout: .seconds(10))
        #expect(raw.status.code == 200)
        #expect(raw.headers.first(name: "Content-Type") == "message/rfc822")
        let bytes = try await raw.body.collect(upTo: 1 << 20)
        #expect(Array(buffer: bytes) == server.messages()[0].raw)

        let missing = try await http.execute(HTTPClientRequest(url: base + "/99"), timeout: .seconds(10))
        #expect(missing.status.code == 404)
    }
}
