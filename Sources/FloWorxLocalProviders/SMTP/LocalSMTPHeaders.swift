import Foundation

/// Just enough header reading for the local mailbox's listing (this module does not depend on FloWorx's MIME parser).
enum LocalSMTPHeaders {
    /// The first field named `name` in the header section of `raw`, unfolded and trimmed.
    static func first(_ name: String, in raw: [UInt8]) -> String? {
        let text = String(decoding: raw.prefix(256 * 1024), as: UTF8.self)
        let headerSection = text.components(separatedBy: "\r\n\r\n").first ?? text
        var current: (name: String, value: String)?
        let wanted = name.lowercased()
        for line in headerSection.components(separatedBy: "\r\n") {
            if line.first == " " || line.first == "\t" {
                current?.value += " " + line.trimmingCharacters(in: .whitespaces)
                continue
            }
            if let found = current, found.name == wanted { return found.value.trimmingCharacters(in: .whitespaces) }
            guard let colon = line.firstIndex(of: ":") else { current = nil; continue }
            current = (line[..<colon].lowercased(), String(line[line.index(after: colon)...]))
        }
        if let found = current, found.name == wanted { return found.value.trimmingCharacters(in: .whitespaces) }
        return nil
    }

    /// Decodes `=?charset?B|Q?…?=` words (UTF-8 and ASCII charsets; others are left as they are).
    static func decodeWords(_ text: String) -> String {
        var output = ""
        var rest = Substring(text)
        var lastWasWord = false
        while let start = rest.range(of: "=?") {
            let before = rest[..<start.lowerBound]
            let after = rest[start.upperBound...]
            let pieces = after.split(separator: "?", maxSplits: 3, omittingEmptySubsequences: false)
            guard pieces.count == 4, pieces[3].hasPrefix("="), let decoded = decode(charset: pieces[0], encoding: pieces[1], text: pieces[2]) else {
                output += rest[..<start.upperBound]
                rest = after
                lastWasWord = false
                continue
            }
            // Whitespace between two encoded words is dropped (RFC 2047 §6.2).
            if !(lastWasWord && before.allSatisfy(\.isWhitespace)) { output += before }
            output += decoded
            rest = pieces[3].dropFirst()
            lastWasWord = true
        }
        return output + rest
    }

    private static func decode(charset: Substring, encoding: Substring, text: Substring) -> String? {
        guard ["utf-8", "us-ascii"].contains(charset.lowercased()) else { return nil }
        switch encoding.uppercased() {
        case "B":
            return Data(base64Encoded: String(text)).map { String(decoding: $0, as: UTF8.self) }
        case "Q":
            var bytes: [UInt8] = []
            var index = text.utf8.startIndex
            let utf8 = text.utf8
            while index < utf8.endIndex {
                let byte = utf8[index]
                if byte == UInt8(ascii: "_") {
                    bytes.append(0x20)
                } else if byte == UInt8(ascii: "="), let end = utf8.index(index, offsetBy: 3, limitedBy: utf8.endIndex),
                          let value = UInt8(String(decoding: utf8[utf8.index(after: index)..<end], as: UTF8.self), radix: 16) {
                    bytes.append(value)
                    index = end
                    continue
                } else {
                    bytes.append(byte)
                }
                index = utf8.index(after: index)
            }
            return String(decoding: bytes, as: UTF8.self)
        default:
            return nil
        }
    }
}
