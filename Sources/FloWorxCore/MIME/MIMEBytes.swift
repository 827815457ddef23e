/// Byte constants and helpers shared by the MIME parsers.
enum MIMEBytes {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
    static let equals: UInt8 = 0x3D
    static let question: UInt8 = 0x3F
    static let dash: UInt8 = 0x2D
    static let quote: UInt8 = 0x22
    static let backslash: UInt8 = 0x5C
    static let underscore: UInt8 = 0x5F
    static let percent: UInt8 = 0x25
    static let apostrophe: UInt8 = 0x27
    static let asterisk: UInt8 = 0x2A
    static let lessThan: UInt8 = 0x3C
    static let greaterThan: UInt8 = 0x3E
    static let openParen: UInt8 = 0x28
    static let closeParen: UInt8 = 0x29
    static let comma: UInt8 = 0x2C
    static let at: UInt8 = 0x40
    static let ampersand: UInt8 = 0x26
    static let hash: UInt8 = 0x23
    static let slash: UInt8 = 0x2F

    /// ASCII lowercase; other bytes unchanged.
    @inline(__always)
    static func lower(_ byte: UInt8) -> UInt8 {
        byte &- 0x41 < 26 ? byte | 0x20 : byte
    }

    /// Space or horizontal tab.
    @inline(__always)
    static func isBlank(_ byte: UInt8) -> Bool {
        byte == space || byte == tab
    }

    /// Space, tab, CR or LF.
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab || byte == cr || byte == lf
    }

    /// The value of a hexadecimal digit, or nil.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x37
        case 0x61...0x66: byte - 0x57
        default: nil
        }
    }

    /// `bytes` without leading and trailing whitespace.
    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end, isWhitespace(bytes[start]) { start += 1 }
        while end > start, isWhitespace(bytes[end - 1]) { end -= 1 }
        return bytes[start..<end]
    }

    /// The string, lowercased if ASCII letters are its only cased characters (header tokens are).
    static func lowercased(_ text: some StringProtocol) -> String {
        String(decoding: text.utf8.map(lower), as: UTF8.self)
    }

    /// Decodes header bytes: UTF-8 when valid (RFC 6532), otherwise windows-1252 as mail clients do.
    static func headerString(_ bytes: ArraySlice<UInt8>) -> String {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        return MIMECharset.decode(bytes, charset: "utf-8", lenient: false)
    }

    /// The string without leading and trailing whitespace and newlines.
    static func trimmed(_ text: String) -> String {
        let utf8 = text.utf8
        guard let first = utf8.firstIndex(where: { !isWhitespace($0) }), let last = utf8.lastIndex(where: { !isWhitespace($0) }) else { return "" }
        if first == utf8.startIndex, utf8.index(after: last) == utf8.endIndex { return text }
        // Whitespace is ASCII, so these indices are character boundaries.
        return String(text[first...last])
    }

    /// The string with CRLF and lone CR line endings turned into LF.
    static func normalizedNewlines(_ text: String) -> String {
        guard text.utf8.contains(cr) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var previousCR = false
        for byte in text.utf8 {
            if byte == cr {
                out.append(lf)
                previousCR = true
                continue
            }
            if !(byte == lf && previousCR) { out.append(byte) }
            previousCR = false
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The index of the first LF in `bytes[start..<end]`, or `end`. Reads eight bytes at a time: finding line ends
    /// is most of the work of splitting a message.
    @inline(__always)
    static func lineFeed(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        guard let base = bytes.baseAddress else { return end }
        var index = start
        let ones: UInt64 = 0x0101_0101_0101_0101
        while index + 8 <= end {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) ^ (ones &* UInt64(lf))
            // The lowest byte of `word` that is zero (an LF in the input) sets the lowest high bit here.
            let found = (word &- ones) & ~word & (ones &* 0x80)
            if found != 0 { return index + found.trailingZeroBitCount / 8 }
            index += 8
        }
        while index < end, base[index] != lf { index += 1 }
        return index
    }

    /// Bytes with CRLF and lone CR line endings turned into LF; for ASCII-compatible charsets, before decoding.
    static func normalizedNewlines(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(cr) else { return bytes }
        return bytes.withUnsafeBufferPointer { input in
            [UInt8](unsafeUninitializedCapacity: input.count) { output, count in
                var o = 0, index = 0
                while index < input.count {
                    let byte = input[index]
                    index += 1
                    if byte == cr {
                        output[o] = lf
                        if index < input.count, input[index] == lf { index += 1 }
                    } else {
                        output[o] = byte
                    }
                    o += 1
                }
                count = o
            }
        }
    }
}
