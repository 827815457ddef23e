/// The SASL mechanisms the SMTP client speaks (RFC 4954). Both send the password in base64, so the client only uses
/// them over TLS unless the connection is explicitly configured as `none` (a loopback test server).
public enum SMTPAuthMechanism: String, Sendable, Hashable, CaseIterable {
    /// `AUTH PLAIN` with an initial response (RFC 4616).
    case plain = "PLAIN"
    /// `AUTH LOGIN`: user name and password each answer a `334` challenge (draft-murchison-sasl-login).
    case login = "LOGIN"
}
