/// One extra header field of an `OutgoingMail`. The composer refuses a name that is not a field name or is one it
/// writes itself, and a value with CR or LF (header injection); non-ASCII values become RFC 2047 encoded words.
public struct MailHeader: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
