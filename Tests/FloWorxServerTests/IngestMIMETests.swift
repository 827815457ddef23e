import Crypto
import FloWorxCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PostgresNIO
import Testing

/// `POST /api/v1/emails` with `Content-Type: message/rfc822`: one raw message, decoded (encoded words, quoted-printable,
/// base64, charsets) into the same normalized form as JSON.
@Suite struct IngestMIMETests {
    static var rfc822: HTTPFields { HTTPFields([HTTPField(name: .contentType, value: "message/rfc822")]) }

    /// A multipart/alternative message: encoded-word From and Subject, a quoted-printable UTF-8 text part with a soft
    /// line break, a base64 HTML part.
    static let multipart: String = {
        let subject = Data("Chauffage en panne – urgent".utf8).base64EncodedString()
        let html = Data("<p>Bonjour, il fait <b>−30</b> dehors.</p>".utf8).base64EncodedString()
        return [
            "From: =?UTF-8?Q?Ren=C3=A9e_Tremblay?= <renee@example.ca>",
            "To: Office <office@acme-hvac.example>, \"Sam Lee\" <sam@acme-hvac.example>",
            "Subject: =?UTF-8?B?\(subject)?=",
            "Message-ID: <mime-1@example.ca>",
            "In-Reply-To: <quote-7@acme-hvac.example>",
            "Date: Tue, 13 Jan 2026 07:45:00 -0500",
            "MIME-Version: 1.0",
            "Content-Type: multipart/alternative; boundary=\"b1\"",
            "",
            "--b1",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            "Bonjour, le chauffage ne fonctionne plus depuis ce matin. Il fait =E2=88=92=",
            "30 dehors.",
            "--b1",
            "Content-Type: text/html; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "",
            html,
            "--b1--",
            "",
        ].joined(separator: "\r\n")
    }()

    @Test func aRawMessageIsDecodedAndQueued() async throws {
        try await TestApp.with { app in
            let client = try await app.signUp()
            let response = try await app.request(
                .post, IngestMessage.uri(client: client.id), as: .service, headers: Self.rfc822, body: ByteBuffer(string: Self.multipart)
            )
            #expect(response.status == .created, "\(response.text)")
            let record = try response.json()
            #expect(record["message_id"] == .string("mime-1@example.ca"))
            let logId = try #require(record["email_log_id"]?.stringValue.flatMap(UUID.init(uuidString:)))

            #expect(try await app.db.text("SELECT concat_ws('|', message_id, from_email, to_email, subject) FROM public.email_logs WHERE id = \(logId)")
                == "mime-1@example.ca|renee@example.ca|office@acme-hvac.example|Chauffage en panne – urgent")
            let body = try #require(try await app.db.text("SELECT body FROM public.email_logs WHERE id = \(logId)"))
            #expect(body.contains("Il fait −30 dehors."), "\(body)")

            let data = try JSONDecoder().decode(JSONValue.self, from: Data(try #require(try await app.db.text("SELECT email_data::text FROM public.email_queue")).utf8))
            #expect(data["provider"] == .string("mime"))
            #expect(data["from"] == .object(["email": .string("renee@example.ca"), "name": .string("Renée Tremblay")]))
            #expect(data["to"]?.arrayValue?.compactMap { $0["email"]?.stringValue } == ["office@acme-hvac.example", "sam@acme-hvac.example"])
            #expect(data["received_at"] == .string("2026-01-13T12:45:00.000Z"))
            #expect(data["headers"]?["in_reply_to"] == .string("quote-7@acme-hvac.example"))
            #expect(data["html"]?.stringValue?.contains("<b>−30</b>") == true)
            #expect(data["email_log_id"] == .string(logId.uuidString.lowercased()))

            // A redelivery of the same bytes is recognised by its Message-ID.
            let again = try await app.request(.post, IngestMessage.uri(client: client.id), as: .service, headers: Self.rfc822, body: ByteBuffer(string: Self.multipart))
            #expect(again.status == .ok)
            #expect(try again.json()["email_log_id"] == record["email_log_id"])
            #expect(try await app.db.count("SELECT count(*) FROM public.email_queue") == 1)
        }
    }

    /// A single-part ISO-8859-1 quoted-printable message.
    @Test func aLegacyCharsetIsDecoded() async throws {
        try await TestApp.with { app in
            let client = try await app.signUp()
            let message = [
                "From: =?ISO-8859-1?Q?Caf=E9_Owner?= <owner@cafe.example>",
                "To: office@acme-hvac.example",
                "Subject: =?ISO-8859-1?Q?R=E9paration_urgente?=",
                "Message-ID: <latin1@cafe.example>",
                "Date: Mon, 12 Jan 2026 09:00:00 +0000",
                "Content-Type: text/plain; charset=ISO-8859-1",
                "Content-Transfer-Encoding: quoted-printable",
                "",
                "Le caf=E9 n'a plus de chauffage, c'est tr=E8s urgent.",
                "",
            ].joined(separator: "\r\n")
            let response = try await app.request(.post, "/api/v1/emails", as: .user(client), headers: Self.rfc822, body: ByteBuffer(string: message))
            #expect(response.status == .created, "\(response.text)")
            #expect(try await app.db.text("SELECT subject || ' / ' || body FROM public.email_logs")
                == "Réparation urgente / Le café n'a plus de chauffage, c'est très urgent.")
        }
    }

