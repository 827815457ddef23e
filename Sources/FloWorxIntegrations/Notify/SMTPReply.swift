/// One reply of an SMTP server (RFC 5321 §4.2): a three-digit code and one or more lines of text.
public struct SMTPReply: Sendable, Hashable, CustomStringConvertible {
    /// The reply code, e.g. 250.
    public var code: Int
    /// The text of each line, without the code and separator.
    public var lines: [String]

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    /// 2xx or 3xx.
    public var isPositive: Bool { (200..<400).contains(code) }
    /// 4xx: transient, try again later.
    public var isTransient: Bool { (400..<500).contains(code) }

    /// The enhanced status code (RFC 3463) at the start of the first line, e.g. `5.7.8`.
    public var enhancedStatus: String? {
        guard let first = lines.first?.split(separator: " ", maxSplits: 1).first else { return nil }
        let parts = first.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let c = parts.first, ["2", "4", "5"].contains(c),
              parts.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isNumber) }) else { return nil }
        return String(first)
    }

    /// The lines joined with spaces, the text an error carries.
    public var text: String { lines.joined(separator: " ") }

    /// `250 Ok`.
    public var description: String { "\(code) \(text)" }
}
