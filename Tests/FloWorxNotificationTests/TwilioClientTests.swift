import AsyncHTTPClient
import FloWorxCore
import FloWorxIntegrations
import FloWorxLocalProviders
import Foundation
import Testing

/// The Twilio client against the local Twilio server: sending, segment counts, Twilio's error codes typed as
/// permanent or retryable, authentication, and the status a message reaches.
@Suite struct TwilioClientTests {
    @Test func aMessageIsSentAndQueuedWithItsSegments() async throws {
        try await TwilioFixture.with { server, client in
            let message = try await client.send(to: "+15551234567", body: "Gas smell at 12 Oak St. Call now.")
            #expect(TwilioConfiguration.isSid(message.sid, prefix: "SM"))
            #expect(message.accountSid == server.configuration.accountSid)
            #expect(message.status == "queued")
            #expect(message.to == "+15551234567")
            #expect(message.from == TwilioFixture.from)
            #expect(message.numSegments == 1)
            #expect(message.errorCode == nil)
            #expect(message.apiVersion == "2010-04-01")
            #expect(message.uri == "/2010-04-01/Accounts/\(server.configuration.accountSid)/Messages/\(message.sid).json")
            let stored = try #require(server.message(sid: message.sid))
            #expect(stored.body == "Gas smell at 12 Oak St. Call now.")
            await server.drainCallbacks()
            let fetched = try await client.message(sid: message.sid)
            #expect(fetched.status == "delivered")
        }
    }

    @Test func segmentsAgreeWithSMSText() async throws {
        try await TwilioFixture.with { server, client in
            let bodies = [
                String(repeating: "a", count: 160), String(repeating: "a", count: 161), String(repeating: "€", count: 153),
                String(repeating: "ж", count: 70), String(repeating: "ж", count: 71), String(repeating: "ж", count: 66) + "🔥" + "жжж",
                SMSText.fitting(String(repeating: "Burst pipe at 4 Elm Rd “now” – ", count: 40), maxSegments: 3).text,
            ]
            for body in bodies {
                let message = try await client.send(to: "+15551234567", body: body)
                #expect(message.numSegments == SMSText(body).segmentCount, "\(body.prefix(20))")
            }
            #expect(server.messages().count == bodies.count)
        }
    }

    @Test func aMessagingServiceSenderIsAcceptedWithoutSegmentsYet() async throws {
        let service = LocalTwilioConfiguration.randomSid("MG")
        let configuration = LocalTwilioConfiguration(messagingServices: [service])
        let server = LocalTwilioServer(configuration: configuration)
        let base = try await server.start()
        defer { Task { await server.stop() } }
        let client = TwilioClient(configuration: TwilioConfiguration(
            accountSid: configuration.accountSid, credentials: .authToken(configuration.authToken), sender: .init(messagingServiceSid: service), baseURL: base))
        let message = try await client.send(to: "+15551234567", body: "hello")
        #expect(message.status == "accepted")
        #expect(message.messagingServiceSid == service)
        #expect(message.from == nil)
        #expect(message.numSegments == 0)
        await server.drainCallbacks()
        let sent = try await client.message(sid: message.sid)
        #expect(sent.from == TwilioFixture.from)
        #expect(sent.numSegments == 1)
    }

    @Test func anAPIKeyAuthenticates() async throws {
        let key = LocalTwilioConfiguration.randomSid("SK"), secret = LocalTwilioConfiguration.randomHex(32)
        let configuration = LocalTwilioConfiguration(apiKeys: [key: secret])
        let server = LocalTwilioServer(configuration: configuration)
        let base = try await server.start()
        defer { Task { await server.stop() } }
        let client = TwilioClient(configuration: TwilioConfiguration(
            accountSid: configuration.accountSid, credentials: .apiKey(sid: key, secret: secret), sender: .init(from: TwilioFixture.from), baseURL: base))
        let message = try await client.send(to: "+15551234567", body: "hello")
        #expect(message.status == "queued")
        let wrong = TwilioClient(configuration: TwilioConfiguration(
            accountSid: configuration.accountSid, credentials: .apiKey(sid: key, secret: "not-the-secret"), sender: .init(from: TwilioFixture.from), baseURL: base))
        let error = await #expect(throws: TwilioError.self) { try await wrong.send(to: "+15551234567", body: "hello") }
        #expect(error?.kind == .unauthorized)
    }

    @Test func aWrongAuthTokenIsAPermanentAuthenticationError() async throws {
        let configuration = LocalTwilioConfiguration()
        try await TwilioFixture.with(configuration) { server, _ in
            let token = "wrong-token-0123456789abcdef0123"
            let client = TwilioClient(configuration: TwilioConfiguration(
                accountSid: configuration.accountSid, credentials: .authToken(token), sender: .init(from: TwilioFixture.from), baseURL: server.baseURL!))
            let error = try #require(await #expect(throws: TwilioError.self) { try await client.send(to: "+15551234567", body: "hi") })
            #expect(error.kind == .unauthorized)
            #expect(error.status == 401)
            #expect(error.code == 20003)
            #expect(error.isPermanent)
            #expect(!error.description.contains(token))
            #expect(server.messages().isEmpty)
        }
    }

    @Test(arguments: [
        ("+1555", "hello", 21211),
        ("5551234567", "hello", 21211),
        ("+15551234567", "", 21602),
        ("", "hello", 21604),
        ("+15551234567", String(repeating: "a", count: 1601), 21617),
    ])
    func invalidRequestsArePermanentWithTwilioCodes(_ to: String, _ body: String, _ code: Int) async throws {
        try await TwilioFixture.with { server, client in
            let error = try #require(await #expect(throws: TwilioError.self) { try await client.send(to: to, body: body) })
            #expect(error.kind == .rejected)
            #expect(error.status == 400)
            #expect(error.code == code)
            #expect(error.moreInfo == "https://www.twilio.com/docs/errors/\(code)")
            #expect(error.isPermanent)
            #expect(!error.isRetryable)
            #expect(server.messages().isEmpty)
        }
    }

