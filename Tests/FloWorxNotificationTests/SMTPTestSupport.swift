import FloWorxCore
import FloWorxIntegrations
import FloWorxLocalProviders
import Foundation

/// Shared pieces of the SMTP suites: a local server with credentials, a client for it, and a realistic alert.
enum SMTPTestSupport {
    static let user = "alerts@floworx.test"
    static let password = "s3cret-Pa55word!"

    /// A started `LocalSMTPServer` requiring AUTH, and its port.
    static func server(credentials: Bool = true) async throws -> (LocalSMTPServer, Int) {
        let server = LocalSMTPServer(configuration: LocalSMTPConfiguration(credentials: credentials ? (user, password) : nil))
        let port = try await server.start()
        return (server, port)
    }

    /// A client for the local server: plaintext (TLS `none` on loopback), short timeouts so a fault ends quickly.
    static func client(
        port: Int, password: String? = SMTPTestSupport.password, mechanism: SMTPAuthMechanism? = nil, tls: SMTPTLSMode = .none,
        timeout: Duration = .seconds(10)
    ) -> SMTPClient {
        SMTPClient(configuration: SMTPConfiguration(
            host: "127.0.0.1", port: port, tls: tls, credentials: password.map { SMTPCredentials(username: user, password: $0) },
            authMechanism: mechanism, from: EmailAddress(email: "alerts@floworx.test", name: "FloWorx Alerts"),
            connectTimeout: timeout, commandTimeout: timeout, dataTimeout: timeout))
    }

    /// The original customer email a forward attaches.
    static let original: [UInt8] = Array((
        "From: Jenna Morrison <jenna@example.com>\r\nTo: hvac@demo.floworx.dev\r\nSubject: Gas smell in the basement\r\n"
            + "Message-ID: <orig-1@example.com>\r\nDate: Sun, 06 Dec 2026 02:10:00 +0000\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\r\nThere is a strong gas smell. Please call 780-555-0142.\r\n.\r\nThanks\r\n"
    ).utf8)

    /// An escalation alert with text, HTML, a non-ASCII subject and display name, Cc and Bcc, an attached message.
    static func alert(id: String = "notification-7f3c@floworx.test") -> OutgoingMail {
        OutgoingMail(
            to: [EmailAddress(email: "manager@example.com", name: "Renée Côté")],
            cc: [EmailAddress(email: "owner@example.com")],
            bcc: [EmailAddress(email: "audit@example.com")],
            subject: "Urgent: gas smell at 12 Elm St — call now ☎",
            text: "Category: emergency\nCall Jenna at 780-555-0142.\n.\n..two dots\nOpen: yes",
            html: "<p><b>Emergency</b>: gas smell. Call <a href=\"tel:7805550142\">780-555-0142</a>.</p>",
            messageId: id,
            date: Date(timeIntervalSince1970: 1_796_000_000),
            attachments: [.message(original)],
            headers: [MailHeader("X-FloWorx-Notification", "7f3c"), MailHeader("In-Reply-To", "<orig-1@example.com>")])
    }

    /// Every leaf of a parsed message, depth first.
    static func leaves(_ entity: MIMEEntity) -> [MIMEEntity] {
        entity.children.isEmpty ? [entity] : entity.children.flatMap(leaves)
    }
}
