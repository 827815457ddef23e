import FloWorxCore
import FloWorxIntegrations
import Foundation
import Logging

/// Sends auth emails through an SMTP server (`FLOWORX_SMTP_*`, or the demo's local mailbox).
public struct SMTPAuthMailer: AuthMailer {
    let client: SMTPClient
    let logger: Logger

    public init(configuration: SMTPConfiguration, logger: Logger) {
        self.client = SMTPClient(configuration: configuration, logger: logger)
        self.logger = logger
    }

    public func send(_ mail: AuthMail) async throws {
        let domain = client.configuration.from.domain.isEmpty ? "floworx.local" : client.configuration.from.domain
        let message = OutgoingMail(
            to: [EmailAddress(email: mail.to)], subject: mail.subject, text: mail.text,
            messageId: "auth-\(UUID().uuidString.lowercased())@\(domain)")
        let result = try await client.send(message)
        guard !result.accepted.isEmpty else { throw SMTPAuthMailerRefused() }
        // Neither the address nor the link: the log is not a place for either.
        logger.info("auth email sent", metadata: ["kind": "\(mail.kind.rawValue)"])
    }
}

/// The SMTP server accepted no recipient of an auth email.
struct SMTPAuthMailerRefused: Error {}