    @Test func aSenderTheAccountDoesNotOwnIs21606() async throws {
        let configuration = LocalTwilioConfiguration()
        try await TwilioFixture.with(configuration) { server, _ in
            let client = TwilioClient(configuration: TwilioConfiguration(
                accountSid: configuration.accountSid, credentials: .authToken(configuration.authToken), sender: .init(from: "+15559990000"),
                baseURL: server.baseURL!))
            let error = try #require(await #expect(throws: TwilioError.self) { try await client.send(to: "+15551234567", body: "hi") })
            #expect(error.code == 21606)
            #expect(error.isPermanent)
            #expect(!error.isRecipientProblem)
        }
    }

    @Test func anUnsubscribedRecipientAndADisabledRegionAreRecipientProblems() async throws {
        try await TwilioFixture.with(LocalTwilioConfiguration(disabledRegionPrefixes: ["+44"])) { server, client in
            server.setRecipient("+15557654321", .unsubscribed)
            let stop = try #require(await #expect(throws: TwilioError.self) { try await client.send(to: "+15557654321", body: "hi") })
            #expect(stop.code == 21610)
            #expect(stop.isPermanent && stop.isRecipientProblem)
            let region = try #require(await #expect(throws: TwilioError.self) { try await client.send(to: "+447700900123", body: "hi") })
            #expect(region.code == 21408)
            #expect(region.isPermanent && region.isRecipientProblem)
        }
    }

    @Test func rateLimitsAndOutagesAreRetryable() async throws {
        try await TwilioFixture.with { server, client in
            let path = "/2010-04-01/Accounts/\(server.configuration.accountSid)/Messages.json"
            server.faults.inject(pathPrefix: path, status: 429, retryAfterSeconds: 7)
            let limited = try #require(await #expect(throws: TwilioError.self) { try await client.send(to: "+15551234567", body: "hi") })
            #expect(limited.kind == .rateLimited)
            #expect(limited.code == 20429)
            #expect(limited.retryAfter == .seconds(7))
            #expect(limited.isRetryable)
            server.faults.inject(pathPrefix: path, status: 503)
            let down = try #require(await #expect(throws: TwilioError.self) { try await client.send(to: "+15551234567", body: "hi") })
            #expect(down.kind == .unavailable)
            #expect(down.isRetryable)
            // The next attempt goes through.
            let actual1 = try await client.send(to: "+15551234567", body: "hi").status
            #expect(actual1 == "queued")
        }
    }

    @Test func noServerIsARetryableTransportError() async throws {
        let server = LocalTwilioServer()
        let base = try await server.start()
        await server.stop()
        let client = TwilioClient(configuration: TwilioConfiguration(
            accountSid: server.configuration.accountSid, credentials: .authToken(server.configuration.authToken), sender: .init(from: TwilioFixture.from),
            baseURL: base, timeout: .seconds(1)))
        let error = try #require(await #expect(throws: TwilioError.self) { try await client.send(to: "+15551234567", body: "hi") })
        #expect(error.kind == .transport)
        #expect(error.isRetryable)
        #expect(!error.description.contains(server.configuration.authToken))
    }

    @Test func anUnknownMessageIsNotFound() async throws {
        try await TwilioFixture.with { _, client in
            let error = try #require(await #expect(throws: TwilioError.self) { try await client.message(sid: LocalTwilioConfiguration.randomSid("SM")) })
            #expect(error.status == 404)
            #expect(error.code == 20404)
            #expect(error.isPermanent)
        }
    }

    @Test func anUnreachableNumberEndsUndeliveredWithItsErrorCode() async throws {
        try await TwilioFixture.with { server, client in
            server.markUnreachable("+15550001111")
            let message = try await client.send(to: "+15550001111", body: "hi")
            #expect(message.status == "queued")
            await server.drainCallbacks()
            let final = try await client.message(sid: message.sid)
            #expect(final.status == "undelivered")
            #expect(final.errorCode == 30003)
            server.setRecipient("+15550002222", .fail(status: "failed", errorCode: 30005))
            let other = try await client.send(to: "+15550002222", body: "hi")
            await server.drainCallbacks()
            let actual2 = try await client.message(sid: other.sid).errorCode
            #expect(actual2 == 30005)
            let actual3 = try await client.message(sid: other.sid).status
            #expect(actual3 == "failed")
        }
    }

    @Test func errorBodiesAndCodesAreClassified() {
        #expect(TwilioError.classify(status: 400, code: 21211, message: "", moreInfo: nil, retryAfter: nil).kind == .rejected)
        #expect(TwilioError.classify(status: 400, code: 21611, message: "", moreInfo: nil, retryAfter: nil).isRetryable)
        #expect(TwilioError.classify(status: 429, code: nil, message: "", moreInfo: nil, retryAfter: nil).kind == .rateLimited)
        #expect(TwilioError.classify(status: 500, code: nil, message: "", moreInfo: nil, retryAfter: nil).kind == .unavailable)
        #expect(TwilioError.classify(status: 403, code: nil, message: "", moreInfo: nil, retryAfter: nil).kind == .unauthorized)
        #expect(TwilioError.classify(status: 404, code: 20404, message: "", moreInfo: nil, retryAfter: nil).isPermanent)
        #expect(TwilioError(kind: .invalidResponse, message: "").isPermanent)
    }
}
