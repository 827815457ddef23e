/// The header fields of a message or body part, in their original order, duplicates included.
public struct MIMEHeaders: Sendable, Hashable {
    /// Every field in order.
    public var fields: [MIMEHeaderField]

    /// Creates a header list.
    public init(_ fields: [MIMEHeaderField] = []) {
        self.fields = fields
    }

    /// The value of the first field with this name (case-insensitive), if any.
    public subscript(name: String) -> String? {
        fields.first { Self.matches($0.name, name) }?.value
    }

    /// The values of every field with this name (case-insensitive), in order.
    public func values(for name: String) -> [String] {
        fields.compactMap { Self.matches($0.name, name) ? $0.value : nil }
    }

    /// ASCII case-insensitive comparison; header names are ASCII by construction.
    static func matches(_ a: String, _ b: String) -> Bool {
        let a = a.utf8, b = b.utf8
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { MIMEBytes.lower($0) == MIMEBytes.lower($1) }
    }
}
