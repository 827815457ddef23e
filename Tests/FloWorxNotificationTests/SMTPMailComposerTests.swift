import FloWorxCore
import FloWorxIntegrations
import Foundation
import Testing

/// `MailComposer` and `SMTPConfiguration.fromEnvironment` without a network.
@Suite struct SMTPMailComposerTests {
    let composer = MailComposer()

    @Test func textOnlyMailIsOnePartWithEveryRequiredHeader() throws {
        let mail = OutgoingMail(to: [EmailAddress(email: "a@example.com")], subject: "Digest", text: "Hello", messageId: "<digest-1@floworx.test>")
        let bytes = try composer.compose(mail, defaultFrom: EmailAddress(email: "alerts@floworx.test"))
        let parsed = try MIMEParser().parse(bytes)
        #expect(parsed.mimeType == "text/plain")
        #expect(parsed.charset == "utf-8")
        // A message ends with a line end on the wire: the single part's text gains one.
        #expect(parsed.text == "Hello\n")
        for name in ["From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Auto-Submitted", "X-Auto-Response-Suppress"] {
            #expect(parsed.headers[name] != nil, "missing \(name)")
        }
        #expect(parsed.headers["Message-ID"] == "<digest-1@floworx.test>")
    }

    @Test func longAndNonASCIITextStaysWithinLineLimits() throws {
        let long = String(repeating: "é", count: 3000) + " " + String(repeating: "x", count: 2000)
        let mail = OutgoingMail(
            to: [EmailAddress(email: "a@example.com", name: String(repeating: "Zoë ", count: 40))],
            subject: String(repeating: "Überschwemmung im Keller ", count: 20), text: long, html: "<p>\(long)</p>", messageId: "long@floworx.test")
        let bytes = try composer.compose(mail, defaultFrom: EmailAddress(email: "alerts@floworx.test"))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 998 })
        #expect(bytes.allSatisfy { $0 < 0x80 })
        let parsed = try MIMEParser().parse(bytes)
        #expect(MIMEEncodedWords.decode(parsed.headers["Subject"] ?? "") == mail.subject)
        #expect(SMTPTestSupport.leaves(parsed).map(\.text) == [long, "<p>\(long)</p>"])
    }

    @Test func attachmentsAreBase64WithTheirNames() throws {
        let data = (0..<3000).map { UInt8($0 % 256) }
        var mail = OutgoingMail(to: [EmailAddress(email: "a@example.com")], subject: "Report", text: "See attached", messageId: "r@floworx.test")
        mail.attachments = [MailAttachment(filename: "report \"q\".bin", contentType: "application/octet-stream", data: data),
                            MailAttachment(filename: "résumé.pdf", contentType: "application/pdf", data: [1, 2, 3])]
        let parsed = try MIMEParser().parse(try composer.compose(mail, defaultFrom: EmailAddress(email: "alerts@floworx.test")))
        let leaves = SMTPTestSupport.leaves(parsed)
        #expect(leaves.map(\.mimeType) == ["text/plain", "application/octet-stream", "application/pdf"])
        #expect(leaves[1].body == data)
        #expect(leaves[1].filename == "report _q_.bin")
        #expect(leaves[2].body == [1, 2, 3])
    }

    @Test func anAttachedMessageWithOverlongLinesStillArrivesIntact() throws {
        let raw = Array(("Subject: wide\r\n\r\n" + String(repeating: "w", count: 5000) + "\r\n").utf8)
        var mail = OutgoingMail(to: [EmailAddress(email: "a@example.com")], subject: "Fwd: wide", text: "fwd", messageId: "w@floworx.test")
        mail.attachments = [.message(raw)]
        let bytes = try composer.compose(mail, defaultFrom: EmailAddress(email: "alerts@floworx.test"))
        #expect(String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 998 })
        let leaves = SMTPTestSupport.leaves(try MIMEParser().parse(bytes))
        #expect(leaves.last?.mimeType == "message/rfc822")
        #expect(leaves.last?.body == raw)
    }

    @Test func refusesWhatCouldInjectOrIsMalformed() {
        let base = OutgoingMail(to: [EmailAddress(email: "a@example.com")], subject: "ok", text: "ok", messageId: "ok@floworx.test")
        var cases: [OutgoingMail] = []
        var mail = base; mail.subject = "a\nb"; cases.append(mail)
        mail = base; mail.subject = "a\rb"; cases.append(mail)
        mail = base; mail.subject = "a\u{0}b"; cases.append(mail)
        mail = base; mail.headers = [MailHeader("X-Test", "a\r\nBcc: b@example.com")]; cases.append(mail)
        mail = base; mail.headers = [MailHeader("X-Te st", "a")]; cases.append(mail)
        mail = base; mail.headers = [MailHeader("Bcc", "b@example.com")]; cases.append(mail)
        mail = base; mail.headers = [MailHeader("Content-Type", "text/html")]; cases.append(mail)
        mail = base; mail.headers = [MailHeader("auto-submitted", "no")]; cases.append(mail)
        mail = base; mail.messageId = "no-at-sign"; cases.append(mail)
        mail = base; mail.messageId = "a@b>\r\nBcc: c@d"; cases.append(mail)
        mail = base; mail.to = [EmailAddress(email: "a@example.com", name: "A\r\nB")]; cases.append(mail)
        mail = base; mail.to = [EmailAddress(email: "a b@example.com")]; cases.append(mail)
        mail = base; mail.to = []; cases.append(mail)
        mail = base; mail.attachments = [MailAttachment(filename: "x", contentType: "text/plain\r\nX: y", data: [])]; cases.append(mail)
        for mail in cases {
            #expect(throws: MailCompositionError.self) { try composer.compose(mail, defaultFrom: EmailAddress(email: "alerts@floworx.test")) }
        }
        #expect(throws: MailCompositionError.self) { try composer.compose(base) }  // no sender
    }

    @Test func configurationFromEnvironment() throws {
        #expect(try SMTPConfiguration.fromEnvironment([:]) == nil)
        let env = [
            "FLOWORX_SMTP_HOST": "smtp.example.com", "FLOWORX_SMTP_USERNAME": "apikey", "FLOWORX_SMTP_PASSWORD": "hunter2-secret",
            "FLOWORX_SMTP_FROM": "FloWorx Alerts <alerts@example.com>", "FLOWORX_SMTP_TIMEOUT_SECONDS": "5", "FLOWORX_SMTP_HELO_NAME": "floworx.example.com",
        ]
        let configuration = try #require(try SMTPConfiguration.fromEnvironment(env))
        #expect(configuration.host == "smtp.example.com")
        #expect(configuration.port == 587)
        #expect(configuration.tls == .startTLS)
        #expect(configuration.credentials == SMTPCredentials(username: "apikey", password: "hunter2-secret"))
        #expect(configuration.from == EmailAddress(email: "alerts@example.com", name: "FloWorx Alerts"))
        #expect(configuration.commandTimeout == .seconds(5))
        #expect(configuration.dataTimeout == .seconds(20))
        #expect(configuration.heloName == "floworx.example.com")
        #expect(!configuration.description.contains("hunter2"))
        #expect(!"\(configuration.credentials!)".contains("hunter2"))

        var implicit = env
        implicit["FLOWORX_SMTP_TLS"] = "implicit"
        #expect(try SMTPConfiguration.fromEnvironment(implicit)?.port == 465)

        for (name, value) in [("FLOWORX_SMTP_TLS", "ssl"), ("FLOWORX_SMTP_PORT", "0"), ("FLOWORX_SMTP_FROM", "not an address"),
                              ("FLOWORX_SMTP_PASSWORD", ""), ("FLOWORX_SMTP_CA_FILE", "/nonexistent/ca.pem"), ("FLOWORX_SMTP_TIMEOUT_SECONDS", "-1")] {
            var bad = env
            bad[name] = value
            let error = #expect(throws: SettingError.self) { try SMTPConfiguration.fromEnvironment(bad) }
            #expect(error?.description.contains("hunter2") == false)
        }
    }
}
