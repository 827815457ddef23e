/// HTML to readable plain text, for messages that have no text/plain part.
public enum MIMEHTMLText {
    /// The text of an HTML document: tags removed, `script`, `style`, `head` and comments dropped, entities
    /// decoded, whitespace collapsed as a browser would, line breaks for `<br>` and block elements, a blank line
    /// between paragraphs, `- ` in front of list items. Runs in linear time whatever the markup.
    public static func plainText(_ html: String) -> String {
        var html = html
        return html.withUTF8 { input in
            var converter = Converter(input: input)
            return converter.run()
        }
    }

    private struct Converter {
        let input: UnsafeBufferPointer<UInt8>
        var out: [UInt8] = []
        var index = 0
        var pendingSpace = false
        var trailingNewlines = 0
        var preformatted = 0
        /// Set once a search for `>` from here found none, so later `<` are text without searching again.
        var noTagEndAfter = Int.max

        init(input: UnsafeBufferPointer<UInt8>) {
            self.input = input
            out.reserveCapacity(input.count / 2)
        }

        mutating func run() -> String {
            while index < input.count {
                let byte = input[index]
                if byte == MIMEBytes.lessThan, tag() { continue }
                if byte == MIMEBytes.ampersand {
                    entity()
                } else if MIMEBytes.isWhitespace(byte) || byte == 0x0C {
                    if preformatted > 0 {
                        if byte == MIMEBytes.lf { hardBreak() } else if byte != MIMEBytes.cr { emit([byte]) }
                    } else {
                        pendingSpace = true
                    }
                    index += 1
                } else {
                    // A run of plain text, copied at once.
                    var runEnd = index + 1
                    while runEnd < input.count, !Self.isSpecial(input[runEnd]) { runEnd += 1 }
                    emit(input[index..<runEnd])
                    index = runEnd
                }
            }
            trimTrailingBlanks()
            while out.last == MIMEBytes.lf { out.removeLast() }
            return String(decoding: out, as: UTF8.self)
        }

        /// Appends text, writing a pending collapsed space first unless at the start of a line.
        private mutating func emit(_ bytes: some Collection<UInt8>) {
            if pendingSpace, !out.isEmpty, out.last != MIMEBytes.lf { out.append(MIMEBytes.space) }
            pendingSpace = false
            out.append(contentsOf: bytes)
            trailingNewlines = 0
        }

        private mutating func trimTrailingBlanks() {
            while let last = out.last, MIMEBytes.isBlank(last) { out.removeLast() }
        }

        /// Ends the line so that at least `count` line breaks (at most two) separate what follows.
        private mutating func lineBreak(_ count: Int) {
            pendingSpace = false
            trimTrailingBlanks()
            guard !out.isEmpty else { return }
            while trailingNewlines < count {
                out.append(MIMEBytes.lf)
                trailingNewlines += 1
            }
        }

        /// `<br>` and newlines in `<pre>`: always a break, but never more than one blank line in a row.
        private mutating func hardBreak() {
            pendingSpace = false
            trimTrailingBlanks()
            guard !out.isEmpty, trailingNewlines < 2 else { return }
            out.append(MIMEBytes.lf)
            trailingNewlines += 1
        }

        /// Handles the markup at `index` (a `<`); false if it is a literal `<`.
        private mutating func tag() -> Bool {
            let start = index
            if input[(start + 1)...].starts(with: Self.commentOpen) {
                // From `<!` on, so that `<!-->` is an empty comment as in browsers; unterminated, it runs to the end.
                index = find(Self.commentClose, from: start + 2).map { $0 + 3 } ?? input.count
                return true
            }
            guard start + 1 < input.count else { return false }
            var cursor = start + 1
            let closing = input[cursor] == MIMEBytes.slash
            if closing { cursor += 1 }
            let nameStart = cursor
            while cursor < input.count, Self.isNameByte(input[cursor]) { cursor += 1 }
            let isDeclaration = !closing && (input[start + 1] == 0x21 || input[start + 1] == MIMEBytes.question)  // <! <?
            // Tag names start with a letter: `a <3 b` and `x < y` are text.
            let named = cursor > nameStart && input[nameStart] > 0x40
            guard named || isDeclaration, start < noTagEndAfter else { return false }
            guard let end = input[cursor...].firstIndex(of: MIMEBytes.greaterThan) else {
                noTagEndAfter = start
                return false
            }
            index = end + 1
            let name = String(decoding: input[nameStart..<cursor].map(MIMEBytes.lower), as: UTF8.self)
            if closing {
                closeTag(name)
            } else if !isDeclaration {
                openTag(name, selfClosing: input[end - 1] == MIMEBytes.slash)
            }
            return true
        }

        private mutating func openTag(_ name: String, selfClosing: Bool) {
            switch name {
            case "script", "style", "head", "title", "template", "noscript", "xml":
                if !selfClosing { skipElement(name) }
            case "br":
                hardBreak()
            case "li":
                lineBreak(1)
                emit("- ".utf8)
            case "td", "th":
                pendingSpace = true
            case "pre":
                lineBreak(2)
                preformatted += 1
            default:
                if let breaks = Self.blockBreaks[name] { lineBreak(breaks) }
            }
        }

