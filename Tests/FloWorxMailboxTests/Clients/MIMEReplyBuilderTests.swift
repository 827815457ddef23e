import FloWorxCore
import Foundation
import Testing

@testable import FloWorxIntegrations

@Suite("MIME reply drafts")
struct MIMEReplyBuilderTests {
    static let owner = EmailAddress(email: "owner@shop.example", name: "Shop Owner")
    static let date = Date(timeIntervalSince1970: 1_796_540_400)

    static func headers(_ data: Data) -> (lines: [String], body: String) {
        let text = String(decoding: data, as: UTF8.self)
        let parts = text.components(separatedBy: "\r\n\r\n")
        return (parts[0].components(separatedBy: "\r\n"), parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    @Test("a reply: To is the Reply-To, one Re:, threading headers, CRLF, quoted-printable UTF-8, and it parses back")
    func reply() throws {
        let original = MIMEReplyBuilder.Original(
            from: EmailAddress(email: "jane@customer.example", name: "Jane"),
            replyTo: [EmailAddress(email: "orders@customer.example", name: "Orders")],
            subject: "RE: Re: Quote for 3 pumps", messageId: "<abc.123@mail.customer.example>",
            references: ["root@mail.customer.example", "<mid@mail.customer.example>"])
        let body = "Hello Jane,\nthanks — we'll send the quote tomorrow. Price = TBD.\n\nBest"
        let raw = try MIMEReplyBuilder(from: Self.owner, date: Self.date).build(replyingTo: original, body: body)
        let (lines, encodedBody) = Self.headers(raw)
        #expect(lines.contains("From: \"Shop Owner\" <owner@shop.example>"))
        #expect(lines.contains("To: \"Orders\" <orders@customer.example>"))
        #expect(lines.contains("Subject: Re: Quote for 3 pumps"))
        #expect(lines.contains("In-Reply-To: <abc.123@mail.customer.example>"))
        #expect(lines.contains("References: <root@mail.customer.example>"))
        #expect(lines.contains(" <mid@mail.customer.example>"))
        #expect(lines.contains(" <abc.123@mail.customer.example>"))
        #expect(lines.contains("Content-Type: text/plain; charset=utf-8"))
        #expect(lines.contains("Content-Transfer-Encoding: quoted-printable"))
        #expect(lines.contains("Date: Sun, 06 Dec 2026 07:00:00 +0000"))
        let text = String(decoding: raw, as: UTF8.self)
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "bare LF")
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\r"), "bare CR")
        #expect(encodedBody.contains("=E2=80=94"))
        #expect(encodedBody.contains("Price =3D TBD."))
        for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 78, "long line: \(line)") }

