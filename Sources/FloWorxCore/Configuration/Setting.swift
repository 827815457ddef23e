import Foundation

/// Parses and range-checks one configuration value (a flag or an environment variable).
///
/// Every numeric setting goes through here so that a value out of range is refused with one line naming the option,
/// instead of being wrapped (`--port 99999` listening on 34463), clamped, or silently replaced by the default.
public enum Setting {
    /// An integer in `range`. `name` is what the user typed (`--port` or `PORT`); it starts the error message.
    public static func int(_ text: String, name: String, range: ClosedRange<Int>) throws(SettingError) -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let value = Int(trimmed) else {
            throw SettingError(name: name, message: "must be an integer \(describe(range)), got \(quoted(text))")
        }
        return try check(value, name: name, range: range)
    }

    /// An integer already parsed (by the argument parser), checked against `range`.
    public static func check(_ value: Int, name: String, range: ClosedRange<Int>) throws(SettingError) -> Int {
        guard range.contains(value) else {
            throw SettingError(name: name, message: "must be \(describe(range)), got \(value)")
        }
        return value
    }

    /// A number of seconds in `range`, as a `Duration` (fractions allowed: `0.5`). NaN and infinity are refused.
    public static func seconds(_ text: String, name: String, range: ClosedRange<Double>) throws(SettingError) -> Duration {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let value = Double(trimmed), value.isFinite else {
            throw SettingError(name: name, message: "must be a number of seconds \(describe(range)), got \(quoted(text))")
        }
        return try check(seconds: value, name: name, range: range)
    }

    /// Seconds already parsed (by the argument parser), checked against `range`.
    public static func check(seconds value: Double, name: String, range: ClosedRange<Double>) throws(SettingError) -> Duration {
        guard value.isFinite, range.contains(value) else {
            throw SettingError(name: name, message: "must be a number of seconds \(describe(range)), got \(number(value))")
        }
        return .milliseconds(Int64((value * 1000).rounded()))
    }

    /// A boolean: 1/0, true/false, yes/no, on/off (any case).
    public static func bool(_ text: String, name: String) throws(SettingError) -> Bool {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw SettingError(name: name, message: "must be true or false, got \(quoted(text))")
        }
    }

    /// One of `choices` (compared case-insensitively; the choice is returned as listed).
    public static func choice(_ text: String, name: String, among choices: [String]) throws(SettingError) -> String {
        guard let match = choices.first(where: { $0.lowercased() == text.lowercased() }) else {
            throw SettingError(name: name, message: "must be one of \(choices.joined(separator: ", ")), got \(quoted(text))")
        }
        return match
    }

    static func describe(_ range: ClosedRange<Int>) -> String {
        if range.upperBound == .max { return range.lowerBound == 1 ? "at least 1" : "at least \(range.lowerBound)" }
        return "between \(range.lowerBound) and \(range.upperBound)"
    }

    /// `2` rather than `2.0`, `0.5`, `inf`.
    static func number(_ value: Double) -> String {
        value.isFinite && value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    static func describe(_ range: ClosedRange<Double>) -> String {
        if range.upperBound == .infinity { return "of at least \(number(range.lowerBound))" }
        return "between \(number(range.lowerBound)) and \(number(range.upperBound))"
    }

    /// The value as typed, quoted so that an empty or blank value is visible.
    static func quoted(_ text: String) -> String {
        "\"\(text)\""
    }
}

/// A configuration value refused by `Setting`: `PORT must be between 0 and 65535, got 99999`.
public struct SettingError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The flag or variable, as the user wrote it (`--port`, `PORT`).
    public var name: String
    /// What is wrong, without the name.
    public var message: String

    public init(name: String, message: String) {
        self.name = name
        self.message = message
    }

    public var description: String { "\(name) \(message)" }
}
