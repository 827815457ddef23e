/// `format=flowed` plain text (RFC 3676): lines ending in a space continue on the next line.
enum MIMEFlowedText {
    /// Joins flowed lines into paragraphs, removing space-stuffing; quoted lines join only at the same quote depth.
    static func unflow(_ text: String, deleteSpace: Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var inParagraph = false
        var paragraphDepth = 0
        var joined = ""
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var depth = 0
            var content = rawLine[...]
            while content.first == ">" {
                depth += 1
                content = content.dropFirst()
            }
            if content.first == " " { content = content.dropFirst() }
            if inParagraph, depth != paragraphDepth {
                finish(&out, joined, depth: paragraphDepth)
                inParagraph = false
            }
            if !inParagraph {
                joined = ""
                paragraphDepth = depth
            }
            let flowed = content.hasSuffix(" ") && content != "-- "
            if flowed, deleteSpace { content = content.dropLast() }
            joined += content
            inParagraph = true
            if !flowed {
                finish(&out, joined, depth: depth)
                inParagraph = false
            }
        }
        if inParagraph { finish(&out, joined, depth: paragraphDepth) }
        if out.hasSuffix("\n") { out.removeLast() }
        return out
    }

    private static func finish(_ out: inout String, _ line: String, depth: Int) {
        if depth > 0 {
            out += String(repeating: ">", count: depth)
            out += " "
        }
        out += line
        out += "\n"
    }
}
