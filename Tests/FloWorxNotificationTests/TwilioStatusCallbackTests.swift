import FloWorxIntegrations
import FloWorxLocalProviders
import FloWorxServer
import FloWorxStore
import FloWorxTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PostgresNIO
import Testing

/// `POST /api/v1/webhooks/twilio/status`: the signature is checked, the status lands on the notification row, and an
/// unknown message changes nothing. End to end, the local Twilio server's own callbacks update the row.
@Suite struct TwilioStatusCallbackTests {
    static let token = "f3a1c2d4e5b60718293a4b5c6d7e8f90"
    static let publicURL = "https://floworx.example.com"
    static let path = "/api/v1/webhooks/twilio/status"

    static func fields(_ sid: String, _ status: String, errorCode: Int? = nil) -> [(String, String)] {
        var fields = [("MessageSid", sid), ("SmsSid", sid), ("MessageStatus", status), ("SmsStatus", status), ("AccountSid", LocalTwilioConfiguration.randomSid("AC")),
                      ("From", "+15005550006"), ("To", "+15551234567"), ("ApiVersion", "2010-04-01")]
        if let errorCode { fields.append(("ErrorCode", String(errorCode))) }
        return fields
    }

    /// POSTs a callback signed for `publicURL` + path (+ query) with `token`, or with `signature` when given.
    static func post(_ client: any TestClientProtocol, _ fields: [(String, String)], query: String = "", signature: String?? = .none,
                     body: String? = nil) async throws -> TestResponse {
        let url = publicURL + path + query
        let computed = TwilioSignature.compute(url: url, parameters: fields.map { ($0.0, $0.1) }, authToken: token)
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let value = signature ?? computed { headers[HTTPField.Name("X-Twilio-Signature")!] = value }
        return try await client.execute(uri: path + query, method: .post, headers: headers,
                                        body: ByteBuffer(string: body ?? TwilioFixture.form(fields)))
    }

    @Test func aSignedDeliveredCallbackMarksTheRowDelivered() async throws {
        try await TestDatabase.with { db in
            let sid = LocalTwilioConfiguration.randomSid("SM")
            let id = try await TwilioFixture.smsNotification(db, providerMessageId: sid)
            try await TwilioFixture.withApp(db, authToken: Self.token, publicURL: Self.publicURL) { client in
                let actual1 = try await Self.post(client, Self.fields(sid, "sent")).status
                #expect(actual1 == .ok)
                let actual2 = try await TwilioFixture.row(db, id).providerStatus
                #expect(actual2 == "sent")
                let actual3 = try await TwilioFixture.row(db, id).status
                #expect(actual3 == "sent")
                let actual4 = try await Self.post(client, Self.fields(sid, "delivered")).status
                #expect(actual4 == .ok)
            }
            let row = try await TwilioFixture.row(db, id)
            #expect(row.status == "delivered")
            #expect(row.providerStatus == "delivered")
            #expect(row.reason == nil)
        }
    }

    @Test func anUndeliveredCallbackFailsTheRowWithTheReason() async throws {
        try await TestDatabase.with { db in
            let sid = LocalTwilioConfiguration.randomSid("SM")
            let id = try await TwilioFixture.smsNotification(db, providerMessageId: sid)
            try await TwilioFixture.withApp(db, authToken: Self.token, publicURL: Self.publicURL) { client in
                let actual5 = try await Self.post(client, Self.fields(sid, "undelivered", errorCode: 30003)).status
                #expect(actual5 == .ok)
            }
            let row = try await TwilioFixture.row(db, id)
            #expect(row.status == "failed")
            #expect(row.providerStatus == "undelivered")
            #expect(row.reason == "sms undelivered: Twilio error 30003 (unreachable destination handset)")
        }
    }

    @Test func aLateOrRepeatedCallbackNeverMovesTheRowBack() async throws {
        try await TestDatabase.with { db in
            let sid = LocalTwilioConfiguration.randomSid("SM")
            let id = try await TwilioFixture.smsNotification(db, providerMessageId: sid)
            try await TwilioFixture.withApp(db, authToken: Self.token, publicURL: Self.publicURL) { client in
                let actual6 = try await Self.post(client, Self.fields(sid, "delivered")).status
                #expect(actual6 == .ok)
                let actual7 = try await Self.post(client, Self.fields(sid, "sent")).status
                #expect(actual7 == .ok)
                let actual8 = try await Self.post(client, Self.fields(sid, "failed", errorCode: 30008)).status
                #expect(actual8 == .ok)
            }
            let row = try await TwilioFixture.row(db, id)
            #expect(row.status == "delivered")
            #expect(row.providerStatus == "delivered")
            #expect(row.reason == nil)
        }
    }

