/// Python's `html.unescape` for the references mail uses: numeric references with the HTML5 rules and the common
/// named ones. Python knows all 2,231 HTML5 names (and a few without `;`); a name missing here stays literal — a
/// documented, rare difference (Training/README.md "What a Swift port needs").
enum TriageHTMLEntities {
    static func unescape(_ s: String) -> String {
        guard s.unicodeScalars.contains("&") else { return s }
        let scalars = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            guard scalars[i] == "&", let (text, end) = reference(scalars, at: i) else {
                out.append(scalars[i])
                i += 1
                continue
            }
            out.append(contentsOf: text.unicodeScalars)
            i = end
        }
        return String(out)
    }

    /// The replacement and the index after the reference starting at `start` (an `&`), or nil to keep it literal.
    private static func reference(_ s: [Unicode.Scalar], at start: Int) -> (String, Int)? {
        var i = start + 1
        if i < s.count, s[i] == "#" {
            i += 1
            let hex = i < s.count && (s[i] == "x" || s[i] == "X")
            if hex { i += 1 }
            let digitsStart = i
            while i < s.count, hex ? s[i].properties.isASCIIHexDigit : ("0"..."9").contains(s[i]) { i += 1 }
            guard i > digitsStart else { return nil }
            let digits = String(String.UnicodeScalarView(s[digitsStart..<i]))
            if i < s.count, s[i] == ";" { i += 1 }
            let value = UInt64(digits, radix: hex ? 16 : 10) ?? UInt64.max
            return (numeric(value), i)
        }
        // Python: [^\t\n\f <&#;]{1,32};? then the longest known name.
        let nameStart = i
        while i < s.count, i - nameStart < 32, !"\t\n\u{0C} <&#;".unicodeScalars.contains(s[i]) { i += 1 }
        guard i > nameStart else { return nil }
        let name = String(String.UnicodeScalarView(s[nameStart..<i]))
        if i < s.count, s[i] == ";", let text = named[name] { return (text, i + 1) }
        // Without `;`: the longest prefix that is a legacy name (amp, lt, gt, quot, nbsp, …).
        for length in stride(from: min(name.unicodeScalars.count, 6), through: 2, by: -1) {
            let prefix = String(String.UnicodeScalarView(s[nameStart..<(nameStart + length)]))
            if legacy.contains(prefix), let text = named[prefix] { return (text, nameStart + length) }
        }
        return nil
    }

    /// Python's `_replace_charref` for a numeric reference.
    private static func numeric(_ value: UInt64) -> String {
        if let mapped = windows1252[value] { return mapped }
        if (0xD800...0xDFFF).contains(value) || value > 0x10FFFF || value == 0 { return "\u{FFFD}" }
        // Python drops the invalid code points 0x1-0x8, 0xE-0x1F, 0x7F-0x9F, 0xFDD0-0xFDEF, 0xB, noncharacters.
        if (0x1...0x8).contains(value) || (0xE...0x1F).contains(value) || (0x7F...0x9F).contains(value) || (0xFDD0...0xFDEF).contains(value)
            || value == 0xB || (value & 0xFFFF) >= 0xFFFE
        {
            return ""
        }
        return String(Unicode.Scalar(UInt32(value)).map(Character.init) ?? "\u{FFFD}")
    }

    private static let windows1252: [UInt64: String] = [
        0x80: "\u{20AC}", 0x81: "\u{81}", 0x82: "\u{201A}", 0x83: "\u{0192}", 0x84: "\u{201E}", 0x85: "\u{2026}", 0x86: "\u{2020}",
        0x87: "\u{2021}", 0x88: "\u{02C6}", 0x89: "\u{2030}", 0x8A: "\u{0160}", 0x8B: "\u{2039}", 0x8C: "\u{0152}", 0x8D: "\u{8D}",
        0x8E: "\u{017D}", 0x8F: "\u{8F}", 0x90: "\u{90}", 0x91: "\u{2018}", 0x92: "\u{2019}", 0x93: "\u{201C}", 0x94: "\u{201D}",
        0x95: "\u{2022}", 0x96: "\u{2013}", 0x97: "\u{2014}", 0x98: "\u{02DC}", 0x99: "\u{2122}", 0x9A: "\u{0161}", 0x9B: "\u{203A}",
        0x9C: "\u{0153}", 0x9D: "\u{9D}", 0x9E: "\u{017E}", 0x9F: "\u{0178}", 0x0D: "\r", 0x00: "\u{FFFD}",
    ]

    /// Names HTML5 also accepts without the `;` (the Latin-1 set and the four XML ones).
    private static let legacy: Set<String> = {
        var names: Set<String> = ["amp", "AMP", "lt", "LT", "gt", "GT", "quot", "QUOT", "nbsp", "copy", "COPY", "reg", "REG"]
        names.formUnion(latin1Names.filter { $0 != "-" })
        return names
    }()

    private static let latin1Names: [String] = """
        iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro \
        para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig \
        Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times \
        Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave \
        eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave \
        uacute ucirc uuml yacute thorn yuml
        """.split(separator: " ").map(String.init)

    /// Python's html5 table for the names mail uses (exact code points, unlike the MIME renderer's simplifications).
    private static let named: [String: String] = {
        var table: [String: String] = [
            "quot": "\"", "QUOT": "\"", "amp": "&", "AMP": "&", "apos": "'", "lt": "<", "LT": "<", "gt": ">", "GT": ">",
            "nbsp": "\u{A0}", "ensp": "\u{2002}", "emsp": "\u{2003}", "thinsp": "\u{2009}", "zwnj": "\u{200C}", "zwj": "\u{200D}",
            "lrm": "\u{200E}", "rlm": "\u{200F}", "COPY": "©", "REG": "®",
            "OElig": "Œ", "oelig": "œ", "Scaron": "Š", "scaron": "š", "Yuml": "Ÿ", "fnof": "ƒ", "circ": "ˆ", "tilde": "˜",
            "ndash": "–", "mdash": "—", "lsquo": "‘", "rsquo": "’", "sbquo": "‚", "ldquo": "“", "rdquo": "”", "bdquo": "„",
            "dagger": "†", "Dagger": "‡", "bull": "•", "hellip": "…", "permil": "‰", "prime": "′", "Prime": "″",
            "lsaquo": "‹", "rsaquo": "›", "euro": "€", "trade": "™", "larr": "←", "uarr": "↑", "rarr": "→", "darr": "↓",
            "harr": "↔", "hearts": "♥", "star": "☆", "starf": "★", "check": "✓", "middot": "·", "colon": ":", "comma": ",",
            "period": ".", "excl": "!", "quest": "?", "num": "#", "dollar": "$", "percnt": "%", "lpar": "(", "rpar": ")",
            "ast": "*", "plus": "+", "sol": "/", "semi": ";", "equals": "=", "commat": "@", "lsqb": "[", "rsqb": "]",
            "lowbar": "_", "verbar": "|", "lcub": "{", "rcub": "}", "Tab": "\t", "NewLine": "\n",
        ]
        for (offset, name) in latin1Names.enumerated() {
            table[name] = String(Character(Unicode.Scalar(UInt8(0xA1 + offset))))
        }
        return table
    }()
}
