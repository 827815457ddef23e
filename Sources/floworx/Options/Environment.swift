import Foundation

/// Reads configuration from the process environment.
enum Environment {
    /// The variable's value, `nil` when unset or empty.
    static func get(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }

    /// An integer variable; a malformed value is an error that names the variable.
    static func int(_ name: String) throws -> Int? {
        guard let text = get(name) else { return nil }
        guard let value = Int(text) else { throw ConfigurationError("\(name) must be an integer, got \(text)") }
        return value
    }

    /// A boolean variable (1/0, true/false, yes/no, on/off).
    static func bool(_ name: String) throws -> Bool? {
        guard let text = get(name)?.lowercased() else { return nil }
        switch text {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigurationError("\(name) must be true or false, got \(text)")
        }
    }
}

/// A configuration mistake, reported in one line.
struct ConfigurationError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
