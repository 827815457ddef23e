/// One header field of a message or body part, unfolded.
public struct MIMEHeaderField: Sendable, Hashable {
    /// The field name as written, e.g. `Content-Type`.
    public var name: String
    /// The value with folding line breaks removed and surrounding whitespace trimmed; encoded words are left as they are.
    public var value: String

    /// Creates a field.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
