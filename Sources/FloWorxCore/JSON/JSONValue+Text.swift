/// Compact JSON text without `JSONEncoder`: the pipeline writes several event documents per email, and the
/// generic encoder (boxing every value, sorting through `CodingKey`s) was 6 % of the pipeline's CPU.
///
/// The output is what `JSONCoding.encoder()` produces (sorted keys, unescaped slashes, integral numbers without a
/// fraction), except that a non-finite number becomes `null` where the encoder threw.
extension JSONValue {
    /// This value as compact JSON text with sorted keys.
    public var jsonText: String {
        var out = ""
        out.reserveCapacity(256)
        Self.write(self, into: &out)
        return out
    }

    /// `members` as a JSON object, keys sorted.
    public static func jsonText(_ members: [String: JSONValue]) -> String {
        var out = ""
        out.reserveCapacity(256)
        writeObject(members, into: &out)
        return out
    }

    static func write(_ value: JSONValue, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .number(let number): writeNumber(number, into: &out)
        case .string(let string): writeString(string, into: &out)
        case .array(let elements):
            out += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { out += "," }
                write(element, into: &out)
            }
            out += "]"
        case .object(let members): writeObject(members, into: &out)
        }
    }

    static func writeObject(_ members: [String: JSONValue], into out: inout String) {
        out += "{"
        // JSONEncoder's `.sortedKeys` compares keys as strings (lexicographic by Unicode scalars for these ASCII keys).
        for (i, key) in members.keys.sorted().enumerated() {
            if i > 0 { out += "," }
            writeString(key, into: &out)
            out += ":"
            write(members[key]!, into: &out)
        }
        out += "}"
    }

    static func writeNumber(_ number: Double, into out: inout String) {
        guard number.isFinite else {
            out += "null"
            return
        }
        if number == number.rounded(), abs(number) < 9_007_199_254_740_992 {
            out += String(Int64(number))
        } else {
            out += "\(number)"
        }
    }

    static func writeString(_ string: String, into out: inout String) {
        out += "\""
        // Most strings need no escape: then they are appended whole (a copy of their bytes).
        guard string.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else {
            out += string
            out += "\""
            return
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(string.utf8.count + 16)
        let hex = Array("0123456789abcdef".utf8)
        for byte in string.utf8 {
            switch byte {
            case 0x22: bytes += [0x5C, 0x22]
            case 0x5C: bytes += [0x5C, 0x5C]
            case 0x0A: bytes += [0x5C, UInt8(ascii: "n")]
            case 0x0D: bytes += [0x5C, UInt8(ascii: "r")]
            case 0x09: bytes += [0x5C, UInt8(ascii: "t")]
            case 0x08: bytes += [0x5C, UInt8(ascii: "b")]
            case 0x0C: bytes += [0x5C, UInt8(ascii: "f")]
            case 0..<0x20: bytes += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: bytes.append(byte)
            }
        }
        out += String(decoding: bytes, as: UTF8.self)
        out += "\""
    }
}
