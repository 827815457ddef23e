import AsyncHTTPClient
import FloWorxIntegrations
import FloWorxLocalProviders
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// The local Twilio server's own contract: Twilio's JSON shape and paging envelope, and the control API over HTTP.
@Suite struct TwilioLocalServerTests {
    static func request(_ method: HTTPMethod, _ url: String, auth: (String, String)? = nil, body: String? = nil,
                        contentType: String = "application/x-www-form-urlencoded") async throws -> (Int, [String: Any]) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let auth { request.headers.add(name: "Authorization", value: "Basic " + Data("\(auth.0):\(auth.1)".utf8).base64EncodedString()) }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let data = Data(try await response.body.collect(upTo: 1 << 20).readableBytesView)
        let object = data.isEmpty ? [:] : (try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:])
        return (Int(response.status.code), object)
    }

    @Test func messagesHaveTwiliosShapeAndListsPage() async throws {
        try await TwilioFixture.with { server, client in
            for index in 0..<3 { _ = try await client.send(to: "+1555123456\(index)", body: "alert \(index)") }
            let account = server.configuration.accountSid, base = server.baseURL!
            let auth = (account, server.configuration.authToken)
            let (status, page) = try await Self.request(.GET, "\(base)/2010-04-01/Accounts/\(account)/Messages.json?PageSize=2", auth: auth)
            #expect(status == 200)
            let messages = try #require(page["messages"] as? [[String: Any]])
            #expect(messages.count == 2)
            #expect(messages.map { $0["to"] as? String } == ["+15551234562", "+15551234561"])
            #expect(page["page"] as? Int == 0)
            #expect(page["page_size"] as? Int == 2)
            #expect(page["start"] as? Int == 0)
            #expect(page["end"] as? Int == 1)
            #expect(page["previous_page_uri"] is NSNull)
            let next = try #require(page["next_page_uri"] as? String)
            #expect(next == "/2010-04-01/Accounts/\(account)/Messages.json?PageSize=2&Page=1")
            let (_, second) = try await Self.request(.GET, base + next, auth: auth)
            #expect((second["messages"] as? [[String: Any]])?.count == 1)
            #expect(second["next_page_uri"] is NSNull)
            let first = messages[0]
            #expect(first["num_segments"] as? String == "1")
            #expect(first["num_media"] as? String == "0")
            #expect(first["price"] is NSNull)
            #expect(first["api_version"] as? String == "2010-04-01")
            #expect(first["direction"] as? String == "outbound-api")
            // RFC 2822 in GMT, e.g. "Sun, 06 Dec 2026 13:30:00 +0000".
            let date = try #require(first["date_created"] as? String)
            #expect(date.hasSuffix(" +0000"))
            #expect(date.count == 31)
            // Without credentials: Twilio's 401.
            let (unauthorized, error) = try await Self.request(.GET, "\(base)/2010-04-01/Accounts/\(account)/Messages.json")
            #expect(unauthorized == 401)
            #expect(error["code"] as? Int == 20003)
            #expect(error["more_info"] as? String == "https://www.twilio.com/docs/errors/20003")
        }
    }

    @Test func theControlAPIReadsMessagesAndMarksNumbers() async throws {
        try await TwilioFixture.with { server, client in
            let base = server.baseURL!
            let (marked, _) = try await Self.request(.POST, "\(base)/_local/twilio/recipients",
                                                     body: #"{"number": "+15550003333", "behavior": "failed", "error_code": 30005}"#,
                                                     contentType: "application/json")
            #expect(marked == 204)
            let (unsubscribed, _) = try await Self.request(.POST, "\(base)/_local/twilio/recipients",
                                                           body: #"{"number": "+15550004444", "behavior": "unsubscribed"}"#, contentType: "application/json")
            #expect(unsubscribed == 204)
            let (bad, _) = try await Self.request(.POST, "\(base)/_local/twilio/recipients", body: #"{"number": "12"}"#, contentType: "application/json")
            #expect(bad == 400)
            let message = try await client.send(to: "+15550003333", body: "hello")
            await server.drainCallbacks()
            #expect(try await client.message(sid: message.sid).status == "failed")
            let refused = await #expect(throws: TwilioError.self) { try await client.send(to: "+15550004444", body: "hello") }
            #expect(refused?.code == 21610)
            let (listed, body) = try await Self.request(.GET, "\(base)/_local/twilio/messages?to=%2B15550003333")
            #expect(listed == 200)
            let messages = try #require(body["messages"] as? [[String: Any]])
            #expect(messages.map { $0["sid"] as? String } == [message.sid])
            #expect(messages.first?["error_code"] as? Int == 30005)
        }
    }
}
