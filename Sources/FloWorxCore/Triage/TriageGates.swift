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
        let needle = Array(needle.utf8)
        let n = needle.count
        guard n > 0, haystack.count >= n else { return false }
        let first = needle[0]
        var i = 0
        while i <= haystack.count - n {
            if haystack[i] == first {
                var j = 1
                while j < n && haystack[i + j] == needle[j] { j += 1 }
                if j == n { return true }
            }
            i += 1
        }
        return false
    }

    /// `Patterns.duration` needs ":" or "sec"/"seg" (case-insensitive).
    static func mayHaveDuration(_ s: String) -> Bool {
        guard let text = folded(s) else { return true }
        return text.contains(UInt8(ascii: ":")) || contains(text, "sec") || contains(text, "seg")
    }

    /// `Patterns.phone` needs ten digits (counted generously: any numeric scalar).
    static func mayHavePhone(_ s: String) -> Bool {
        var digits = 0
        for scalar in s.unicodeScalars where scalar.properties.numericType != nil {
            digits += 1
            if digits >= 10 { return true }
        }
        return false
    }

    /// `Patterns.stars` needs "★", "/", "star", "out of", "toile" (étoile), "estrella" or "rating" (case-insensitive).
    static func mayHaveStars(_ s: String) -> Bool {
        if s.unicodeScalars.contains("★") { return true }
        guard let text = folded(s) else { return true }
        return text.contains(UInt8(ascii: "/")) || contains(text, "star") || contains(text, "out of") || contains(text, "toile")
            || contains(text, "estrella") || contains(text, "rating")
    }
}
