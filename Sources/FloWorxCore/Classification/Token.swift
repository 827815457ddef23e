/// One word of a scanned text: its hash and where it sits in the UTF-8 bytes.
struct Token: Sendable {
    /// Bit flags describing a token's surroundings and shape.
    struct Flags: OptionSet, Sendable {
        let rawValue: UInt8
        /// Clause punctuation (`. , ; : ! ?`, a newline or a bracket) separates it from the previous token.
        static let breakBefore = Flags(rawValue: 1 << 0)
        /// First token of its line.
        static let lineStart = Flags(rawValue: 1 << 1)
        /// Followed by `:` (a form label such as `Name:`).
        static let colonAfter = Flags(rawValue: 1 << 2)
        /// Starts with an ASCII capital letter.
        static let capitalized = Flags(rawValue: 1 << 3)
        /// Only ASCII digits.
        static let numeric = Flags(rawValue: 1 << 4)
        /// Starts with an ASCII digit.
        static let startsWithDigit = Flags(rawValue: 1 << 5)
        /// Two or more letters, all ASCII capitals (`NW`, `PO`).
        static let allCaps = Flags(rawValue: 1 << 6)
    }

    /// FNV-1a hash of the lowercased word, apostrophes left out (`don't` = `dont`).
    var hash: UInt64
    /// Byte offset of the first byte.
    var start: Int32
    /// Byte offset one past the last byte.
    var end: Int32
    var flags: Flags
}
