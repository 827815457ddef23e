import FloWorxCore
import FloWorxIntegrations
import Foundation

/// The reply draft FloWorx writes into a Gmail thread (`drafts.create`): `MIMEReplyBuilder`'s message, addressed to
/// the customer (Reply-To honoured), threaded on the original, plus a header naming the email it answers.
enum MailboxReply {
    /// The header that marks a FloWorx draft with its email log id (finds a draft whose creation was not recorded).
    static let header = "X-FloWorx-Email"

    static func marker(_ emailLogId: UUID) -> String {
        "\(header): \(emailLogId.uuidString.lowercased())"
    }

    static func mime(from address: String?, payload: ApplyPayload, text: String) throws -> Data {
        guard let address, let sender = payload.from else {
            throw JobError(.fail, "the reply draft needs the mailbox's address and the original's sender")
        }
        let domain = address.split(separator: "@").last.map(String.init)
        let builder = MIMEReplyBuilder(from: EmailAddress(email: address, name: nil), messageIdDomain: domain)
        let original = MIMEReplyBuilder.Original(
            from: sender, replyTo: payload.replyTo.map { [$0] } ?? [], subject: payload.subject ?? "",
            messageId: payload.rfcMessageId, references: payload.references ?? []
        )
        do {
            return Data((marker(payload.emailLogId) + "\r\n").utf8) + (try builder.build(replyingTo: original, body: text))
        } catch {
            throw JobError(.fail, "the reply draft cannot be addressed: \(error)")
        }
    }
}
