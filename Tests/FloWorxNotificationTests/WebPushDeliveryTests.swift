import AsyncHTTPClient
import Crypto
import FloWorxIntegrations
import FloWorxLocalProviders
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// WebPushClient against the local push service over real HTTP: what a push service answers becomes a typed result,
/// and the service's VAPID checks refuse what a real one refuses.
@Suite("Web push: client and local push service")
struct WebPushDeliveryTests {
    /// Runs `body` with a started local push service and a client with a new VAPID key.
    static func with(_ body: (LocalPushService, WebPushClient) async throws -> Void) async throws {
        let service = LocalPushService()
        try await service.start()
        let client = WebPushClient(client: HTTPClient.shared, configuration: try WebPushTestApp.configuration())
        do {
            try await body(service, client)
        } catch {
            await service.stop()
            throw error
        }
        await service.stop()
    }

    /// 201 with a Location; the service holds the encrypted body and the headers; the browser's keys decrypt it.
    @Test func acceptedMessageIsStoredEncrypted() async throws {
        try await Self.with { service, client in
            let browser = WebPushBrowser()
            let endpoint = try service.createSubscription(applicationServerKey: client.publicKey)
            let alert = ["title": "Gas smell at 12 Elm St", "url": "https://app.floworx.test/emails/1"]
            let result = try await client.send(to: try browser.subscription(endpoint.endpoint), json: alert, ttl: 3600, urgency: .high, topic: "email-1")
            guard case .accepted(let location) = result else { Issue.record("\(result)"); return }
            let messages = service.messages(token: endpoint.token)
            #expect(messages.count == 1)
            let message = try #require(messages.first)
            #expect(location == "\(service.origin ?? "")/m/\(message.id)")
            #expect(message.ttl == 3600)
            #expect(message.urgency == "high")
            #expect(message.topic == "email-1")
            #expect(message.vapidSubject == "mailto:alerts@floworx.test")
            #expect(message.vapidPublicKey == client.publicKey)
            #expect(!message.body.contains(Data("Gas smell".utf8)), "the service only sees ciphertext")
            let plaintext = try #require(WebPushEncryption.decrypt(message.body, receiverKey: browser.privateKey, auth: browser.auth))
            let decoded = try JSONSerialization.jsonObject(with: plaintext) as? [String: String]
            #expect(decoded == alert)
        }
    }

    /// 410 after the browser unsubscribed and 404 for an endpoint the service never had: `.gone`, so the caller
    /// deletes the subscription.
    @Test func goneAndUnknownEndpoints() async throws {
        try await Self.with { service, client in
            let browser = WebPushBrowser()
            let endpoint = try service.createSubscription()
            try service.markGone(endpoint.token)
            let gone = try await client.send(to: try browser.subscription(endpoint.endpoint), payload: Data("x".utf8), ttl: 60)
            #expect(gone == .gone(status: 410))
            #expect(gone.isGone && !gone.isRetryable)
            let unknown = try await client.send(to: try browser.subscription("\(service.origin ?? "")/push/never-issued"), payload: Data("x".utf8), ttl: 60)
            #expect(unknown == .gone(status: 404))
            #expect(service.messages().isEmpty)
        }
    }

    /// 429 and 503 with Retry-After are `.retry` carrying the delay; an unreachable service is `.retry` without a status.
    @Test func throttlingAndOutagesAreRetryable() async throws {
        try await Self.with { service, client in
            let browser = WebPushBrowser()
            let endpoint = try service.createSubscription()
            let subscription = try browser.subscription(endpoint.endpoint)
            service.faults.inject(pathPrefix: "/push/", status: 429, retryAfterSeconds: 30)
            let throttled = try await client.send(to: subscription, payload: Data("x".utf8), ttl: 60)
            guard case .retry(let status, let retryAfter, _) = throttled else { Issue.record("\(throttled)"); return }
            #expect(status == 429 && retryAfter == 30)
            service.faults.inject(pathPrefix: "/push/", status: 503, retryAfterSeconds: 5)
            guard case .retry(503, 5, _) = try await client.send(to: subscription, payload: Data("x".utf8), ttl: 60) else {
                Issue.record("503 is not a retry"); return
            }
            #expect(service.messages().isEmpty)
            // The fault was one-off: the next push is accepted.
            guard case .accepted = try await client.send(to: subscription, payload: Data("x".utf8), ttl: 60) else {
                Issue.record("not accepted after the faults"); return
            }
        }
        // Nothing listens on the stopped service's port any more.
        let stopped = LocalPushService()
        let origin = try await stopped.start()
        await stopped.stop()
        // No answer at all (refused, or a socket that never answers): within the timeout it is a retry, not an error.
        let configuration = try WebPushConfiguration(keys: .generate(), subject: "mailto:alerts@floworx.test", timeout: .seconds(1))
        let client = WebPushClient(client: HTTPClient.shared, configuration: configuration)
        let offline = try await client.send(to: try WebPushBrowser().subscription("\(origin)/push/abc"), payload: Data("x".utf8), ttl: 60)
        guard case .retry(nil, nil, _) = offline else { Issue.record("\(offline)"); return }
    }

