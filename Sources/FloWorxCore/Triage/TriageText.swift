import Foundation

/// The text steps of the triage features (Training/features.py): body choice, HTML to text, reply and signature
/// stripping, normalisation and tokenisation. Every function reproduces its Python namesake; regexes run with
/// Unicode-scalar semantics, as Python's `re` does on `str`.
public enum TriageText {
    /// The body the features read: `text` if it has a non-space character, else `htmlToText(html)`.
    public static func body(_ input: TriageInput) -> String {
        if !strip(input.text).isEmpty { return input.text }
        return htmlToText(input.html ?? "")
    }

    /// `html_to_text`: drop script/style blocks; `<br>` and the ends of p, div, tr, li, h1–h6 become newlines, the ends
    /// of td/th a space; other tags removed; entities unescaped.
    public static func htmlToText(_ html: String) -> String {
        var h = removeScriptAndStyle(html)
        h = replacingTags(in: h, with: "\n", matching: lineTagEnd)
        h = replacingTags(in: h, with: " ", matching: cellTagEnd)
        h = removeTags(h)
        return TriageHTMLEntities.unescape(h)
    }

    /// `re.match(Patterns.noreply, local)` without `Regex` (its per-call cost was 3 % of the pipeline on form-relay
    /// mail): `no[-_.]?reply`, `do[-_.]?not[-_.]?reply`, `donotreply`, `ne[-_.]?pas[-_.]?repondre`, `no[-_.]?responder`
    /// at the start. Each optional separator is followed by a letter, so taking it greedily never needs a step back.
    static func startsNoReply(_ local: String) -> Bool {
        let bytes = Array(local.utf8)
        func matches(_ words: [String]) -> Bool {
            var i = 0
            for (n, word) in words.enumerated() {
                if n > 0, i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "_") || bytes[i] == UInt8(ascii: ".") {
                    i += 1
                }
                for byte in word.utf8 {
                    guard i < bytes.count, bytes[i] == byte else { return false }
                    i += 1
                }
            }
            return true
        }
        return matches(["no", "reply"]) || matches(["do", "not", "reply"]) || matches(["ne", "pas", "repondre"]) || matches(["no", "responder"])
    }

    /// `searchAtWordStart(Patterns.via, name) != nil`: "via" as a whole word (letters, numbers and `_` are word
    /// characters on both sides), without `Regex`.
    static func hasWordVia(_ name: String) -> Bool {
        let s = Array(name.unicodeScalars)
        func isWord(_ c: Unicode.Scalar) -> Bool { isLetterOrNumber(c) || c == "_" }
        var i = 0
        while i + 3 <= s.count {
            if s[i] == "v", s[i + 1] == "i", s[i + 2] == "a", i == 0 || !isWord(s[i - 1]), i + 3 == s.count || !isWord(s[i + 3]) { return true }
            i += 1
        }
        return false
    }

    /// `re.sub(pattern, replacement, h)` for a tag pattern, in one pass without `Regex` (two regex passes were 4 % of
    /// the pipeline's CPU): at each `<`, `tagEnd` gives the index after a match starting there, or nil.
    static func replacingTags(
        in h: String, with replacement: Unicode.Scalar, matching tagEnd: ([Unicode.Scalar], Int) -> Int?
    ) -> String {
        let s = Array(h.unicodeScalars)
        guard s.contains("<") else { return h }
        var out = String.UnicodeScalarView()
        out.reserveCapacity(s.count)
        var i = 0
        while i < s.count {
            if s[i] == "<", let end = tagEnd(s, i) {
                out.append(replacement)
                i = end
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return String(out)
    }

    /// Whether `s[j...]` starts with the ASCII letters of `word`, ignoring case.
    static func hasWord(_ s: [Unicode.Scalar], at j: Int, _ word: String) -> Bool {
        var k = j
        for c in word.unicodeScalars {
            guard k < s.count, asciiLower(s[k]) == c else { return false }
            k += 1
        }
        return true
    }

    /// `\s*>` from `j`: the index after the `>`, or nil.
    static func closeAngle(_ s: [Unicode.Scalar], from j: Int) -> Int? {
        var k = j
        while k < s.count, isSpace(s[k]) { k += 1 }
        return k < s.count && s[k] == ">" ? k + 1 : nil
    }

    /// `(?i)<br\s*/?>|</(p|div|tr|li|h[1-6])\s*>` at `i` (where `s[i]` is `<`).
    static func lineTagEnd(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
        if hasWord(s, at: i + 1, "br") {
            var k = i + 3
            while k < s.count, isSpace(s[k]) { k += 1 }
            if k < s.count, s[k] == "/" { k += 1 }
            if k < s.count, s[k] == ">" { return k + 1 }
        }
        guard i + 2 < s.count, s[i + 1] == "/" else { return nil }
        for name in ["p", "div", "tr", "li"] where hasWord(s, at: i + 2, name) {
            if let end = closeAngle(s, from: i + 2 + name.unicodeScalars.count) { return end }
        }
        if asciiLower(s[i + 2]) == "h", i + 3 < s.count, ("1"..."6").contains(s[i + 3]) {
            return closeAngle(s, from: i + 4)
        }
        return nil
    }

    /// `(?i)</t[dh]\s*>` at `i` (where `s[i]` is `<`).
    static func cellTagEnd(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
        guard i + 3 < s.count, s[i + 1] == "/", asciiLower(s[i + 2]) == "t", asciiLower(s[i + 3]) == "d" || asciiLower(s[i + 3]) == "h"
        else { return nil }
        return closeAngle(s, from: i + 4)
    }

    /// `re.sub(r"<[^>]*>", "", h)` in one linear pass: a `<` starts a tag when a `>` follows somewhere (the tag ends at
    /// the first one); once no `>` is left, the rest is text. (The regex would retry at every `<`: quadratic.)
    static func removeTags(_ h: String) -> String {
        let scalars = h.unicodeScalars
        var out = String.UnicodeScalarView()
        var i = scalars.startIndex
        while i < scalars.endIndex {
            if scalars[i] == "<" {
                guard let close = scalars[i...].firstIndex(of: ">") else {
                    out.append(contentsOf: scalars[i...])
                    break
                }
                i = scalars.index(after: close)
            } else {
                out.append(scalars[i])
                i = scalars.index(after: i)
            }
        }
        return String(out)
    }

    /// `re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", h)` in linear time. The regex would rescan to the end from
    /// every unclosed `<script` (quadratic); here, once a name has no closing tag left, its later openings are text.
    /// Names compare ASCII-case-insensitively (Python's `(?i)` also folds `ſ`/`K` Kelvin: not reproduced).
    static func removeScriptAndStyle(_ html: String) -> String {
        let s = Array(html.unicodeScalars)
        var out = String.UnicodeScalarView()
        var closed: [String: Bool] = [:]  // name → false once no closing tag is left after the current position
        var i = 0
        func at(_ j: Int, _ word: String) -> Bool {
            var k = j
            for c in word.unicodeScalars {
                guard k < s.count, asciiLower(s[k]) == c else { return false }
                k += 1
            }
            return true
        }
        func isWord(_ j: Int) -> Bool { j < s.count && (isLetterOrNumber(s[j]) || s[j] == "_") }
        /// The index after the first `</name\s*>` at or after `j`, or nil.
        func close(_ name: String, from j: Int) -> Int? {
            var k = j
            while k + 2 + name.unicodeScalars.count <= s.count {
                if s[k] == "<", s[k + 1] == "/", at(k + 2, name) {
                    var e = k + 2 + name.unicodeScalars.count
                    while e < s.count, isSpace(s[e]) { e += 1 }
                    if e < s.count, s[e] == ">" { return e + 1 }
                }
                k += 1
            }
            return nil
        }
        while i < s.count {
            if s[i] == "<", let name = ["script", "style"].first(where: { at(i + 1, $0) && !isWord(i + 1 + $0.unicodeScalars.count) }),
                closed[name] != false
            {
                if let end = close(name, from: i + 1 + name.unicodeScalars.count) {
                    out.append(" ")
                    i = end
                    continue
                }
                closed[name] = false
            }
            out.append(s[i])
            i += 1
        }
        return String(out)
    }

    static func asciiLower(_ c: Unicode.Scalar) -> Unicode.Scalar {
        ("A"..."Z").contains(c) ? Unicode.Scalar(c.value + 32)! : c
    }

    /// `re.findall(EMAIL_RE, s)` in linear time for `[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`: a match starts
    /// at the first local-part character of a run that ends at `@`; the domain is the longest prefix of the following
    /// domain run that ends in `.` and 2+ letters (what the backtracking regex settles on).
    static func emailAddresses(_ text: String) -> [String] {
        let s = Array(text.unicodeScalars)
        func isAlnum(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) }
        func isLetter(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) }
        func isLocal(_ c: Unicode.Scalar) -> Bool { isAlnum(c) || "._%+-".unicodeScalars.contains(c) }
        func isDomain(_ c: Unicode.Scalar) -> Bool { isAlnum(c) || c == "." || c == "-" }
        var found: [String] = []
        var i = 0
        while i < s.count {
            guard isLocal(s[i]) else { i += 1; continue }
            var r = i
            while r < s.count, isLocal(s[r]) { r += 1 }
            guard r < s.count, s[r] == "@" else { i = r + 1; continue }
            var d = r + 1
            while d < s.count, isDomain(s[d]) { d += 1 }
            // The last `.` at k ≥ r + 2 (one domain character before it) followed by at least two letters.
            var end: Int?
            var k = d - 1
            while k >= r + 2 {
                if s[k] == ".", k + 2 < d, isLetter(s[k + 1]), isLetter(s[k + 2]) {
                    var e = k + 1
                    while e < d, isLetter(s[e]) { e += 1 }
                    end = e
                    break
                }
                k -= 1
            }
            if let end {
                found.append(String(String.UnicodeScalarView(s[i..<end])))
                i = end
            } else {
                i = r + 1
            }
        }
        return found
    }

    /// `strip_reply`: cut at the first quoted-reply header, signature or Outlook header block; drop `>` lines.
    public static func stripReply(_ body: String) -> String {
        // Foundation's replacement bridges to NSString even when there is nothing to replace.
        let unixBody = body.utf8.contains(0x0D) ? body.replacingOccurrences(of: "\r\n", with: "\n") : body
        let lines = splitLines(unixBody)
        var out: [String] = []
        for (i, line) in lines.enumerated() {
            let s = strip(line)
            // Each pattern is anchored at the start and begins with one of a few characters: test those first.
            let first = s.unicodeScalars.first
            if startsLike(first, "oOlLeE-_") && matches(Patterns.quoteHead, s) { break }
            if startsLike(first, "-sSgGeEo\u{17F}O") && matches(Patterns.signature, s) { break }
            if let head = line.unicodeScalars.first, startsLike(head, "-sSgGeEo\u{17F}O"), matches(Patterns.signature, rstrip(line)) { break }
            if startsLike(first, "fFdDvV") && matches(Patterns.outlookFrom, s),
                lines[(i + 1)..<min(i + 4, lines.count)].contains(where: { matches(Patterns.outlookSent, strip($0)) })
            {
                break
            }
            if s.unicodeScalars.first == ">" { continue }
            out.append(line)
        }
        return out.joined(separator: "\n")
    }

    /// `normalize`: NFKD, drop combining marks (general category Mn), lower-case with the full Unicode mapping.
    /// Known gaps to Python, none seen in the corpus: Python lower-cases a word-final `Σ` to `ς` (Swift gives `σ`), and
    /// the two may use different Unicode versions for characters new in the later one.
    public static func normalize(_ s: String) -> String {
        // ASCII has no compatibility decomposition and no combining marks: only the lower-casing is left.
        if s.utf8.allSatisfy({ $0 < 0x80 }) { return s.lowercased() }
        var scalars = String.UnicodeScalarView()
        for scalar in s.decomposedStringWithCompatibilityMapping.unicodeScalars where scalar.properties.generalCategory != .nonspacingMark {
            scalars.append(scalar)
        }
        return String(scalars).lowercased()
    }

    /// `tokens`: maximal runs of letters (L*) and numbers (N*); a token with 3 or more ASCII digits has every ASCII
    /// digit replaced by `0`.
    public static func tokens(_ s: String) -> [String] {
        var out: [String] = []
        var current = String.UnicodeScalarView()
        var digits = 0
        func flush() {
            guard !current.isEmpty else { return }
            if digits >= 3 {
                var masked = String.UnicodeScalarView()
                for scalar in current { masked.append(("0"..."9").contains(scalar) ? "0" : scalar) }
                current = masked
            }
            out.append(String(current))
            current = String.UnicodeScalarView()
            digits = 0
        }
        for scalar in s.unicodeScalars {
            if isLetterOrNumber(scalar) {
                current.append(scalar)
                if ("0"..."9").contains(scalar) { digits += 1 }
            } else {
                flush()
            }
        }
        flush()
        return out
    }

    static func isLetterOrNumber(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    /// Python's `str.split("\n")`: splits on U+000A only (a CRLF stays split after the CR, unlike `Character`s).
    static func splitLines(_ s: String) -> [String] {
        s.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
    }

    /// Python's `str.isspace` for one scalar.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value)
    }

    /// Python's `str.strip()`.
    static func strip(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }), let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[first...last])
    }

    /// Python's `str.rstrip()`.
    static func rstrip(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[...last])
    }

    /// Whether `scalar` is one of `candidates`: a pattern anchored at the start can only match a line beginning so.
    static func startsLike(_ scalar: Unicode.Scalar?, _ candidates: String) -> Bool {
        guard let scalar else { return false }
        return candidates.unicodeScalars.contains(scalar)
    }

    /// Python's `re.match` (anchored at the start).
    static func matches(_ regex: Regex<AnyRegexOutput>, _ s: String) -> Bool {
        (try? regex.prefixMatch(in: s)) != nil
    }

    /// Python's `re.search`.
    static func contains(_ regex: Regex<AnyRegexOutput>, _ s: String) -> Bool {
        (try? regex.firstMatch(in: s)) != nil
    }

    /// Python's `re.search` for a pattern whose leading `\b` (before a word character) is left out: Swift's `Regex`
    /// has no lookbehind, and its simple word boundary does not treat digits as word characters (Swift 6.3). A match
    /// preceded by a word character (`\w`: letter, number or `_`) is skipped and the search goes on one scalar later.
    /// `needsBoundary` says whether the found match came from a branch that has the `\b`.
    static func searchAtWordStart(
        _ regex: Regex<AnyRegexOutput>, _ s: String, needsBoundary: (Regex<AnyRegexOutput>.Match) -> Bool = { _ in true }
    ) -> Regex<AnyRegexOutput>.Match? {
        var start = s.startIndex
        while start <= s.endIndex, let match = try? regex.firstMatch(in: s[start...]) {
            let lower = match.range.lowerBound
            guard needsBoundary(match), lower > s.startIndex else { return match }
            let previous = s.unicodeScalars[s.unicodeScalars.index(before: lower)]
            if !(isLetterOrNumber(previous) || previous == "_") { return match }
            guard lower < s.endIndex else { return nil }
            start = s.unicodeScalars.index(after: lower)
        }
        return nil
    }

    /// The regexes of features.py, compiled once. A trailing `\b` is written `(?!\w)`, a leading one is checked by
    /// `searchAtWordStart` (equivalent where, as here, the `\b` touches a word character of the pattern).
    enum Patterns {
        static func make(_ pattern: String, ignoreCase: Bool = false) -> Regex<AnyRegexOutput> {
            // The patterns are constants of this file; a failure is a programming error caught by the tests.
            let regex = (try! Regex(pattern)).matchingSemantics(.unicodeScalar)
            return ignoreCase ? regex.ignoresCase() : regex
        }

        nonisolated(unsafe) static let lineTags = make(#"<br\s*/?>|</(p|div|tr|li|h[1-6])\s*>"#, ignoreCase: true)
        nonisolated(unsafe) static let cellTags = make(#"</t[dh]\s*>"#, ignoreCase: true)
        nonisolated(unsafe) static let quoteHead = make(
            #"^(on .{4,200} wrote:|le .{4,200} a [ée]crit ?:|el .{4,200} escribi[óo]:|-{2,}\s*original message\s*-{2,}|"#
                + #"-{2,}\s*message d'origine\s*-{2,}|-{2,}\s*mensaje original\s*-{2,}|_{10,})\s*$"#, ignoreCase: true)
        nonisolated(unsafe) static let outlookFrom = make(#"^(from|de|von)\s?:\s.+$"#, ignoreCase: true)
        nonisolated(unsafe) static let outlookSent = make(#"^(sent|date|envoy[ée]|enviado|gesendet)\s?:"#, ignoreCase: true)
        nonisolated(unsafe) static let signature = make(
            #"^(-- ?|sent from my .*|get outlook for .*|envoy[ée] de mon .*|enviado desde mi .*|obtener outlook para .*)$"#, ignoreCase: true)
        nonisolated(unsafe) static let field = make(#"^\s*\**[^\W\d_][^\n:|]{0,30}?\**\s*(:|\s-\s|\s–\s|\|)\s*\S"#)
        nonisolated(unsafe) static let duration = make(#"(\d{1,2}:\d{2}|\d{1,3}\s?(sec|secs|seconds|secondes|segundos))(?!\w)"#, ignoreCase: true)
        /// Kept as the specification of `emailAddresses` (the tests compare the two).
        nonisolated(unsafe) static let email = make(#"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"#)
        nonisolated(unsafe) static let phone = make(#"(\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}"#)
        nonisolated(unsafe) static let stars = make(
            #"(★+)|([1-5])(?:\.0)?\s?(?:/\s?5|stars?|out of 5|étoiles?|estrellas?)(?!\w)|rating:?\s*([1-5])(?!\w)"#, ignoreCase: true)
        nonisolated(unsafe) static let noreply = make(#"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|donotreply|ne[-_.]?pas[-_.]?repondre|no[-_.]?responder)"#)
        nonisolated(unsafe) static let via = make(#"via(?!\w)"#)
        nonisolated(unsafe) static let subjectRe = make(#"^(re|ré|rv|aw)\s?:"#)
        nonisolated(unsafe) static let subjectFwd = make(#"^(fwd?|tr|rv)\s?:"#)
    }
}
