import Foundation

/// Finds and removes stated prices, so that drafts quote none unless the client allows it.
///
/// A price is any currency symbol (Unicode category Sc: `$`, `€`, `£`, `¥`, `₹` …) or a currency
/// code or word (`USD`, `CAD`, `dollars`, `bucks` …) standing next to a digit, directly or across a
/// single whitespace character (`100 USD`, `USD100`, `5 dollars`).
///
/// Public so that any `AIProvider` can hold a model's output to the same rule.
public enum PriceGuard {
    /// Lowercased currency codes and words.
    static let currencyWords: Set<String> = [
        "usd", "cad", "aud", "nzd", "eur", "gbp", "inr", "jpy", "chf", "mxn", "zar", "sgd", "hkd",
        "dollar", "dollars", "buck", "bucks", "euro", "euros", "rupee", "rupees", "cent", "cents",
    ]

    /// Whether `text` states a price.
    public static func containsPrice(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        return scalars.contains(where: isCurrencySymbol) || !pricedWordRanges(in: scalars).isEmpty
    }

    /// `text` without currency symbols and without currency words that stand next to a digit;
    /// the digits stay, so phone numbers and dates survive.
    public static func strip(_ text: String) -> String {
        var scalars = Array(text.unicodeScalars)
        // A removal can bring a word next to a digit (`5$USD` → `5USD`), so repeat until clean;
        // every pass removes something, so this ends.
        while true {
            let ranges = pricedWordRanges(in: scalars)
            let hasSymbol = scalars.contains(where: isCurrencySymbol)
            if ranges.isEmpty && !hasSymbol { break }
            for range in ranges.reversed() { scalars.removeSubrange(range) }
            scalars.removeAll(where: isCurrencySymbol)
        }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars)
        return String(result)
    }

    /// `text` with every sentence that states a price left out (a price without its sentence leaves no amount behind).
    public static func droppingPricedSentences(_ text: String) -> String {
        guard containsPrice(text) else { return text }
        var kept: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            index = text.index(after: index)
            if character == "." || character == "!" || character == "?" || character == "\n" {
                let sentence = text[start..<index]
                if !containsPrice(String(sentence)) { kept.append(sentence) }
                start = index
            }
        }
        let tail = text[start...]
        if !containsPrice(String(tail)) { kept.append(tail) }
        return kept.joined().trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A name without anything price-like: currency symbols and digits go when it states a price.
    static func cleanName(_ name: String) -> String {
        guard containsPrice(name) else { return name }
        let kept = name.unicodeScalars.filter { !isCurrencySymbol($0) && $0.properties.numericType == nil }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: kept)
        return String(view).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    // ASCII answers first: Unicode property lookups cost far more, and drafts are mostly ASCII.

    private static func isCurrencySymbol(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? scalar == "$" : scalar.properties.generalCategory == .currencySymbol
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? ("0"..."9").contains(scalar) : scalar.properties.numericType == .decimal
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) : scalar.properties.isAlphabetic
    }

    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? scalar == " " || ("\t"..."\r").contains(scalar) : scalar.properties.isWhitespace
    }

    /// The ranges of maximal letter runs that are currency words with a digit next to them.
    private static func pricedWordRanges(in scalars: [Unicode.Scalar]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var index = 0
        while index < scalars.count {
            guard isLetter(scalars[index]) else {
                index += 1
                continue
            }
            var end = index
            while end < scalars.count, isLetter(scalars[end]) { end += 1 }
            if (3...7).contains(end - index), digitNear(scalars, before: index) || digitNear(scalars, from: end) {
                var word = String.UnicodeScalarView()
                word.append(contentsOf: scalars[index..<end])
                if currencyWords.contains(String(word).lowercased()) { ranges.append(index..<end) }
            }
            index = end
        }
        return ranges
    }

    /// Whether a digit ends right before `index`, possibly across one whitespace character
    /// (a CRLF pair counts as one, as it is one `Character`); combining marks are skipped.
    private static func digitNear(_ scalars: [Unicode.Scalar], before index: Int) -> Bool {
        var position = skipMarks(scalars, from: index - 1, step: -1)
        if position >= 0, isWhitespace(scalars[position]) {
            position -= scalars[position] == "\n" && position > 0 && scalars[position - 1] == "\r" ? 2 : 1
            position = skipMarks(scalars, from: position, step: -1)
        }
        return position >= 0 && isDigit(scalars[position])
    }

    /// Whether a digit starts at `index`, possibly after one whitespace character.
    private static func digitNear(_ scalars: [Unicode.Scalar], from index: Int) -> Bool {
        var position = skipMarks(scalars, from: index, step: 1)
        if position < scalars.count, isWhitespace(scalars[position]) {
            position += scalars[position] == "\r" && position + 1 < scalars.count && scalars[position + 1] == "\n" ? 2 : 1
            position = skipMarks(scalars, from: position, step: 1)
        }
        return position < scalars.count && isDigit(scalars[position])
    }

    /// The first position from `start` in direction `step` that is not a combining mark.
    private static func skipMarks(_ scalars: [Unicode.Scalar], from start: Int, step: Int) -> Int {
        var position = start
        while position >= 0, position < scalars.count, isMark(scalars[position]) { position += step }
        return position
    }

    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return false }
        return switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }
}
