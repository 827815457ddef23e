/// Checks filter values against their column's type before the query runs, with PostgreSQL's own error (22P02).
///
/// Prepared reads run their generic plan, in which a cast of a parameter is evaluated only when a row reaches it:
/// without this check, `version=eq.abc` would answer `[]` on a table with no matching row and 400 otherwise. For
/// the types checked here the answer is always 400; a value of any other non-text type makes the statement use a
/// custom plan instead (`RestStatement.genericPlanSafe`), where PostgreSQL folds the cast while planning.
enum RestValueCheck {
    /// What is known about checking values of a base type.
    enum Kind {
        /// Any text is valid.
        case text
        /// Checked here.
        case checked
        /// Only PostgreSQL knows (timestamps, numerics, JSON…).
        case unchecked
    }

    static func kind(of baseType: String) -> Kind {
        switch baseType {
        case "text", "varchar", "bpchar", "name", "citext": .text
        case "int2", "int4", "int8", "uuid", "bool": .checked
        default: .unchecked
        }
    }

    /// Throws PostgreSQL's error for a value its type would refuse.
    static func check(_ value: String, baseType: String) throws(RestQueryError) {
        switch baseType {
        case "int2": try integer(value, range: Int(Int16.min)...Int(Int16.max), name: "smallint")
        case "int4": try integer(value, range: Int(Int32.min)...Int(Int32.max), name: "integer")
        case "int8": try integer(value, range: Int.min...Int.max, name: "bigint")
        case "uuid": guard isUUID(value) else { throw invalid("uuid", value) }
        case "bool": guard isBoolean(value) else { throw invalid("boolean", value) }
        default: break
        }
    }

    private static func integer(_ value: String, range: ClosedRange<Int>, name: String) throws(RestQueryError) {
        let trimmed = value.trimmingWhitespace()
        let digits = trimmed.first == "-" || trimmed.first == "+" ? trimmed.dropFirst() : Substring(trimmed)
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { throw invalid(name, value) }
        guard let number = Int(trimmed), range.contains(number) else {
            throw RestQueryError(code: "22003", message: "value \"\(value)\" is out of range for type \(name)", status: 400)
        }
    }

    /// 32 hex digits, with optional braces and hyphens (PostgreSQL accepts both).
    private static func isUUID(_ value: String) -> Bool {
        var hex = 0
        for byte in value.trimmingWhitespace().utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"): hex += 1
            case UInt8(ascii: "-"), UInt8(ascii: "{"), UInt8(ascii: "}"): continue
            default: return false
            }
        }
        return hex == 32
    }

    /// PostgreSQL's boolean input: prefixes of true/false/yes/no, on/off, 1/0, any case.
    private static func isBoolean(_ value: String) -> Bool {
        let text = value.trimmingWhitespace().lowercased()
        guard !text.isEmpty else { return false }
        if ["1", "0", "on", "off", "of"].contains(text) { return true }
        return ["true", "false", "yes", "no"].contains { $0.hasPrefix(text) }
    }

    private static func invalid(_ type: String, _ value: String) -> RestQueryError {
        RestQueryError(code: "22P02", message: "invalid input syntax for type \(type): \"\(value)\"", status: 400)
    }
}
