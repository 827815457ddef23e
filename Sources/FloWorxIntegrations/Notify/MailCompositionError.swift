/// Why `MailComposer` refused a message: it is never sent in part or with a header it did not mean to write.
public struct MailCompositionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, e.g. `the subject contains a line break`.
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { "mail not composed: \(message)" }
}
