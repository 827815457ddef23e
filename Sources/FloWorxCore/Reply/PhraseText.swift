/// Text reduced to lowercase words without accents, for whole-word phrase tests in English, French and
/// Spanish: `Ça sent le GAZ !` reads `ca sent le gaz`.
///
/// The words are indexed by value once, so testing hundreds of phrases (the safety table) costs a
/// dictionary lookup per phrase rather than a scan of the text per phrase. Folding is by hand (Latin
/// accents, `œ`, `æ`), not through Foundation, which is many times slower on every draft.
struct PhraseText {
    /// The words in order.
    let words: [String]
    /// Where each word occurs.
    private let positions: [String: [Int]]

    init(_ text: some StringProtocol) {
        let words = Self.words(text)
        self.words = words
        var positions: [String: [Int]] = [:]
        for (index, word) in words.enumerated() { positions[word, default: []].append(index) }
        self.positions = positions
    }

    /// Whether `phrase` occurs as whole words; see `Phrase`.
    func contains(_ phrase: Phrase) -> Bool {
        guard let first = phrase.words.first else { return false }
        let last = phrase.words.count - 1
        func matches(at start: Int) -> Bool {
            guard start + last < words.count else { return false }
            for offset in 0...last {
                let word = words[start + offset]
                let wanted = phrase.words[offset]
                if offset == last && phrase.prefix ? !word.hasPrefix(wanted) : word != wanted { return false }
            }
            return true
        }
        if last == 0 && phrase.prefix {
            return positions.keys.contains { $0.hasPrefix(first) }
        }
        return positions[first]?.contains(where: matches) ?? false
    }

    /// Whether the phrase written as `text` occurs.
    func contains(_ text: String) -> Bool {
        contains(Phrase(text))
    }

    /// The first of `phrases` that occurs.
    func first(of phrases: [Phrase]) -> Phrase? {
        phrases.first(where: contains)
    }

    /// Lowercased words without accents: letters and digits; everything else separates (`d'oeuf` is `d oeuf`).
    static func words(_ text: some StringProtocol) -> [String] {
        var words: [String] = []
        var word = String.UnicodeScalarView()
        func flush() {
            if !word.isEmpty { words.append(String(word)) }
            word = String.UnicodeScalarView()
        }
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                switch scalar.value {
                case 0x41...0x5A: word.append(Unicode.Scalar(scalar.value + 0x20)!)
                case 0x61...0x7A, 0x30...0x39: word.append(scalar)
                default: flush()
                }
            } else if let folded = folding[scalar] {
                word.append(contentsOf: folded.unicodeScalars)
            } else if scalar.properties.generalCategory == .nonspacingMark {
                continue  // a combining accent: the base letter is already in the word
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                word.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            } else {
                flush()
            }
        }
        flush()
        return words
    }

    /// Latin letters with accents, and ligatures, as plain lowercase ASCII.
    private static let folding: [Unicode.Scalar: String] = {
        var table: [Unicode.Scalar: String] = [:]
        let groups: [(String, String)] = [
            ("àáâãäåÀÁÂÃÄÅ", "a"), ("çÇ", "c"), ("èéêëÈÉÊË", "e"), ("ìíîïÌÍÎÏ", "i"), ("ñÑ", "n"),
            ("òóôõöøÒÓÔÕÖØ", "o"), ("ùúûüÙÚÛÜ", "u"), ("ýÿÝŸ", "y"), ("œŒ", "oe"), ("æÆ", "ae"),
        ]
        for (letters, plain) in groups {
            for scalar in letters.unicodeScalars { table[scalar] = plain }
        }
        return table
    }()
}

/// A phrase to find in a `PhraseText`: whole words, written in any case and with or without accents;
/// a trailing `*` makes the last word a prefix (`effondr*` finds `effondré` and `effondrement`).
struct Phrase: Sendable, Hashable {
    /// The phrase as written.
    let text: String
    /// Its words, folded like the text's.
    let words: [String]
    /// Whether the last word is a prefix.
    let prefix: Bool

    init(_ text: String) {
        self.text = text
        prefix = text.hasSuffix("*")
        words = PhraseText.words(prefix ? String(text.dropLast()) : text)
    }
}
