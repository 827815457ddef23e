import FloWorxCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PostgresNIO
import Testing

/// Bad ingestion requests: each is answered 400 (or 413, 415) with the exact field at fault, and writes nothing.
@Suite struct IngestValidationTests {
    /// One request and what it must answer.
    struct Case: Sendable, CustomTestStringConvertible {
        var body: String
        var message: String
        var testDescription: String { message }
    }

    static let valid = IngestMessage.json("ok")
    static let badRecipient = IngestMessage.json("b", set: ["to": #"[{"email": "x"}]"#])

    /// One message object: the path starts at the message.
    static let single: [Case] = [
        Case(body: IngestMessage.json("m", remove: ["message_id"]), message: "message_id: is required"),
        Case(body: IngestMessage.json("m", remove: ["from"]), message: "from: is required"),
        Case(body: IngestMessage.json("m", set: ["from": "null"]), message: "from: must be an object, not null"),
        Case(body: IngestMessage.json("m", set: ["from": #"{"name": "Jane"}"#]), message: "from.email: is required"),
        Case(body: IngestMessage.json("m", remove: ["received_at"]), message: "received_at: is required"),
        Case(body: IngestMessage.json("m", set: ["received_at": #""yesterday""#]), message: "received_at: invalid ISO 8601 date: yesterday"),
        Case(body: IngestMessage.json("m", from: "not-an-address"), message: "from.email: not an email address: not-an-address"),
        Case(body: IngestMessage.json("m", set: ["to": #"[{"email": "ok@example.com"}, {"email": "nope"}]"#]), message: "to[1].email: not an email address"),
        Case(body: IngestMessage.json("m", set: ["to": #""office@example.com""#]), message: "to: must be an array"),
        Case(body: IngestMessage.json("m", set: ["subject": "5"]), message: "subject: must be a string"),
        Case(body: IngestMessage.json("m", set: ["version": "2"]), message: "version: only version 1 is supported"),
        Case(body: IngestMessage.json("   "), message: "message_id: must be 1 to 998 characters"),
        Case(body: IngestMessage.json(String(repeating: "x", count: 999)), message: "message_id: must be 1 to 998 characters"),
        Case(body: IngestMessage.json("m", set: ["attachments": #"[{"content_type": "application/pdf", "size": "big"}]"#]), message: "attachments[0].size: must be a number"),
        Case(body: IngestMessage.json("m", set: ["headers": #"{"references": "<a@b>"}"#]), message: "headers.references: must be an array"),
    ]

    /// Batches: the path names the message by its index.
    static let batch: [Case] = [
        Case(body: "[\(valid), \(IngestMessage.json("b", from: "nope"))]", message: "messages[1].from.email: not an email address: nope"),
        Case(body: "[\(valid), \(IngestMessage.json("c")), \(IngestMessage.json("d", remove: ["received_at"]))]", message: "messages[2].received_at: is required"),
        Case(body: "[\(valid), 42]", message: "messages[1] must be a JSON object"),
        Case(body: #"{"messages": [\#(valid), \#(badRecipient)]}"#, message: "messages[1].to[0].email: not an email address"),
        Case(body: "[]", message: "no messages in the request"),
        Case(body: #"{"messages": []}"#, message: "no messages in the request"),
        Case(body: #"{"messages": {"message_id": "m"}}"#, message: "messages must be an array"),
        Case(body: "42", message: "the body is not valid JSON"),
        Case(body: "{", message: "the body is not valid JSON"),
        Case(body: "", message: "the body is not valid JSON"),
    ]

    @Test(arguments: single + batch)
    func anInvalidRequestNamesTheFieldAndWritesNothing(_ invalid: Case) async throws {
        try await TestApp.with { app in
            let client = try await app.signUp()
            let response = try await app.request(.post, IngestMessage.uri(client: client.id), as: .service, json: invalid.body)
            let code = invalid.message == "the body is not valid JSON" ? "invalid_json" : "invalid_email_data"
            try expectRestError(response, .badRequest, code: code, message: invalid.message)
            #expect(try await app.db.count("SELECT count(*) FROM public.email_logs") == 0)
            #expect(try await app.db.count("SELECT count(*) FROM public.email_queue") == 0)
        }
    }

    /// An unknown provider is refused at its field.
    @Test func anUnknownProviderIsRefused() async throws {
        try await TestApp.with { app in
            let client = try await app.signUp()
            let response = try await app.request(.post, IngestMessage.uri(client: client.id), as: .service, json: IngestMessage.json("m", set: ["provider": #""fax""#]))
            let body = try expectRestError(response, .badRequest, code: "invalid_email_data")
            #expect(body["message"]?.stringValue?.hasPrefix("provider: ") == true, "\(response.text)")
        }
    }

    /// In the `{"messages": [...]}` form, a single message's error should name it as `messages[0]` like every other
    /// message of that form; the path is given relative to the message instead.
    @Test
    func theMessagesFormNamesTheIndexOfASingleMessage() async throws {
        try await TestApp.with { app in
            let client = try await app.signUp()
            let response = try await app.request(
                .post, IngestMessage.uri(client: client.id), as: .service, json: #"{"messages": [\#(IngestMessage.json("b", from: "nope"))]}"#
            )
            #expect(response.status == .badRequest)
            let message = try response.json()["message"]
            #expect(message == .string("messages[0].from.email: not an email address: nope"))
            #expect(try await app.db.count("SELECT count(*) FROM public.email_logs") == 0)
        }
    }

    /// PostgreSQL cannot store a NUL character in text. In normalized JSON it is refused at its field; in raw mail it
    /// is dropped, as mail clients drop it from what they show, and the message is kept.
    @Test func aNULCharacterIsRefusedInJSONAndDroppedFromRawMail() async throws {
        try await TestApp.with { app in
            let client = try await app.signUp()
            let json = try await app.request(.post, IngestMessage.uri(client: client.id), as: .service, json: IngestMessage.json("nul", text: "a\\u0000b"))
            try expectRestError(json, .badRequest, code: "invalid_email_data", message: "text: must not contain NUL characters")
            #expect(try await app.db.count("SELECT count(*) FROM public.email_logs") == 0)

            let raw = Array("From: jane@customer.example\r\nMessage-ID: <nul@customer.example>\r\n\r\nHello".utf8) + [0, 0x21, 0x0D, 0x0A]
            let mime = try await app.request(
                .post, IngestMessage.uri(client: client.id), as: .service, headers: IngestMIMETests.rfc822, body: ByteBuffer(bytes: raw)
            )
            #expect(mime.status == .created)
            #expect(try await app.db.count("SELECT count(*) FROM public.email_logs WHERE body = 'Hello!'") == 1)
        }
    }

    @Test func tooManyMessagesAreRefused() async throws {
        try await TestApp.with { app in
            let client = try await app.signUp()
            let messages = (0...500).map { IngestMessage.json("bulk-\($0)") }
            let tooMany = try await app.request(.post, IngestMessage.uri(client: client.id), as: .service, json: "[\(messages.joined(separator: ","))]")
            try expectRestError(tooMany, .contentTooLarge, code: "too_many_messages", message: "at most 500 messages per request, got 501")
            #expect(try await app.db.count("SELECT count(*) FROM public.email_logs") == 0)

            let most = try await app.request(.post, IngestMessage.uri(client: client.id), as: .service, json: "[\(messages.dropLast().joined(separator: ","))]")
            #expect(most.status == .created)
            #expect(try most.json()["created"] == .number(500))
            #expect(try await app.db.count("SELECT count(*) FROM public.email_queue") == 500)
        }
    }

    @Test func anOversizedBodyTextIsRefused() async throws {
        try await TestApp.with { app in
            let client = try await app.signUp()
            let text = String(repeating: "a", count: 2 * 1024 * 1024 + 1)
            let response = try await app.request(.post, IngestMessage.uri(client: client.id), as: .service, json: IngestMessage.json("big", text: text))
            try expectRestError(response, .contentTooLarge, code: "message_too_large", message: "text: bodies are limited to 2097152 bytes")
            #expect(try await app.db.count("SELECT count(*) FROM public.email_logs") == 0)
        }
    }

    @Test(arguments: ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"])
    func anUnsupportedMediaTypeIsRefused(contentType: String) async throws {
        try await TestApp.with { app in
            let client = try await app.signUp()
            var headers = HTTPFields()
            headers[.contentType] = contentType
            let response = try await app.request(.post, IngestMessage.uri(client: client.id), as: .service, headers: headers, json: IngestMessage.json("m"))
            try expectRestError(
                response, .unsupportedMediaType, code: "unsupported_media_type",
                message: "send application/json (normalized messages) or message/rfc822 (one raw message)"
            )
            #expect(try await app.db.count("SELECT count(*) FROM public.email_logs") == 0)
        }
    }

    /// A JSON body without a Content-Type is read as JSON; `charset` parameters are fine.
    @Test func jsonIsTheDefaultMediaType() async throws {
        try await TestApp.with { app in
            let client = try await app.signUp()
            let bare = try await app.request(.post, IngestMessage.uri(client: client.id), as: .service, body: ByteBuffer(string: IngestMessage.json("bare")))
            #expect(bare.status == .created, "\(bare.text)")
            var headers = HTTPFields()
            headers[.contentType] = "Application/JSON; charset=utf-8"
            let charset = try await app.request(.post, IngestMessage.uri(client: client.id), as: .service, headers: headers, json: IngestMessage.json("charset"))
            #expect(charset.status == .created, "\(charset.text)")
        }
    }
}
