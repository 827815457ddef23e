import Foundation

/// Text reduced to lowercase words without accents, one space apart, for whole-word phrase tests in
/// English, French and Spanish: `Ça sent le GAZ !` reads ` ca sent le gaz `.
///
/// Built once per draft (the composer and the draft policy look at one email at a time), so Foundation's
/// folding is affordable here; the hot classification path does not use it.
struct PhraseText {
    /// The words, each preceded and followed by one space.
    let padded: String

    init(_ text: some StringProtocol) {
        padded = " " + Self.words(text).joined(separator: " ") + " "
    }

    /// Whether `phrase` occurs as whole words; a phrase ending in `*` matches any word starting with its
    /// last word (`effondr*` finds `effondré` and `effondrement`).
    func contains(_ phrase: String) -> Bool {
        if phrase.hasSuffix("*") {
            let stem = Self.words(phrase.dropLast()).joined(separator: " ")
            return !stem.isEmpty && padded.contains(" " + stem)
        }
        let words = Self.words(phrase).joined(separator: " ")
        return !words.isEmpty && padded.contains(" " + words + " ")
    }

    /// The first of `phrases` that occurs.
    func first(of phrases: [String]) -> String? {
        phrases.first(where: contains)
    }

    /// Lowercased, accent-free words: letters and digits; everything else separates.
    static func words(_ text: some StringProtocol) -> [Substring] {
        let folded = String(text)
            .replacingOccurrences(of: "œ", with: "oe").replacingOccurrences(of: "Œ", with: "oe")
            .folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .lowercased()
        return folded.split(whereSeparator: { !($0.isLetter || $0.isNumber) })
    }
}