        private mutating func closeTag(_ name: String) {
            if name == "pre" { preformatted = max(0, preformatted - 1) }
            if name == "td" || name == "th" {
                pendingSpace = true
            } else if let breaks = Self.blockBreaks[name] ?? (name == "pre" ? 2 : nil) {
                lineBreak(breaks)
            }
        }

        /// Skips to after `</name…>`, or to the end if the element is never closed.
        private mutating func skipElement(_ name: String) {
            let closer = Array("</\(name)".utf8)
            var cursor = index
            while let found = find([MIMEBytes.lessThan, MIMEBytes.slash], from: cursor) {
                if input[found..<min(input.count, found + closer.count)].map(MIMEBytes.lower).elementsEqual(closer) {
                    index = input[found...].firstIndex(of: MIMEBytes.greaterThan).map { $0 + 1 } ?? input.count
                    return
                }
                cursor = found + 2
            }
            index = input.count
        }

        /// Decodes the character reference at `index` (a `&`), or writes the `&` literally.
        private mutating func entity() {
            var cursor = index + 1
            let nameStart = cursor
            while cursor < input.count, cursor - nameStart < 32, Self.isNameByte(input[cursor]) || input[cursor] == MIMEBytes.hash { cursor += 1 }
            let name = String(decoding: input[nameStart..<cursor], as: UTF8.self)
            guard let text = name.hasPrefix("#") ? Self.numericReference(name.dropFirst()) : Self.entities[name] else {
                emit(CollectionOfOne(MIMEBytes.ampersand))
                index += 1
                return
            }
            index = cursor < input.count && input[cursor] == MIMEBytes.semicolon ? cursor + 1 : cursor
            if !text.isEmpty { emit(text.utf8) }
        }

        /// `#233` or `#xE9` as text; NUL, surrogates and values beyond Unicode become U+FFFD. Like browsers, the C1
        /// range means the windows-1252 characters at those bytes.
        private static func numericReference(_ digits: Substring) -> String? {
            let hex = digits.first == "x" || digits.first == "X"
            guard let value = hex ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10) else { return nil }
            let mapped = (0x80..<0xA0).contains(value) ? UInt32(MIMECharset.windows1252High[Int(value - 0x80)]) : value
            guard mapped != 0, let scalar = Unicode.Scalar(mapped) else { return "\u{FFFD}" }
            return String(Character(scalar))
        }

        private func find(_ needle: [UInt8], from start: Int) -> Int? {
            guard start < input.count else { return nil }
            var cursor = start
            while let found = input[cursor...].firstIndex(of: needle[0]) {
                if input[found...].starts(with: needle) { return found }
                cursor = found + 1
            }
            return nil
        }

        @inline(__always)
        private static func isSpecial(_ byte: UInt8) -> Bool {
            byte == MIMEBytes.lessThan || byte == MIMEBytes.ampersand || MIMEBytes.isWhitespace(byte) || byte == 0x0C
        }

        private static func isNameByte(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
        }

        private static let commentOpen = Array("!--".utf8)
        private static let commentClose = Array("-->".utf8)

        /// Elements that start and end on their own line, and how many line breaks surround them.
        private static let blockBreaks: [String: Int] = {
            var table: [String: Int] = [:]
            for name in ["p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "dl", "table", "hr", "address", "figure"] {
                table[name] = 2
            }
            for name in ["div", "tr", "li", "dt", "dd", "section", "article", "header", "footer", "nav", "aside", "main",
                "form", "fieldset", "center", "caption", "option", "body", "html"] {
                table[name] = 1
            }
            return table
        }()

        /// Named references mail HTML uses: the Latin-1 set and common punctuation. Invisible characters (soft
        /// hyphen, zero-width joiners, direction marks) become nothing, and the no-break spaces plain spaces.
        private static let entities: [String: String] = {
            var table: [String: String] = [
                "quot": "\"", "amp": "&", "apos": "'", "lt": "<", "gt": ">", "nbsp": " ", "ensp": " ", "emsp": " ", "thinsp": " ",
                "shy": "", "zwnj": "", "zwj": "", "lrm": "", "rlm": "",
                "OElig": "Œ", "oelig": "œ", "Scaron": "Š", "scaron": "š", "Yuml": "Ÿ", "fnof": "ƒ", "circ": "ˆ", "tilde": "˜",
                "ndash": "–", "mdash": "—", "lsquo": "‘", "rsquo": "’", "sbquo": "‚", "ldquo": "“", "rdquo": "”", "bdquo": "„",
                "dagger": "†", "Dagger": "‡", "bull": "•", "hellip": "…", "permil": "‰", "prime": "′", "Prime": "″",
                "lsaquo": "‹", "rsaquo": "›", "euro": "€", "trade": "™", "larr": "←", "uarr": "↑", "rarr": "→", "darr": "↓",
                "harr": "↔", "hearts": "♥",
            ]
            // U+00A1 to U+00FF in order; `-` holds the place of the soft hyphen, handled above.
            let latin1 = """
                iexcl cent pound curren yen brvbar sect uml copy ordf laquo not - reg macr deg plusmn sup2 sup3 acute micro \
                para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig \
                Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times \
                Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave \
                eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave \
                uacute ucirc uuml yacute thorn yuml
                """
            for (offset, name) in latin1.split(separator: " ").enumerated() where name != "-" {
                table[String(name)] = String(Character(Unicode.Scalar(UInt8(0xA1 + offset))))
            }
            return table
        }()
    }
}
