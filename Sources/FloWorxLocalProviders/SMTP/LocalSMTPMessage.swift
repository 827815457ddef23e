import Foundation

/// A message a `LocalSMTPServer` accepted: its envelope and the bytes exactly as they arrived (dot-stuffing undone).
public struct LocalSMTPMessage: Sendable, Hashable {
    /// The server's id: 1, 2, 3… in order of arrival.
    public var id: String
    /// The envelope sender (`MAIL FROM`).
    public var mailFrom: String
    /// The envelope recipients (`RCPT TO`) accepted.
    public var recipients: [String]
    /// The message, CRLF line ends.
    public var raw: [UInt8]
    public var receivedAt: Date
    /// The user who authenticated for it, if AUTH was required.
    public var authenticatedUser: String?

    /// The first header field with this name (case-insensitive), unfolded; encoded words are left as they are.
    public func header(_ name: String) -> String? {
        LocalSMTPHeaders.first(name, in: raw)
    }

    /// The subject with RFC 2047 encoded words decoded.
    public var subject: String? { header("Subject").map(LocalSMTPHeaders.decodeWords) }

    /// `Message-ID` without angle brackets.
    public var messageId: String? {
        header("Message-ID").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "<> ")) }
    }
}