        // FloWorx's own MIME parser reads the draft back as the same reply.
        let parsed = try EmailMessage(mime: Array(raw), fallbackMessageId: "x", fallbackDate: Self.date)
        #expect(parsed.to == [EmailAddress(email: "orders@customer.example", name: "Orders")])
        #expect(parsed.subject == "Re: Quote for 3 pumps")
        #expect(parsed.headers.inReplyTo == "abc.123@mail.customer.example")
        #expect(parsed.headers.references == ["root@mail.customer.example", "mid@mail.customer.example", "abc.123@mail.customer.example"])
        #expect(parsed.text.trimmingCharacters(in: .whitespacesAndNewlines) == body)
    }

    @Test("without Reply-To the reply goes to From; a subject without Re: gets one")
    func replyToFrom() throws {
        let original = MIMEReplyBuilder.Original(from: EmailAddress(email: "bob@example.com"), subject: "Invoice", messageId: "x@y")
        let (lines, _) = Self.headers(try MIMEReplyBuilder(from: Self.owner).build(replyingTo: original, body: "ok"))
        #expect(lines.contains("To: bob@example.com"))
        #expect(lines.contains("Subject: Re: Invoice"))
        #expect(MIMEReplyBuilder.replySubject("re[2]: re : Re:Invoice") == "Re: Invoice")
        #expect(MIMEReplyBuilder.replySubject("Regarding invoice") == "Re: Regarding invoice")
        #expect(MIMEReplyBuilder.replySubject("") == "Re:")
    }

    @Test("CR and LF in names and subjects cannot start a header; addresses with them are refused")
    func headerInjection() throws {
        let original = MIMEReplyBuilder.Original(
            from: EmailAddress(email: "eve@evil.example", name: "Eve\r\nBcc: victim@example.com"),
            subject: "Hi\r\nBcc: victim@example.com\nX-Injected: 1\r\n\r\nbody", messageId: "<ok@evil.example>\r\nBcc: v@example.com",
            references: ["<a@b>\r\nX-Injected: 2"])
        let owner = EmailAddress(email: "owner@shop.example", name: "Owner\nX-Injected: 3")
        let raw = try MIMEReplyBuilder(from: owner).build(replyingTo: original, body: "text\r\nBcc: nobody@example.com")
        let (lines, _) = Self.headers(raw)
        for line in lines {
            #expect(!line.hasPrefix("Bcc:") && !line.hasPrefix("X-Injected:"), "injected header: \(line)")
        }
        #expect(!lines.contains { $0.hasPrefix("In-Reply-To:") }, "an invalid message id is dropped")
        let parsed = try EmailMessage(mime: Array(raw), fallbackMessageId: "x", fallbackDate: Self.date)
        #expect(parsed.to.map(\.email) == ["eve@evil.example"])
        #expect(parsed.cc.isEmpty)

        for bad in ["eve@evil.example\r\nBcc: x@y", "a b@c", "<a@b>", "a@b,c@d", "nobody", "@x", "x@"] {
            #expect(throws: MIMEReplyBuilder.BuildError.self) {
                try MIMEReplyBuilder(from: Self.owner).build(replyingTo: .init(from: EmailAddress(email: bad), subject: "s", messageId: nil), body: "b")
            }
        }
    }

    @Test("non-ASCII names and subjects are RFC 2047 encoded words that decode back")
    func encodedWords() throws {
        let subject = "Anfrage: Größe und Lieferzeit für das Ersatzteil 😀 — bitte schnell, danke vielmals"
        let original = MIMEReplyBuilder.Original(from: EmailAddress(email: "jörg@example.de", name: "Jörg Müller"), subject: subject, messageId: nil)
        let raw = try MIMEReplyBuilder(from: Self.owner).build(replyingTo: original, body: "Hallo")
        let text = String(decoding: raw, as: UTF8.self)
        #expect(text.contains("=?UTF-8?B?"))
        for line in text.components(separatedBy: "\r\n") where line.contains("=?UTF-8?B?") {
            #expect(line.utf8.count <= 78)
        }
        let parsed = try EmailMessage(mime: Array(raw), fallbackMessageId: "x", fallbackDate: Self.date)
        #expect(parsed.subject == "Re: " + subject)
        #expect(parsed.to.first?.name == "Jörg Müller")
        #expect(!text.contains("In-Reply-To"))
    }

    @Test("quoted-printable: soft breaks keep lines within 76, trailing spaces encoded, =XX never split")
    func quotedPrintable() {
        let long = String(repeating: "é", count: 60) + " end  "
        let encoded = MIMEReplyBuilder.quotedPrintable(long)
        for line in encoded.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 76)
            #expect(!line.hasSuffix(" "))
            let withoutSoftBreak = line.hasSuffix("=") ? String(line.dropLast()) : line
            #expect(!withoutSoftBreak.hasSuffix("=C") && !withoutSoftBreak.hasSuffix("=") )
        }
        #expect(encoded.hasSuffix("end =20"))
        // Decoding the soft breaks and escapes gives back the text.
        let joined = encoded.replacingOccurrences(of: "=\r\n", with: "")
        var bytes: [UInt8] = []
        var index = joined.utf8.startIndex
        let utf8 = Array(joined.utf8)
        var i = 0
        while i < utf8.count {
            if utf8[i] == UInt8(ascii: "="), i + 2 < utf8.count, let value = UInt8(String(decoding: utf8[(i + 1)...(i + 2)], as: UTF8.self), radix: 16) {
                bytes.append(value)
                i += 3
            } else {
                bytes.append(utf8[i])
                i += 1
            }
        }
        _ = index
        index = joined.utf8.endIndex
        #expect(String(decoding: bytes, as: UTF8.self) == long)
    }

    @Test("References keep the first and the most recent ids when the thread is long")
    func referencesCapped() throws {
        let references = (1...40).map { "m\($0)@x.example" }
        let original = MIMEReplyBuilder.Original(from: EmailAddress(email: "a@b.example"), subject: "s", messageId: "last@x.example", references: references)
        let raw = try MIMEReplyBuilder(from: Self.owner, maxReferences: 5).build(replyingTo: original, body: "b")
        let parsed = try EmailMessage(mime: Array(raw), fallbackMessageId: "x", fallbackDate: Self.date)
        #expect(parsed.headers.references == ["m1@x.example", "m38@x.example", "m39@x.example", "m40@x.example", "last@x.example"])
    }
}
