/// RFC 2047 encoded words (`=?charset?B?...?=`, `=?charset?Q?...?=`) in header text.
public enum MIMEEncodedWords {
    /// The longest encoded word looked for; RFC 2047 allows 75 bytes, and mailers write longer ones.
    static let maxWordLength = 2048

    /// Decodes every encoded word in `text`. Whitespace between adjacent encoded words is dropped, and adjacent
    /// words in the same charset are decoded together, so a multi-byte character split across two words survives.
    /// Malformed words are left as they are. Words not separated from surrounding text are decoded too, as mail
    /// clients do.
    public static func decode(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.count >= 8, zip(bytes, bytes.dropFirst()).contains(where: { $0 == MIMEBytes.equals && $1 == MIMEBytes.question }) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var pendingCharset = ""
        var pending: [UInt8] = []
        var afterWord = false
        var close = CloseFinder()
        func flush() {
            guard !pending.isEmpty || !pendingCharset.isEmpty else { return }
            out.append(contentsOf: MIMECharset.decode(pending[...], charset: pendingCharset, lenient: true).utf8)
            pending.removeAll(keepingCapacity: true)
            pendingCharset = ""
        }
        var index = 0
        while index < bytes.count {
            if bytes[index] == MIMEBytes.equals, let word = word(in: bytes, at: index, close: &close) {
                let charset = MIMECharset.key(word.charset)
                if charset != pendingCharset { flush() }
                pendingCharset = charset
                pending.append(contentsOf: word.bytes)
                afterWord = true
                index = word.end
                continue
            }
            if afterWord, MIMEBytes.isWhitespace(bytes[index]) {
                var next = index
                while next < bytes.count, MIMEBytes.isWhitespace(bytes[next]) { next += 1 }
                if next < bytes.count, bytes[next] == MIMEBytes.equals, word(in: bytes, at: next, close: &close) != nil {
                    index = next
                    continue
                }
            }
            flush()
            afterWord = false
            out.append(bytes[index])
            index += 1
        }
        flush()
        return String(decoding: out, as: UTF8.self)
    }

    /// The encoded word starting at `start`, decoded to bytes in its charset, and the index after it.
    private static func word(in bytes: [UInt8], at start: Int, close: inout CloseFinder) -> (charset: String, bytes: [UInt8], end: Int)? {
        let end = bytes.count
        guard start + 1 < end, bytes[start] == MIMEBytes.equals, bytes[start + 1] == MIMEBytes.question else { return nil }
        var index = start + 2
        let charsetStart = index
        while index < end, bytes[index] != MIMEBytes.question {
            if MIMEBytes.isWhitespace(bytes[index]) || index - charsetStart > 64 { return nil }
            index += 1
        }
        guard index > charsetStart, index + 2 < end, bytes[index + 2] == MIMEBytes.question else { return nil }
        let charset = String(decoding: bytes[charsetStart..<index], as: UTF8.self)
        let encoding = MIMEBytes.lower(bytes[index + 1])
        guard encoding == 0x62 || encoding == 0x71 else { return nil }  // b, q
        let textStart = index + 3
        guard let textEnd = close.first(in: bytes, from: textStart), textEnd - start <= maxWordLength else { return nil }
        let text = bytes[textStart..<textEnd]
        let decoded = encoding == 0x62 ? MIMETransferEncoding.base64(text) : qDecode(text)
        return (charset, decoded, textEnd + 2)
    }

    /// Finds the `?=` that ends an encoded word. Lookups only move forward, so remembering the last match keeps a
    /// header full of unterminated `=?` linear instead of rescanning the rest of it for each one.
    private struct CloseFinder {
        var found = -1
        var exhaustedFrom = Int.max

        mutating func first(in bytes: [UInt8], from start: Int) -> Int? {
            if found >= start { return found }
            if start >= exhaustedFrom { return nil }
            var index = start
            while index + 1 < bytes.count {
                if bytes[index] == MIMEBytes.question, bytes[index + 1] == MIMEBytes.equals {
                    found = index
                    return index
                }
                index += 1
            }
            exhaustedFrom = start
            return nil
        }
    }

    /// The Q encoding: quoted-printable where `_` stands for a space.
    private static func qDecode(_ text: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            if byte == MIMEBytes.underscore {
                out.append(MIMEBytes.space)
            } else if byte == MIMEBytes.equals, index + 2 < text.endIndex,
                let high = MIMEBytes.hexValue(text[index + 1]), let low = MIMEBytes.hexValue(text[index + 2])
            {
                out.append(high << 4 | low)
                index += 3
                continue
            } else {
                out.append(byte)
            }
            index += 1
        }
        return out
    }
}
