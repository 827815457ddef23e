import AsyncHTTPClient
import Foundation
import NIOHTTP1
import FloWorxLocalProviders
import Hummingbird
import JWTKit
import Logging
import NIOCore
import Synchronization
import Testing

/// `users.watch` + Pub/Sub push: a real receiver gets the notification with an OIDC token that verifies against the
/// server's JWKS, with Pub/Sub's claims.
@Suite struct LocalGmailPushTests {
    /// The claims Pub/Sub puts in a push token.
    struct PushClaims: JWTPayload {
        var iss: IssuerClaim
        var aud: AudienceClaim
        var exp: ExpirationClaim
        var iat: IssuedAtClaim
        var email: String
        var email_verified: Bool
        var sub: String

        func verify(using algorithm: some JWTAlgorithm) async throws {
            try exp.verifyNotExpired()
        }
    }

    /// One push as received.
    struct Received: Sendable {
        var authorization: String?
        var body: Data
    }

    /// A push endpoint on 127.0.0.1 answering `status` (then 204), yielding every push it receives.
    static func withReceiver<T>(
        failFirst: Int = 0, _ body: (_ url: String, _ pushes: AsyncStream<Received>) async throws -> T
    ) async throws -> T {
        let (stream, continuation) = AsyncStream.makeStream(of: Received.self)
        let failures = Mutex(failFirst)
        let router = Router()
        router.post("webhooks/gmail") { request, _ -> Response in
            let buffer = try await request.body.collect(upTo: 1024 * 1024)
            continuation.yield(Received(authorization: request.headers[.authorization], body: Data(buffer.readableBytesView)))
            let fail = failures.withLock { count -> Bool in
                defer { count -= 1 }
                return count > 0
            }
            return Response(status: fail ? .serviceUnavailable : .noContent)
        }
        var logger = Logger(label: "push-receiver")
        logger.logLevel = .critical
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            }, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService(gracefulShutdownSignals: []) }
            defer { group.cancelAll() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            return try await body("http://127.0.0.1:\(port)/webhooks/gmail", stream)
        }
    }

    @Test("a watched mailbox pushes {emailAddress, historyId} with an RS256 token that verifies against the JWKS")
    func pushVerifies() async throws {
        // No quota limit: watch costs 100 units and stop 50, more than Google's 250 per second with the rest.
        try await LocalGmailHarness.with(.init(unitsPerUserPerSecond: nil)) { gmail in
            try await Self.withReceiver { url, pushes in
                let topic = "projects/floworx-local/topics/gmail"
                await gmail.server.configurePush(.init(
                    topicName: topic, endpoint: url, audience: "https://floworx.test/api/v1/webhooks/gmail",
                    serviceAccountEmail: "push@floworx-local.iam.gserviceaccount.com"))
                let box = await gmail.server.addMailbox(email: "owner@floworx.test")
                let unknownTopic = try await gmail.call(
                    .POST, "/gmail/v1/users/me/watch", token: box.accessToken, json: ["topicName": "projects/x/topics/none"])
                #expect(unknownTopic.status == 404)
                let watch = try await gmail.call(
                    .POST, "/gmail/v1/users/me/watch", token: box.accessToken,
                    json: ["topicName": topic, "labelIds": ["INBOX"], "labelFilterBehavior": "include"])
                #expect(watch.status == 200)
                #expect(watch.json["historyId"] as? String == String(box.historyId))
                let expiration = try #require((watch.json["expiration"] as? String).flatMap(Int64.init))
                #expect(expiration > Int64(Date().timeIntervalSince1970 * 1000))

                // A draft (label DRAFT) is not reported by an INBOX watch; an incoming message is.
                _ = try await gmail.call(
                    .POST, "/gmail/v1/users/me/drafts", token: box.accessToken,
                    json: ["message": ["raw": LocalGmailHarness.base64URL(LocalGmailHarness.raw(subject: "Draft"))]])
                _ = try await gmail.server.deliver(to: box.email, raw: LocalGmailHarness.raw(subject: "Burst pipe"))
                var iterator = pushes.makeAsyncIterator()
                let push = try #require(await iterator.next())

                let body = try #require(try JSONSerialization.jsonObject(with: push.body) as? [String: Any])
                #expect(body["subscription"] as? String == "projects/floworx-local/subscriptions/gmail-push")
                let message = try #require(body["message"] as? [String: Any])
                #expect(message["messageId"] is String)
                #expect(message["publishTime"] is String)
                let data = try #require((message["data"] as? String).flatMap { Data(base64Encoded: $0) })
                let notification = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
                #expect(notification["emailAddress"] as? String == "owner@floworx.test")
                #expect((notification["historyId"] as? NSNumber)?.uint64Value == box.historyId + 2)

                let authorization = try #require(push.authorization)
                #expect(authorization.hasPrefix("Bearer "))
                let jwks = try await gmail.call(.GET, "/oauth2/v3/certs", token: nil)
                let keys = JWTKeyCollection()
                try await keys.add(jwksJSON: String(decoding: jwks.body, as: UTF8.self))
                let claims = try await keys.verify(String(authorization.dropFirst(7)), as: PushClaims.self)
                #expect(claims.iss.value == "https://accounts.google.com")
                #expect(claims.aud.value == ["https://floworx.test/api/v1/webhooks/gmail"])
                #expect(claims.email == "push@floworx-local.iam.gserviceaccount.com")
                #expect(claims.email_verified)

                // A token signed by another key does not verify against this JWKS.
                let stranger = try PubSubPushSigner()
                let forged = try stranger.sign(audience: "https://floworx.test/api/v1/webhooks/gmail", serviceAccountEmail: claims.email)
                await #expect(throws: (any Error).self) { _ = try await keys.verify(forged, as: PushClaims.self) }

                // stop: no push for the next message.
                #expect(try await gmail.call(.POST, "/gmail/v1/users/me/stop", token: box.accessToken).status == 204)
                #expect(await gmail.server.watch(email: box.email) == nil)
                #expect(await gmail.server.sendPush(email: box.email, historyId: 1) == false)
            }
        }
    }

    @Test("a push answered 503 is retried with the same messageId until acknowledged")
    func pushRetries() async throws {
        try await LocalGmailHarness.with(.init(pushRetryDelay: .milliseconds(20))) { gmail in
            try await Self.withReceiver(failFirst: 2) { url, pushes in
                let topic = "projects/floworx-local/topics/gmail"
                await gmail.server.configurePush(.init(topicName: topic, endpoint: url))
                let box = await gmail.server.addMailbox(email: "owner@floworx.test")
                _ = try await gmail.call(.POST, "/gmail/v1/users/me/watch", token: box.accessToken, json: ["topicName": topic])
                _ = try await gmail.server.deliver(to: box.email, raw: LocalGmailHarness.raw(subject: "Retry me"))
                var iterator = pushes.makeAsyncIterator()
                var ids: [String] = []
                for _ in 0..<3 {
                    let push = try #require(await iterator.next())
                    let body = try #require(try JSONSerialization.jsonObject(with: push.body) as? [String: Any])
                    ids.append(try #require((body["message"] as? [String: Any])?["messageId"] as? String))
                }
                #expect(Set(ids).count == 1)
                // The log holds the third attempt once its answer is recorded.
                var attempts: [LocalGmailServer.PushAttempt] = []
                for _ in 0..<200 where attempts.count < 3 {
                    attempts = await gmail.server.pushAttempts
                    if attempts.count < 3 { try await Task.sleep(for: .milliseconds(10)) }
                }
                #expect(attempts.map(\.status) == [503, 503, 204])
                #expect(attempts.map(\.attempt) == [1, 2, 3])
            }
        }
    }
}
