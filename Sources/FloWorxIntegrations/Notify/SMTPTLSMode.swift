/// How the SMTP client protects the connection (`FLOWORX_SMTP_TLS`).
public enum SMTPTLSMode: String, Sendable, Hashable, CaseIterable {
    /// Plain connect, then `STARTTLS` (RFC 3207); a server that does not offer it is refused. Port 587 by default.
    case startTLS = "starttls"
    /// `STARTTLS` when the server offers it, plaintext otherwise (credentials are then not sent). Port 587 by default.
    case startTLSIfAvailable = "opportunistic"
    /// TLS from the first byte ("SMTPS", RFC 8314). Port 465 by default.
    case implicit
    /// No TLS at all: only for a server on loopback (the demo's local mailbox). Port 25 by default.
    case none

    /// The port a server usually listens on for this mode.
    public var defaultPort: Int {
        switch self {
        case .startTLS, .startTLSIfAvailable: 587
        case .implicit: 465
        case .none: 25
        }
    }
}
