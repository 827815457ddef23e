/// An SMS body measured as carriers measure it: its encoding, its length in units (GSM-7 septets or UTF-16 code
/// units) and the segments it is split into. A concatenated message carries 153 septets (GSM-7) or 67 code units
/// (UCS-2) per segment; a segment boundary never falls inside an escape sequence or a surrogate pair.
public struct SMSText: Sendable, Hashable {
    /// The body.
    public let text: String
    /// GSM-7 when every character is in the GSM 03.38 alphabet, else UCS-2.
    public let encoding: SMSEncoding
    /// Length in septets (GSM-7, extension characters count 2) or UTF-16 code units (UCS-2).
    public let units: Int
    /// The parts the body is sent in (one for a short body; none for an empty one).
    public let segments: [String]

    /// Measures `text` as it is.
    public init(_ text: String) {
        self.text = text
        let encoding: SMSEncoding = SMSGSMAlphabet.canEncode(text) ? .gsm7 : .ucs2
        self.encoding = encoding
        let costs = text.unicodeScalars.map { Self.cost(of: $0, in: encoding) }
        self.units = costs.reduce(0, +)
        self.segments = Self.split(text, costs: costs, encoding: encoding, total: units)
    }

    /// How many messages the carrier bills for this body.
    public var segmentCount: Int { segments.count }

    /// Units one scalar takes in `encoding`.
    static func cost(of scalar: Unicode.Scalar, in encoding: SMSEncoding) -> Int {
        switch encoding {
        case .gsm7: SMSGSMAlphabet.septets(scalar) ?? 1
        case .ucs2: scalar.value > 0xFFFF ? 2 : 1
        }
    }

    private static func split(_ text: String, costs: [Int], encoding: SMSEncoding, total: Int) -> [String] {
        if total == 0 { return [] }
        if total <= encoding.singleSegmentCapacity { return [text] }
        let capacity = encoding.multipartSegmentCapacity
        var parts: [String] = []
        var current = String.UnicodeScalarView()
        var used = 0
        for (scalar, cost) in zip(text.unicodeScalars, costs) {
            // A two-unit character (escape sequence, surrogate pair) that does not fit whole starts the next segment.
            if used + cost > capacity {
                parts.append(String(current))
                current = String.UnicodeScalarView()
                used = 0
            }
            current.append(scalar)
            used += cost
        }
        if !current.isEmpty { parts.append(String(current)) }
        return parts
    }
}

extension SMSText {
    /// Prepares a body for sending: typographic characters transliterated to GSM-7 when that makes the whole body
    /// GSM-7 (see `SMSTransliteration`), then cut to at most `maxSegments` segments with an ellipsis. A cut falls
    /// between characters (never inside an emoji or a flag); the ellipsis is "..." in GSM-7 and "…" in UCS-2.
    public static func fitting(_ text: String, maxSegments: Int, transliterate: Bool = true) -> SMSText {
        let source = transliterate ? SMSTransliteration.toGSM(text) : text
        let whole = SMSText(source)
        let limit = max(1, maxSegments)
        if whole.segmentCount <= limit { return whole }
        let ellipsis = whole.encoding == .gsm7 ? "..." : "…"
        let ellipsisUnits = ellipsis.unicodeScalars.reduce(0) { $0 + cost(of: $1, in: whole.encoding) }
        let capacity = limit == 1 ? whole.encoding.singleSegmentCapacity : limit * whole.encoding.multipartSegmentCapacity
        // The longest prefix of whole characters whose units leave room for the ellipsis; segment packing can waste a
        // unit at a boundary, so the prefix is shortened until the result really fits.
        var prefix: [Character] = []
        var used = 0
        for character in source {
            let cost = character.unicodeScalars.reduce(0) { $0 + Self.cost(of: $1, in: whole.encoding) }
            if used + cost + ellipsisUnits > capacity { break }
            prefix.append(character)
            used += cost
        }
        while true {
            while let last = prefix.last, last.isWhitespace { prefix.removeLast() }
            let candidate = SMSText(String(prefix) + ellipsis)
            if candidate.segmentCount <= limit || prefix.isEmpty { return candidate }
            prefix.removeLast()
        }
    }
}
