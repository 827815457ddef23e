/// The part of a message worth reading: the new text of the body, without the quoted thread below it,
/// taken from the HTML when there is no plain text, and capped so that a huge message costs no more than a long one.
enum MessageText {
    /// At most this many bytes of body are read.
    static let maximumBytes = 8_000

    /// The new text of `message`'s body as UTF-8 bytes.
    static func body(of message: EmailMessage) -> [UInt8] {
        var bytes = Array(message.text.utf8.prefix(maximumBytes * 2))
        if !bytes.contains(where: { $0 > 0x20 }), let html = message.html {
            bytes = stripTags(Array(html.utf8.prefix(maximumBytes * 4)))
        }
        let cut = quoteStart(bytes)
        if cut < bytes.count { bytes.removeSubrange(cut...) }
        if bytes.count > maximumBytes {
            var end = maximumBytes
            while end > 0 && bytes[end] & 0xC0 == 0x80 { end -= 1 }  // never split a UTF-8 sequence
            bytes.removeSubrange(end...)
        }
        return bytes
    }

    /// Where the quoted earlier messages of a reply begin; `bytes.count` when there are none.
    static func quoteStart(_ bytes: [UInt8]) -> Int {
        var cut = bytes.count
        var lineStart = 0
        var previousLine: Int? = nil
        var index = 0
        while index <= bytes.count {
            if index == bytes.count || bytes[index] == 0x0A {
                let line = bytes[lineStart..<index]
                if let first = line.first(where: { $0 != 0x20 && $0 != 0x09 }) {
                    if first == 0x3E {  // ">" quotes
                        cut = lineStart
                        break
                    }
                    if startsWith(line, "-----Original Message-----") || startsWith(line, "________________________________")
                        || startsWith(line, "-------- Original message --------") {
                        cut = lineStart
                        break
                    }
                    // "On <date>, <name> wrote:", possibly wrapped over two lines, introduces the quote.
                    if endsWith(line, "wrote:") {
                        if !startsWith(line, "On "), let previous = previousLine, startsWith(bytes[previous...], "On ") {
                            cut = previous
                        } else {
                            cut = lineStart
                        }
                        break
                    }
                    if startsWith(line, "From: "), contains(bytes[index..<min(bytes.count, index + 400)], "\nSent: ") {
                        cut = lineStart
                        break
                    }
                    previousLine = lineStart
                }
                lineStart = index + 1
            }
            index += 1
        }
        return cut
    }

    /// Text of an HTML body: tags dropped, block ends as newlines, common entities decoded.
    static func stripTags(_ html: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(html.count / 2)
        var index = 0
        var skipping: [UInt8]? = nil  // inside <script> or <style>
        while index < html.count {
            let byte = html[index]
            if byte == 0x3C {  // "<"
                var end = index + 1
                while end < html.count && html[end] != 0x3E { end += 1 }
                let tag = html[(index + 1)..<min(end, html.count)].prefix(10).map { $0 | 0x20 }
                if let closing = skipping {
                    if tag.starts(with: [0x2F] + closing) { skipping = nil }
                } else if tag.starts(with: Array("script".utf8)) || tag.starts(with: Array("style".utf8)) {
                    skipping = tag.starts(with: Array("script".utf8)) ? Array("script".utf8) : Array("style".utf8)
                } else if tag.starts(with: Array("br".utf8)) || tag.starts(with: Array("/p".utf8)) || tag.starts(with: Array("/div".utf8))
                    || tag.starts(with: Array("/tr".utf8)) || tag.starts(with: Array("/li".utf8)) || tag.starts(with: Array("/h".utf8)) {
                    out.append(0x0A)
                } else if tag.starts(with: Array("/td".utf8)) {
                    out.append(0x20)
                }
                index = end + 1
                continue
            }
            if skipping != nil {
                index += 1
                continue
            }
            if byte == 0x26, let (decoded, length) = entity(html, index) {  // "&"
                out.append(contentsOf: decoded)
                index += length
                continue
            }
            out.append(byte == 0x0D || byte == 0x0A ? 0x20 : byte)
            index += 1
        }
        return out
    }

    private static let entities: [(String, [UInt8])] = [
        ("&amp;", [0x26]), ("&lt;", [0x3C]), ("&gt;", [0x3E]), ("&quot;", [0x22]), ("&#39;", [0x27]), ("&apos;", [0x27]),
        ("&nbsp;", [0x20]), ("&#8217;", [0x27]), ("&rsquo;", [0x27]),
    ]

    private static func entity(_ html: [UInt8], _ index: Int) -> ([UInt8], Int)? {
        for (name, value) in entities where startsWith(html[index...], name) {
            return (value, name.utf8.count)
        }
        return nil
    }

    private static func startsWith(_ bytes: ArraySlice<UInt8>, _ prefix: String) -> Bool {
        var index = bytes.startIndex
        while index < bytes.endIndex && (bytes[index] == 0x20 || bytes[index] == 0x09) { index += 1 }
        return bytes[index...].starts(with: prefix.utf8)
    }

    private static func endsWith(_ bytes: ArraySlice<UInt8>, _ suffix: String) -> Bool {
        var end = bytes.endIndex
        while end > bytes.startIndex && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x0D || bytes[end - 1] == 0x09) { end -= 1 }
        return bytes[bytes.startIndex..<end].reversed().starts(with: suffix.utf8.reversed())
    }

    private static func contains(_ bytes: ArraySlice<UInt8>, _ needle: String) -> Bool {
        let needle = Array(needle.utf8)
        guard bytes.count >= needle.count, let first = needle.first else { return false }
        var index = bytes.startIndex
        while index + needle.count <= bytes.endIndex {
            if bytes[index] == first && bytes[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
