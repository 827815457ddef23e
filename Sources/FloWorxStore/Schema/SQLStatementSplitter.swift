/// Splits a file of SQL into single statements, since the extended query protocol runs one at a time.
///
/// Understands what can hide a semicolon: quoted strings (`'…'`, `E'…'` with backslash escapes), quoted identifiers,
/// dollar-quoted bodies (`$$…$$`, `$tag$…$tag$`), line comments and nested block comments.
/// SQL-standard function bodies (`BEGIN ATOMIC … END`) are not supported: use dollar quoting.
public enum SQLStatementSplitter {
    /// The statements of `sql`, trimmed, without their final semicolon; comment-only pieces are dropped.
    public static func split(_ sql: String) -> [String] {
        let bytes = Array(sql.utf8)
        var statements: [String] = []
        var start = 0
        var index = 0
        var hasCode = false

        func finish(_ end: Int) {
            if hasCode {
                let text = String(decoding: bytes[start..<end], as: UTF8.self)
                statements.append(text.trimmingWhitespace())
            }
            start = end + 1
            hasCode = false
        }

        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "-") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "-"):
                while index < bytes.count && bytes[index] != UInt8(ascii: "\n") { index += 1 }
                continue
            case UInt8(ascii: "/") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "*"):
                var depth = 0
                repeat {
                    if index + 1 < bytes.count && bytes[index] == UInt8(ascii: "/") && bytes[index + 1] == UInt8(ascii: "*") {
                        depth += 1
                        index += 2
                    } else if index + 1 < bytes.count && bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/") {
                        depth -= 1
                        index += 2
                    } else {
                        index += 1
                    }
                } while depth > 0 && index < bytes.count
                continue
            case UInt8(ascii: "'"):
                let escapes = index > 0 && (bytes[index - 1] == UInt8(ascii: "E") || bytes[index - 1] == UInt8(ascii: "e"))
                index = skipQuoted(bytes, from: index, quote: UInt8(ascii: "'"), backslashEscapes: escapes)
                hasCode = true
                continue
            case UInt8(ascii: "\""):
                index = skipQuoted(bytes, from: index, quote: UInt8(ascii: "\""), backslashEscapes: false)
                hasCode = true
                continue
            case UInt8(ascii: "$"):
                if let end = skipDollarQuoted(bytes, from: index) {
                    index = end
                    hasCode = true
                    continue
                }
            case UInt8(ascii: ";"):
                finish(index)
                index += 1
                continue
            default:
                break
            }
            if !isWhitespace(byte) { hasCode = true }
            index += 1
        }
        finish(bytes.count)
        return statements
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// Index just past the closing quote (a doubled quote is an escaped quote).
    private static func skipQuoted(_ bytes: [UInt8], from start: Int, quote: UInt8, backslashEscapes: Bool) -> Int {
        var index = start + 1
        while index < bytes.count {
            if backslashEscapes && bytes[index] == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if bytes[index] == quote {
                if index + 1 < bytes.count && bytes[index + 1] == quote {
                    index += 2
                    continue
                }
                return index + 1
            }
            index += 1
        }
        return bytes.count
    }

    /// Index just past a `$tag$…$tag$` body starting at `start`, or `nil` if `$` does not open one (e.g. `$1`).
    private static func skipDollarQuoted(_ bytes: [UInt8], from start: Int) -> Int? {
        var tagEnd = start + 1
        while tagEnd < bytes.count, bytes[tagEnd] != UInt8(ascii: "$") {
            let byte = bytes[tagEnd]
            let isTagByte = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "_")
                || (tagEnd > start + 1 && byte >= 0x30 && byte <= 0x39) || byte >= 0x80
            guard isTagByte else { return nil }
            tagEnd += 1
        }
        guard tagEnd < bytes.count else { return nil }
        let tag = bytes[start...tagEnd]
        var index = tagEnd + 1
        while index + tag.count <= bytes.count {
            if bytes[index] == UInt8(ascii: "$") && bytes[index..<index + tag.count].elementsEqual(tag) {
                return index + tag.count
            }
            index += 1
        }
        return bytes.count
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !" \t\r\n".unicodeScalars.contains($0) }),
              let last = scalars.lastIndex(where: { !" \t\r\n".unicodeScalars.contains($0) })
        else { return "" }
        return String(scalars[first...last])
    }
}