    /// The service verifies VAPID: a key other than the subscription's application server key is 403; a token signed
    /// by another key than its k, for another audience, expired or without TTL is refused (401/400), and a rejection
    /// is permanent (`.rejected`).
    @Test func vapidIsVerified() async throws {
        try await Self.with { service, client in
            let browser = WebPushBrowser()
            let owner = VAPIDKeys.generate()
            let endpoint = try service.createSubscription(applicationServerKey: owner.publicKeyBase64URL)
            let wrongKey = try await client.send(to: try browser.subscription(endpoint.endpoint), payload: Data("x".utf8), ttl: 60)
            guard case .rejected(403, let reason) = wrongKey else { Issue.record("\(wrongKey)"); return }
            #expect(reason.contains("application server key"))
            #expect(!wrongKey.isRetryable)

            let open = try service.createSubscription()
            let origin = try #require(service.origin)
            let body = try WebPushEncryption.encrypt(Data("x".utf8), for: try browser.subscription(open.endpoint))
            let other = VAPIDKeys.generate()
            // Signed with `other` but claiming `owner`'s key.
            let forged = try VAPIDToken.authorization(keys: other, audience: origin, subject: "mailto:a@floworx.test")
                .replacingOccurrences(of: other.publicKeyBase64URL, with: owner.publicKeyBase64URL)
            #expect(try await Self.post(open.endpoint, body, authorization: forged) == 401)
            let elsewhere = try VAPIDToken.authorization(keys: owner, audience: "https://push.example.net", subject: "mailto:a@floworx.test")
            #expect(try await Self.post(open.endpoint, body, authorization: elsewhere) == 401)
            let expired = try VAPIDToken.authorization(keys: owner, audience: origin, subject: "mailto:a@floworx.test", lifetime: 60,
                                                       now: Date().addingTimeInterval(-120))
            #expect(try await Self.post(open.endpoint, body, authorization: expired) == 401)
            #expect(try await Self.post(open.endpoint, body, authorization: nil) == 401)
            let valid = try VAPIDToken.authorization(keys: owner, audience: origin, subject: "mailto:a@floworx.test")
            #expect(try await Self.post(open.endpoint, body, authorization: valid, ttl: nil) == 400)
            #expect(try await Self.post(open.endpoint, body, authorization: valid, encoding: "aesgcm") == 415)
            #expect(try await Self.post(open.endpoint, Data(count: 4097), authorization: valid) == 413)
            #expect(service.messages().isEmpty)
            #expect(try await Self.post(open.endpoint, body, authorization: valid) == 201)
            #expect(service.messages(token: open.token).count == 1)
        }
    }

    /// Too large a payload and a malformed topic never leave the process.
    @Test func badMessagesAreRefusedBeforeSending() async throws {
        try await Self.with { service, client in
            let subscription = try WebPushBrowser().subscription(try service.createSubscription().endpoint)
            await #expect(throws: WebPushError.payloadTooLarge(size: 5000, limit: 3993)) {
                try await client.send(to: subscription, payload: Data(count: 5000), ttl: 60)
            }
            await #expect(throws: WebPushError.self) {
                try await client.send(to: subscription, payload: Data("x".utf8), ttl: 60, topic: "not a topic!")
            }
            await #expect(throws: WebPushError.self) { try await client.send(to: subscription, payload: Data("x".utf8), ttl: -1) }
            #expect(service.messages().isEmpty)
        }
    }

    /// A raw push request; its status.
    static func post(_ url: String, _ body: Data, authorization: String?, ttl: String? = "60", encoding: String = "aes128gcm") async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        if let authorization { request.headers.add(name: "Authorization", value: authorization) }
        if let ttl { request.headers.add(name: "TTL", value: ttl) }
        request.headers.add(name: "Content-Encoding", value: encoding)
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 16)
        return Int(response.status.code)
    }
}
