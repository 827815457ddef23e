/// Typographic characters that word processors and mail clients put into text (curly quotes, dashes, the ellipsis,
/// non-breaking spaces) mapped to their GSM-7 equivalents, so an alert does not fall back to UCS-2 (70 characters per
/// segment instead of 160) for a single curly apostrophe.
public enum SMSTransliteration {
    /// Replacement per scalar; an empty replacement removes the character (invisible ones).
    public static let table: [Unicode.Scalar: String] = [
        "\u{2018}": "'", "\u{2019}": "'", "\u{201A}": "'", "\u{201B}": "'", "\u{2032}": "'", "\u{00B4}": "'", "`": "'",
        "\u{201C}": "\"", "\u{201D}": "\"", "\u{201E}": "\"", "\u{201F}": "\"", "\u{2033}": "\"", "\u{00AB}": "\"", "\u{00BB}": "\"",
        "\u{2010}": "-", "\u{2011}": "-", "\u{2012}": "-", "\u{2013}": "-", "\u{2014}": "-", "\u{2015}": "-", "\u{2212}": "-",
        "\u{2026}": "...", "\u{2022}": "-", "\u{00B7}": ".",
        "\u{00A0}": " ", "\u{2002}": " ", "\u{2003}": " ", "\u{2009}": " ", "\u{202F}": " ", "\t": " ",
        "\u{200B}": "", "\u{200C}": "", "\u{200D}": "", "\u{2060}": "", "\u{FEFF}": "", "\u{00AD}": "",
    ]

    /// `text` with every mapped character replaced, when the result is all GSM-7; otherwise `text` unchanged (the
    /// message goes as UCS-2 anyway, so the original typography costs nothing).
    public static func toGSM(_ text: String) -> String {
        if SMSGSMAlphabet.canEncode(text) { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if let replacement = table[scalar] { result.append(contentsOf: replacement.unicodeScalars) } else { result.append(scalar) }
        }
        let mapped = String(result)
        return SMSGSMAlphabet.canEncode(mapped) ? mapped : text
    }
}
