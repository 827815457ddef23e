/// Parses raw RFC 5322 / MIME messages into an entity tree; pure, no I/O.
///
/// The parser works on bytes in time linear in the input (times the nesting depth for multipart bodies) and
/// refuses inputs beyond its limits with a ``MIMEError`` rather than spending unbounded time or memory.
public struct MIMEParser: Sendable {
    /// The largest input accepted, in bytes.
    public var maxSize: Int
    /// The deepest multipart nesting accepted; the top-level message is depth 0.
    public var maxDepth: Int
    /// The most entities (message, multiparts and leaves together) accepted.
    public var maxParts: Int
    /// The longest header section of one entity accepted, in bytes.
    public var maxHeaderSize: Int

    /// Creates a parser with the given limits.
    public init(maxSize: Int = 25 * 1024 * 1024, maxDepth: Int = 32, maxParts: Int = 1000) {
        self.maxSize = maxSize
        self.maxDepth = maxDepth
        self.maxParts = maxParts
        self.maxHeaderSize = 1024 * 1024
    }

    /// Parses one message into its entity tree.
    public func parse(_ bytes: [UInt8]) throws(MIMEError) -> MIMEEntity {
        guard bytes.count <= maxSize else { throw .tooLarge(size: bytes.count, limit: maxSize) }
        guard let start = bytes.firstIndex(where: { !MIMEBytes.isWhitespace($0) }) else { throw .empty }
        // Leading blank lines are skipped, not read as an empty header section.
        let lineStart = bytes[..<start].lastIndex(of: MIMEBytes.lf).map { $0 + 1 } ?? 0
        return try bytes.withUnsafeBufferPointer { (buffer) throws(MIMEError) -> MIMEEntity in
            var reader = MIMEReader(bytes: buffer, parser: self)
            return try reader.entity(in: lineStart..<buffer.count, depth: 0, defaultType: "text/plain")
        }
    }
}