    /// Without a Message-ID, the message is known by the SHA-256 of its bytes, so a redelivery is still recognised.
    @Test func aMessageWithoutAnIdIsKnownByItsContent() async throws {
        try await TestApp.with { app in
            let client = try await app.signUp()
            let message = "From: jane@customer.example\r\nTo: office@acme-hvac.example\r\nSubject: No id\r\n\r\nHello\r\n"
            let expected = "sha256:" + SHA256.hash(data: Data(message.utf8)).map { String(format: "%02x", $0) }.joined()
            let first = try await app.request(.post, IngestMessage.uri(client: client.id), as: .service, headers: Self.rfc822, body: ByteBuffer(string: message))
            #expect(first.status == .created)
            #expect(try first.json()["message_id"] == .string(expected))
            let second = try await app.request(.post, IngestMessage.uri(client: client.id), as: .service, headers: Self.rfc822, body: ByteBuffer(string: message))
            #expect(second.status == .ok)
            #expect(try second.json()["duplicate"] == .bool(true))
            #expect(try await app.db.count("SELECT count(*) FROM public.email_queue") == 1)
        }
    }

    @Test(arguments: [
        ("", "mime_empty", "the message could not be parsed: the message is empty"),
        ("   \r\n\r\n", "mime_empty", "the message could not be parsed: the message is empty"),
        ("To: office@acme-hvac.example\r\nSubject: Who?\r\n\r\nNo sender\r\n", "mime_no_from", "the message could not be parsed: the message has no From address"),
    ])
    func anUnparseableMessageIsRefused(message: String, code: String, text: String) async throws {
        try await TestApp.with { app in
            let client = try await app.signUp()
            let response = try await app.request(.post, IngestMessage.uri(client: client.id), as: .service, headers: Self.rfc822, body: ByteBuffer(string: message))
            try expectRestError(response, .badRequest, code: code, message: text)
            #expect(try await app.db.count("SELECT count(*) FROM public.email_logs") == 0)
        }
    }

    /// A parsed message is validated as a JSON one is.
    @Test func aRawMessageIsValidatedLikeJSON() async throws {
        try await TestApp.with { app in
            let client = try await app.signUp()
            let message = "From: jane@customer.example\r\nMessage-ID: <\(String(repeating: "x", count: 990))@customer.example>\r\n\r\nHi\r\n"
            let response = try await app.request(.post, IngestMessage.uri(client: client.id), as: .service, headers: Self.rfc822, body: ByteBuffer(string: message))
            try expectRestError(response, .badRequest, code: "invalid_email_data", message: "message_id: must be 1 to 998 characters")
            #expect(try await app.db.count("SELECT count(*) FROM public.email_logs") == 0)
        }
    }
}
