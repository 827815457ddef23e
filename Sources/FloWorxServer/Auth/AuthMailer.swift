/// Sends auth emails (confirmation, recovery, magic link, email change). `SMTPAuthMailer` sends through an SMTP
/// relay (or the demo's local mailbox); `DisabledAuthMailer` sends nothing and says so in the log.
public protocol AuthMailer: Sendable {
    /// Sends `mail`; throws when it could not be handed over.
    func send(_ mail: AuthMail) async throws
}
