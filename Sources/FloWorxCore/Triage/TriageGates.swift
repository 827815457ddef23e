/// Cheap necessary conditions for the costliest regexes of the feature extractor: without the condition the regex
/// cannot match, so the common message skips a full regex scan of its body. They change no result (the Swift port's
/// test vectors and `TriageGateTests` check it); they only make the answer "no" faster.
enum TriageGates {
    /// The text with ASCII letters lower-cased and every other scalar replaced by 0x80, except the two scalars whose
    /// case folding is an ASCII letter (ſ → s, K KELVIN SIGN → k). `nil` when the text holds a scalar whose folding
    /// is not a single scalar (İ, ı): the caller then runs the regex.
    static func folded(_ s: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar.value {
            case 0x41...0x5A: bytes.append(UInt8(scalar.value) | 0x20)
            case 0..<0x80: bytes.append(UInt8(scalar.value))
            case 0x17F: bytes.append(UInt8(ascii: "s"))
            case 0x212A: bytes.append(UInt8(ascii: "k"))
            case 0x130, 0x131: return nil
            default: bytes.append(0x80)
            }
        }
        return bytes
    }

    /// Whether `needle` (lower-case ASCII) occurs in `haystack`.
    static func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
        !needle.isEmpty && ByteSearch.contains(haystack, Array(needle.utf8))
    }

    /// An ASCII digit, or a non-ASCII scalar (0x80 in `folded`) that might be a digit of another script.
    static func mayBeDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) || byte == 0x80 }

    /// `Patterns.duration` needs a digit, ":" and two digits (`0:48`; a bare ":" is in most mail, from "Re:" to URLs),
    /// or "sec"/"seg" (case-insensitive).
    static func mayHaveDuration(_ s: String) -> Bool {
        guard let text = folded(s) else { return true }
        if contains(text, "sec") || contains(text, "seg") { return true }
        var i = 1
        while i + 2 < text.count {
            if text[i] == UInt8(ascii: ":"), mayBeDigit(text[i - 1]), mayBeDigit(text[i + 1]), mayBeDigit(text[i + 2]) { return true }
            i += 1
        }
        return false
    }

    /// `Patterns.phone` needs ten digits within 17 scalars (`+1 (416) 555-0142` is the longest shape), counted
    /// generously: any numeric scalar.
    static func mayHavePhone(_ s: String) -> Bool {
        // The positions of the last ten digits seen, as a ring.
        var recent = [Int](repeating: Int.min / 2, count: 10)
        var seen = 0
        var position = 0
        for scalar in s.unicodeScalars {
            // ASCII is by far the common case: only 0–9 have a numeric type there, and the property lookup is not free.
            if scalar.isASCII ? (0x30...0x39).contains(scalar.value) : scalar.properties.numericType != nil {
                // With this one, the last ten digits start at the one nine back: recent[(seen - 9) mod 10].
                if position - recent[(seen + 1) % 10] < 17 { return true }
                recent[seen % 10] = position
                seen += 1
            }
            position += 1
        }
        return false
    }

    /// `Patterns.stars` needs "★", "/5" (with at most one space between: `/\s?5`; a bare "/" is in every URL and
    /// date), "star", "out of", "toile" (étoile), "estrella" or "rating" (case-insensitive).
    static func mayHaveStars(_ s: String) -> Bool {
        if s.unicodeScalars.contains("★") { return true }
        guard let text = folded(s) else { return true }
        if contains(text, "star") || contains(text, "out of") || contains(text, "toile") || contains(text, "estrella")
            || contains(text, "rating")
        {
            return true
        }
        // A space here is ASCII white space or any non-ASCII scalar (which may be one).
        func maySpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) || byte == 0x80 }
        var i = 0
        while i + 1 < text.count {
            if text[i] == UInt8(ascii: "/"),
                text[i + 1] == UInt8(ascii: "5") || (maySpace(text[i + 1]) && i + 2 < text.count && text[i + 2] == UInt8(ascii: "5"))
            {
                return true
            }
            i += 1
        }
        return false
    }
}
