import Foundation

/// Decodes text in the charsets mail arrives in; never fails.
///
/// UTF-8, US-ASCII, ISO-8859-1, windows-1252 and UTF-16 are decoded here (fast, and total: no input is rejected);
/// the other charsets go through Foundation's `String.Encoding`, including the CoreFoundation encodings that
/// Foundation on Linux decodes but does not name. EUC-JP, which Foundation on Linux cannot decode, is
/// transcoded to Shift_JIS first. An unknown charset is decoded as UTF-8, or windows-1252 if it is not valid UTF-8.
public enum MIMECharset {
    /// Decodes `bytes` in the charset with this IANA name or alias (case-insensitive); nil or unknown names fall back.
    public static func decode(_ bytes: some Collection<UInt8>, charset: String?) -> String {
        decode(ArraySlice(bytes), charset: charset, lenient: true)
    }

    /// Whether the charset name is one this decoder knows.
    public static func isKnown(_ charset: String) -> Bool {
        decoders[key(charset)] != nil
    }

    /// Decodes `bytes`. `lenient` chooses what invalid UTF-8 labelled UTF-8 becomes: replacement characters
    /// (bodies, as mail clients show them), or windows-1252 (raw 8-bit headers, which are often Latin-1).
    static func decode(_ bytes: ArraySlice<UInt8>, charset: String?, lenient: Bool) -> String {
        let decoder = charset.flatMap { decoders[key($0)] } ?? .unknown
        switch decoder {
        case .utf8:
            if lenient { return String(decoding: bytes, as: UTF8.self) }
            return String(bytes: bytes, encoding: .utf8) ?? windows1252(bytes)
        case .ascii, .unknown:
            if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
            return String(bytes: bytes, encoding: .utf8) ?? windows1252(bytes)
        case .windows1252:
            return windows1252(bytes)
        case .utf16(let bigEndian):
            return utf16(bytes, bigEndian: bigEndian)
        case .eucJP:
            return foundation(MIMEEUCJP.shiftJIS(bytes)[...], String.Encoding(rawValue: cp932))
        case .foundation(let raw):
            return foundation(bytes, String.Encoding(rawValue: raw))
        }
    }

    /// Whether CR and LF bytes are line breaks in this charset whatever surrounds them, so that line endings can
    /// be normalized before decoding; false only for UTF-16 and UTF-32.
    static func isASCIICompatible(_ charset: String?) -> Bool {
        switch charset.flatMap({ decoders[key($0)] }) {
        case .utf16: false
        case .foundation(let raw):
            ![String.Encoding.utf32, .utf32BigEndian, .utf32LittleEndian].map(\.rawValue).contains(raw)
        default: true
        }
    }

    enum Decoder: Sendable {
        case utf8, ascii, windows1252, eucJP, unknown
        /// Big-endian, little-endian, or nil to read a byte order mark (big-endian without one, RFC 2781).
        case utf16(bigEndian: Bool?)
        /// A `String.Encoding` raw value.
        case foundation(UInt)
    }