    @Test func aMissingOrWrongSignatureIsRefusedAndChangesNothing() async throws {
        try await TestDatabase.with { db in
            let sid = LocalTwilioConfiguration.randomSid("SM")
            let id = try await TwilioFixture.smsNotification(db, providerMessageId: sid)
            try await TwilioFixture.withApp(db, authToken: Self.token, publicURL: Self.publicURL) { client in
                let missing = try await Self.post(client, Self.fields(sid, "delivered"), signature: .some(nil))
                #expect(missing.status == .forbidden)
                #expect(String(buffer: missing.body).contains("missing_twilio_signature"))
                let wrong = try await Self.post(client, Self.fields(sid, "delivered"), signature: "AAAAAAAAAAAAAAAAAAAAAAAAAAA=")
                #expect(wrong.status == .forbidden)
                #expect(String(buffer: wrong.body).contains("invalid_twilio_signature"))
                // Signed for other fields than those sent: a tampered status.
                let fields = Self.fields(sid, "sent")
                let signed = TwilioSignature.compute(url: Self.publicURL + Self.path, parameters: fields.map { ($0.0, $0.1) }, authToken: Self.token)
                let tampered = try await Self.post(client, Self.fields(sid, "delivered"), signature: signed)
                #expect(tampered.status == .forbidden)
                // Signed with another account's token.
                let foreign = TwilioSignature.compute(url: Self.publicURL + Self.path, parameters: Self.fields(sid, "delivered").map { ($0.0, $0.1) },
                                                      authToken: "another-token-000000000000000000")
                let actual9 = try await Self.post(client, Self.fields(sid, "delivered"), signature: foreign).status
                #expect(actual9 == .forbidden)
            }
            let row = try await TwilioFixture.row(db, id)
            #expect(row.status == "sent")
            #expect(row.providerStatus == nil)
        }
    }

    @Test func aMalformedSignedBodyIs400() async throws {
        try await TestDatabase.with { db in
            try await TwilioFixture.withApp(db, authToken: Self.token, publicURL: Self.publicURL) { client in
                // Signed, but without a MessageStatus.
                let response = try await Self.post(client, [("MessageSid", LocalTwilioConfiguration.randomSid("SM"))])
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("invalid_status_callback"))
                let injected = try await Self.post(client, [("MessageSid", "SM1'; DROP TABLE x;--"), ("MessageStatus", "delivered")])
                #expect(injected.status == .badRequest)
            }
        }
    }

    @Test func anUnknownMessageAnswers200AndChangesNothing() async throws {
        try await TestDatabase.with { db in
            let id = try await TwilioFixture.smsNotification(db, providerMessageId: LocalTwilioConfiguration.randomSid("SM"))
            try await TwilioFixture.withApp(db, authToken: Self.token, publicURL: Self.publicURL) { client in
                let response = try await Self.post(client, Self.fields(LocalTwilioConfiguration.randomSid("SM"), "delivered"))
                #expect(response.status == .ok)
            }
            let row = try await TwilioFixture.row(db, id)
            #expect(row.status == "sent")
            #expect(row.providerStatus == nil)
        }
    }

    @Test func withoutAnAuthTokenCallbacksAreRefused() async throws {
        try await TestDatabase.with { db in
            try await TwilioFixture.withApp(db, authToken: nil, publicURL: Self.publicURL) { client in
                let response = try await Self.post(client, Self.fields(LocalTwilioConfiguration.randomSid("SM"), "delivered"))
                #expect(response.status == .serviceUnavailable)
            }
        }
    }

    @Test func theNotificationInTheCallbackURLCatchesACallbackThatOvertakesTheWorker() async throws {
        try await TestDatabase.with { db in
            // The worker has not recorded the SID yet when the callback arrives.
            let id = try await TwilioFixture.smsNotification(db, providerMessageId: nil)
            let sid = LocalTwilioConfiguration.randomSid("SM")
            try await TwilioFixture.withApp(db, authToken: Self.token, publicURL: Self.publicURL) { client in
                let actual10 = try await Self.post(client, Self.fields(sid, "delivered"), query: "?notification=\(id.uuidString.lowercased())").status
                #expect(actual10 == .ok)
            }
            let row = try await TwilioFixture.row(db, id)
            #expect(row.status == "delivered")
            #expect(row.providerMessageId == sid)
        }
    }

    // MARK: End to end

    @Test func theLocalServersCallbacksUpdateTheRows() async throws {
        try await TestDatabase.with { db in
            let configuration = LocalTwilioConfiguration()
            let delivered = try await TwilioFixture.smsNotification(db, providerMessageId: nil, recipient: "+15551234567")
            let unreachable = try await TwilioFixture.smsNotification(db, providerMessageId: nil, recipient: "+15550001111")
            // No public URL: the route checks the signature against the Host it was called on, as on loopback.
            try await TwilioFixture.withApp(db, setup: .live, authToken: configuration.authToken, publicURL: nil) { app in
                let port = try #require(app.port)
                try await TwilioFixture.with(configuration) { server, client in
                    server.markUnreachable("+15550001111")
                    for (id, to) in [(delivered, "+15551234567"), (unreachable, "+15550001111")] {
                        let callback = "http://127.0.0.1:\(port)\(Self.path)?notification=\(id.uuidString.lowercased())"
                        let message = try await client.send(to: to, body: "Gas smell reported", statusCallback: callback)
                        // What the delivery worker does with the answer.
                        try await db.database.service.query(
                            "UPDATE floworx.notifications SET provider_message_id = \(message.sid) WHERE id = \(id) AND provider_message_id IS NULL")
                    }
                    await server.drainCallbacks()
                    let log = server.callbackLog()
                    #expect(log.count == 4)
                    #expect(log.allSatisfy { $0.responseStatus == 200 })
                    for record in log {
                        #expect(TwilioSignature.isValid(record.signature, url: record.url, parameters: record.parameters.map { ($0.name, $0.value) },
                                                        authToken: configuration.authToken))
                    }
                }
            }
            let ok = try await TwilioFixture.row(db, delivered)
            #expect(ok.status == "delivered")
            #expect(ok.providerStatus == "delivered")
            let failed = try await TwilioFixture.row(db, unreachable)
            #expect(failed.status == "failed")
            #expect(failed.providerStatus == "undelivered")
            #expect(failed.reason?.contains("30003") == true)
        }
    }
}
