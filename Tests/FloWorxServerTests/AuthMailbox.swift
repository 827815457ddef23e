import FloWorxCore
import FloWorxIntegrations
import FloWorxLocalProviders
import FloWorxServer
import FloWorxTestSupport
import Foundation
import Testing

/// A real SMTP server on loopback that the auth API mails through (`SMTPAuthMailer`), and what arrived in it:
/// the end-to-end path of a user who reads the link out of the mail.
struct AuthMailbox: Sendable {
    let server: LocalSMTPServer
    let mailer: SMTPAuthMailer

    /// Runs `body` with an application whose auth emails go to a new local SMTP server.
    static func with<Result: Sendable>(
        auth: AuthConfiguration = AuthConfiguration(), _ body: @Sendable (TestApp, AuthMailbox) async throws -> Result
    ) async throws -> Result {
        let server = LocalSMTPServer()
        let port = try await server.start()
        let mailbox = AuthMailbox(server: server, mailer: SMTPAuthMailer(
            configuration: SMTPConfiguration(host: "127.0.0.1", port: port, tls: .none, from: EmailAddress(email: "auth@floworx.test")),
            logger: TestCluster.logger))
        do {
            let result = try await TestApp.with(auth: auth, configure: { $0.authMailer = mailbox.mailer }) { app in try await body(app, mailbox) }
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    /// A received auth email: whom it went to, its subject, the link and code in its text.
    struct Mail {
        var to: [String]
        var subject: String?
        var text: String
        /// The `/auth/v1/verify` link.
        var link: String? { text.split(whereSeparator: \.isWhitespace).map(String.init).first { $0.contains("/auth/v1/verify?") } }
        /// The link's query parameter `name`.
        func parameter(_ name: String) -> String? {
            link.flatMap { URLComponents(string: $0) }?.queryItems?.first { $0.name == name }?.value
        }
        /// The 6-digit code: the one after "enter the code:". (The first run of six digits anywhere was flaky: the
        /// link's random token, or an address with hex digits, holds one about one time in three.)
        var code: String? {
            guard let range = text.range(of: "enter the code: ") else { return nil }
            let digits = text[range.upperBound...].prefix { $0.isNumber }
            return digits.count == 6 ? String(digits) : nil
        }
        /// The link as a path and query for the test client.
        var pathAndQuery: String? {
            link.flatMap { URLComponents(string: $0) }.map { $0.percentEncodedPath + "?" + ($0.percentEncodedQuery ?? "") }
        }
    }

    /// Every message received, decoded.
    func messages() throws -> [Mail] {
        try server.messages().map { message in
            let entity = try MIMEParser().parse(message.raw)
            let leaf = entity.children.isEmpty ? entity : try #require(entity.children.first { $0.mimeType == "text/plain" })
            return Mail(to: message.recipients, subject: message.subject, text: leaf.text)
        }
    }

    /// The only message sent to `email`.
    func onlyMessage(to email: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Mail {
        let mails = try messages().filter { $0.to.contains(email) }
        try #require(mails.count == 1, "messages to \(email): \(mails.count)", sourceLocation: sourceLocation)
        return mails[0]
    }
}
