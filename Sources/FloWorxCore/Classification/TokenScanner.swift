/// Splits UTF-8 text into word tokens in one pass, without allocating a string per word.
///
/// Words are runs of ASCII letters and digits and of non-ASCII letters; `$`, `%`, `#` and `★` are tokens
/// of their own. ASCII and Latin-1 capitals are folded to lower case in the hash, apostrophes are skipped,
/// and hyphens split words (`tune-up` reads as `tune up`).
enum TokenScanner {
    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// The hashes of the words of a phrase, e.g. `["no", "heat"]` for `"no heat"`.
    static func hashes(phrase: String) -> [UInt64] {
        var result: [Token] = []
        let bytes = Array(phrase.utf8)
        bytes.withUnsafeBufferPointer { scan($0, into: &result) }
        return result.map(\.hash)
    }

    /// Appends the tokens of `bytes` to `tokens`.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, into tokens: inout [Token]) {
        let count = bytes.count
        var index = 0
        var pending: Token.Flags = [.breakBefore, .lineStart]
        while index < count {
            let byte = bytes[index]
            if isWordStart(bytes, index) {
                let start = index
                var hash = offsetBasis
                var letters = 0
                var capitals = 0
                var digits = 0
                var length = 0
                while index < count {
                    let b = bytes[index]
                    if b < 0x80 {
                        if b >= 0x61 && b <= 0x7A {
                            letters += 1
                        } else if b >= 0x41 && b <= 0x5A {
                            letters += 1
                            capitals += 1
                        } else if b >= 0x30 && b <= 0x39 {
                            digits += 1
                        } else if b == 0x27, index + 1 < count, isLetter(bytes[index + 1]) {
                            index += 1
                            continue
                        } else {
                            break
                        }
                        hash = (hash ^ UInt64(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)) &* prime
                        length += 1
                        index += 1
                    } else {
                        if b == 0xE2, index + 2 < count, bytes[index + 1] == 0x80 {
                            // U+2018/2019 inside a word is an apostrophe; other U+20xx punctuation ends the word.
                            let third = bytes[index + 2]
                            if (third == 0x98 || third == 0x99), index + 3 < count, isLetter(bytes[index + 3]), length > 0 {
                                index += 3
                                continue
                            }
                            break
                        }
                        if b == 0xC2 { break }  // U+0080–U+00BF: no-break space, °, «, » …
                        if isStar(bytes, index) { break }
                        var folded = b
                        if b == 0xC3, index + 1 < count {
                            hash = (hash ^ UInt64(b)) &* prime
                            index += 1
                            let next = bytes[index]
                            // Latin-1 capitals À–Þ (except ×) fold to à–þ.
                            folded = (next >= 0x80 && next <= 0x9E && next != 0x97) ? next + 0x20 : next
                        }
                        hash = (hash ^ UInt64(folded)) &* prime
                        letters += 1
                        length += 1
                        index += 1
                    }
                }
                var flags = pending
                pending = []
                let first = bytes[start]
                if first >= 0x41 && first <= 0x5A { flags.insert(.capitalized) }
                if first >= 0x30 && first <= 0x39 { flags.insert(.startsWithDigit) }
                if digits > 0 && letters == 0 { flags.insert(.numeric) }
                if capitals >= 2 && capitals == letters && digits == 0 { flags.insert(.allCaps) }
                var look = index
                while look < count && (bytes[look] == 0x20 || bytes[look] == 0x09) { look += 1 }
                if look < count && bytes[look] == 0x3A { flags.insert(.colonAfter) }
                tokens.append(Token(hash: hash, start: Int32(start), end: Int32(index), flags: flags))
                continue
            }
            switch byte {
            case 0x0A:
                pending.formUnion([.breakBefore, .lineStart])
            case 0x2E, 0x2C, 0x3A:
                // `.`, `,` and `:` end a clause only before white space, so `1,250.00` and `gmail.com` stay whole.
                if index + 1 >= count || isSpace(bytes[index + 1]) { pending.insert(.breakBefore) }
            case 0x21, 0x3F, 0x3B, 0x28, 0x29, 0x5B, 0x5D, 0x7C:
                pending.insert(.breakBefore)
            case 0x24, 0x25, 0x23:
                // `$`, `%` and `#` are words of their own: "50 % off", "order # 123".
                tokens.append(Token(hash: (offsetBasis ^ UInt64(byte)) &* prime, start: Int32(index), end: Int32(index + 1), flags: pending))
                pending = []
            default:
                if isStar(bytes, index) {
                    tokens.append(Token(hash: starHash, start: Int32(index), end: Int32(index + 3), flags: pending))
                    pending = []
                    index += 3
                    continue
                }
            }
            index += 1
        }
    }

    /// The hash of the `★` token.
    static let starHash: UInt64 = (((offsetBasis ^ 0xE2) &* prime ^ 0x98) &* prime ^ 0x85) &* prime

    @inline(__always)
    private static func isStar(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        bytes[index] == 0xE2 && index + 2 < bytes.count && bytes[index + 1] == 0x98 && bytes[index + 2] == 0x85
    }

    @inline(__always)
    private static func isLetter(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A)
    }

    @inline(__always)
    private static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09
    }

    @inline(__always)
    private static func isWordStart(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        let b = bytes[index]
        if b < 0x80 { return (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) }
        if b == 0xC2 || b < 0xC3 { return false }
        if b == 0xE2 { return false }  // general punctuation, arrows, symbols, ★
        if b == 0xEF { return false }  // BOM, replacement character
        return true
    }
}
