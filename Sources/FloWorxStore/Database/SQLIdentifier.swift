import Foundation

/// PostgreSQL identifiers in SQL text FloWorx writes.
enum SQLIdentifier {
    /// `name` as a quoted identifier: in double quotes, a double quote inside doubled. For names from the catalog or
    /// a whitelist, never for values (those are bound parameters).
    static func quoted(_ name: String) -> String {
        // A double quote inside a name is rare: skip the replacement otherwise.
        guard name.utf8.contains(UInt8(ascii: "\"")) else { return "\"" + name + "\"" }
        return "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
