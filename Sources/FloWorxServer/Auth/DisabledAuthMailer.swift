import Logging

/// What auth emails go to when no SMTP server is configured: nowhere. Each one is logged as not sent, with its
/// kind, but without the address or the link (which would let whoever reads the log sign in as the user).
public struct DisabledAuthMailer: AuthMailer {
    let logger: Logger

    public init(logger: Logger = Logger(label: "floworx.auth.mail")) {
        self.logger = logger
    }

    public func send(_ mail: AuthMail) async throws {
        logger.warning(
            "auth email NOT sent: mail is disabled (set FLOWORX_SMTP_HOST to send it; the demo delivers to its local inbox, floworx demo-inbox)",
            metadata: ["kind": "\(mail.kind.rawValue)"])
    }
}
