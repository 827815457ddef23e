/// Message identifiers as `Message-ID`, `In-Reply-To`, `References` and `Content-ID` carry them.
public enum MIMEMessageIDs {
    /// Every identifier in the text without its angle brackets, in order. Text outside brackets (comments, phrases
    /// that old mailers put in In-Reply-To) is ignored; when there are no brackets at all, each whitespace-separated
    /// word is an identifier.
    public static func all(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        var ids: [String] = []
        var index = 0
        while let open = bytes[index...].firstIndex(of: MIMEBytes.lessThan) {
            guard let close = bytes[(open + 1)...].firstIndex(of: MIMEBytes.greaterThan) else { break }
            // Folding may have put whitespace inside the brackets; it is not part of the identifier.
            let id = bytes[(open + 1)..<close].filter { !MIMEBytes.isWhitespace($0) }
            if !id.isEmpty { ids.append(String(decoding: id, as: UTF8.self)) }
            index = close + 1
        }
        if !ids.isEmpty || bytes.contains(MIMEBytes.lessThan) { return ids }
        return bytes.split(whereSeparator: MIMEBytes.isWhitespace).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The first identifier in the text, without angle brackets, if any.
    public static func first(_ text: String) -> String? {
        all(text).first
    }
}