    /// Lowercased, without the separators that aliases disagree on (`ISO_8859-1`, `iso8859-1`, `iso-8859-1`),
    /// and without an RFC 2231 language suffix (`utf-8*en`).
    static func key(_ name: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(name.utf8.count)
        for byte in name.utf8 {
            switch byte {
            case MIMEBytes.asterisk: return String(decoding: out, as: UTF8.self)
            case MIMEBytes.dash, MIMEBytes.underscore, MIMEBytes.colon, MIMEBytes.space, 0x2E, MIMEBytes.quote, MIMEBytes.apostrophe: continue
            default: out.append(MIMEBytes.lower(byte))
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// CoreFoundation encodings as `String.Encoding` raw values (`0x80000000 | CFStringEncoding`).
    private static func cf(_ encoding: UInt) -> Decoder { .foundation(0x8000_0000 | encoding) }
    private static let cp932: UInt = 0x8000_0420

    static let decoders: [String: Decoder] = {
        var table: [String: Decoder] = [:]
        func add(_ decoder: Decoder, _ names: String...) {
            for name in names { table[key(name)] = decoder }
        }
        add(.utf8, "utf-8", "unicode-1-1-utf-8", "x-unicode20utf8")
        add(.ascii, "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "us", "iso-ir-6", "cp367", "ibm367", "csascii")
        // Like browsers (WHATWG), Latin-1 labels decode as windows-1252: the C1 range holds its quotes and dashes.
        add(.windows1252, "iso-8859-1", "latin1", "l1", "iso_8859-1:1987", "cp819", "ibm819", "iso-ir-100", "csisolatin1",
            "windows-1252", "cp1252", "x-cp1252", "ms-ansi")
        add(.utf16(bigEndian: nil), "utf-16", "ucs-2", "csunicode")
        add(.utf16(bigEndian: true), "utf-16be", "unicodefffe")
        add(.utf16(bigEndian: false), "utf-16le")
        add(.foundation(String.Encoding.utf32.rawValue), "utf-32", "ucs-4")
        add(.foundation(String.Encoding.utf32BigEndian.rawValue), "utf-32be")
        add(.foundation(String.Encoding.utf32LittleEndian.rawValue), "utf-32le")
        add(cf(0x0400_0100), "utf-7", "unicode-1-1-utf-7", "csunicode11utf7")
        add(.foundation(String.Encoding.isoLatin2.rawValue), "iso-8859-2", "latin2", "l2", "iso-ir-101", "csisolatin2")
        add(cf(0x0203), "iso-8859-3", "latin3", "l3")
        add(cf(0x0204), "iso-8859-4", "latin4", "l4")
        add(cf(0x0205), "iso-8859-5", "cyrillic", "csisolatincyrillic")
        add(cf(0x0206), "iso-8859-6", "arabic", "iso-8859-6-i", "iso-8859-6-e")
        add(cf(0x0207), "iso-8859-7", "greek", "greek8")
        add(cf(0x0208), "iso-8859-8", "hebrew", "iso-8859-8-i", "iso-8859-8-e")
        add(cf(0x0209), "iso-8859-9", "latin5", "l5")
        add(cf(0x020A), "iso-8859-10", "latin6", "l6")
        add(cf(0x020D), "iso-8859-13", "latin7", "l7")
        add(cf(0x020E), "iso-8859-14", "latin8", "l8")
        add(cf(0x020F), "iso-8859-15", "latin9", "latin-9", "l9")
        add(cf(0x0210), "iso-8859-16", "latin10", "l10")
        add(.foundation(String.Encoding.windowsCP1250.rawValue), "windows-1250", "cp1250", "x-cp1250")
        add(.foundation(String.Encoding.windowsCP1251.rawValue), "windows-1251", "cp1251", "x-cp1251")
        add(.foundation(String.Encoding.windowsCP1253.rawValue), "windows-1253", "cp1253")
        add(.foundation(String.Encoding.windowsCP1254.rawValue), "windows-1254", "cp1254")
        add(cf(0x0505), "windows-1255", "cp1255")
        add(cf(0x0506), "windows-1256", "cp1256")
        add(cf(0x0507), "windows-1257", "cp1257")
        add(cf(0x0508), "windows-1258", "cp1258")
        add(cf(0x041D), "windows-874", "cp874", "tis-620", "iso-8859-11")
        add(cf(0x0A02), "koi8-r", "koi8", "cskoi8r")
        add(cf(0x0A08), "koi8-u", "koi8-ru")
        add(cf(0x041B), "ibm866", "cp866", "866")
        add(cf(0x0410), "ibm850", "cp850", "850")
        add(cf(0x0400), "ibm437", "cp437", "437")
        add(cf(0x0000), "macintosh", "mac", "macroman", "x-mac-roman", "csmacintosh")
        // Shift_JIS mail is in practice Microsoft's superset (cp932), as browsers assume.
        add(.foundation(cp932), "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis", "windows-31j", "cp932", "ms932")
        add(.eucJP, "euc-jp", "x-euc-jp", "cseucpkdfmtjapanese")
        add(.foundation(String.Encoding.iso2022JP.rawValue), "iso-2022-jp", "csiso2022jp")
        add(cf(0x0822), "iso-2022-jp-2", "iso-2022-jp-1", "csiso2022jp2")
        // GB18030 is a superset of GBK, which is a superset of GB2312 (EUC-CN).
        add(cf(0x0632), "gb18030", "gbk", "gb2312", "cp936", "windows-936", "euc-cn", "x-euc-cn", "x-gbk", "csgb2312", "chinese", "gb_2312-80")
        add(cf(0x0A05), "hz-gb-2312", "hz")
        add(cf(0x0A03), "big5", "csbig5", "x-x-big5", "cn-big5")
        add(cf(0x0423), "cp950", "windows-950")
        add(cf(0x0A06), "big5-hkscs")
        // cp949 (Unified Hangul Code) is a superset of EUC-KR; ks_c_5601-1987 is Outlook's name for it.
        add(cf(0x0422), "euc-kr", "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601", "ksc_5601", "cp949", "windows-949", "csksc56011987", "korean")
        add(cf(0x0840), "iso-2022-kr", "csiso2022kr")
        return table
    }()

    /// Decodes through Foundation. Foundation rejects the whole input over one bad sequence, so on failure the
    /// text is decoded line by line and only the damaged lines fall back to UTF-8 or windows-1252.
    private static func foundation(_ bytes: ArraySlice<UInt8>, _ encoding: String.Encoding) -> String {
        if let text = String(bytes: bytes, encoding: encoding) { return text }
        var out = ""
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: MIMEBytes.lf).map { $0 + 1 } ?? bytes.endIndex
            let line = bytes[start..<end]
            out += String(bytes: line, encoding: encoding) ?? String(bytes: line, encoding: .utf8) ?? windows1252(line)
            start = end
        }
        return out
    }

    /// The characters of windows-1252 bytes 0x80–0x9F; the five undefined bytes map to the C1 controls, as in WHATWG.
    static let windows1252High: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    /// windows-1252 to String; every byte has a meaning, so this never fails.
    static func windows1252(_ bytes: ArraySlice<UInt8>) -> String {
        // Each byte becomes at most three UTF-8 bytes.
        String(unsafeUninitializedCapacity: bytes.count * 3) { output in
            var o = 0
            for byte in bytes {
                let scalar: UInt16
                switch byte {
                case 0..<0x80:
                    output[o] = byte
                    o += 1
                    continue
                case 0x80..<0xA0: scalar = windows1252High[Int(byte - 0x80)]
                default: scalar = UInt16(byte)
                }
                if scalar < 0x800 {
                    output[o] = UInt8(0xC0 | (scalar >> 6))
                    output[o + 1] = UInt8(0x80 | (scalar & 0x3F))
                    o += 2
                } else {
                    output[o] = UInt8(0xE0 | (scalar >> 12))
                    output[o + 1] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
                    output[o + 2] = UInt8(0x80 | (scalar & 0x3F))
                    o += 3
                }
            }
            return o
        }
    }

    /// UTF-16 to String, with replacement characters for unpaired surrogates and an odd trailing byte.
    private static func utf16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool?) -> String {
        var start = bytes.startIndex
        var big = bigEndian ?? true
        if bigEndian == nil, bytes.count >= 2 {
            let first = bytes[start], second = bytes[start + 1]
            if first == 0xFE, second == 0xFF { big = true; start += 2 }
            else if first == 0xFF, second == 0xFE { big = false; start += 2 }
        }
        var units: [UInt16] = []
        units.reserveCapacity((bytes.endIndex - start) / 2)
        var index = start
        while index + 1 < bytes.endIndex {
            let high = UInt16(bytes[index]), low = UInt16(bytes[index + 1])
            units.append(big ? high << 8 | low : low << 8 | high)
            index += 2
        }
        if index < bytes.endIndex { units.append(0xFFFD) }
        return String(decoding: units, as: UTF16.self)
    }
}
