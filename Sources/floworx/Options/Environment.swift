import FloWorxCore
import Foundation

/// Reads configuration from the process environment, and resolves settings that have a flag, a variable and a default.
///
/// Every number goes through `FloWorxCore.Setting`, which refuses a value out of range in one line naming the flag or
/// variable (`PORT must be between 0 and 65535, got 99999`): nothing is wrapped, clamped or replaced by the default.
///
/// For a new limit, write one line where the command resolves its settings:
///
///     let burst = try Environment.int(flag: burstFlag, "--rate-burst", env: "FLOWORX_RATE_BURST", default: 20, range: 1...10_000)
///     let timeout = try Environment.seconds(flag: timeoutFlag, "--request-timeout-seconds", env: "FLOWORX_REQUEST_TIMEOUT_SECONDS", default: 30, range: 0.1...3600)
///
/// or, for a variable without a flag, `try Environment.int("FLOWORX_X", range: 1...100) ?? 10`.
enum Environment {
    /// The variable's value, `nil` when unset or empty.
    static func get(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }

    /// An integer variable in `range`; `nil` when unset. A malformed or out-of-range value is an error naming it.
    static func int(_ name: String, range: ClosedRange<Int> = Int.min...Int.max) throws -> Int? {
        guard let text = get(name) else { return nil }
        return try Setting.int(text, name: name, range: range)
    }

    /// A variable holding seconds (fractions allowed) in `range`; `nil` when unset.
    static func seconds(_ name: String, range: ClosedRange<Double>) throws -> Duration? {
        guard let text = get(name) else { return nil }
        return try Setting.seconds(text, name: name, range: range)
    }

    /// A boolean variable (1/0, true/false, yes/no, on/off).
    static func bool(_ name: String) throws -> Bool? {
        guard let text = get(name) else { return nil }
        return try Setting.bool(text, name: name)
    }

    /// The flag's value if given, else the variable's, else `default`; the one used must lie in `range`.
    static func int(flag: Int?, _ flagName: String, env: String, default defaultValue: Int, range: ClosedRange<Int>) throws -> Int {
        if let flag { return try Setting.check(flag, name: flagName, range: range) }
        return try int(env, range: range) ?? defaultValue
    }

    /// The same for seconds: the flag's value, else the variable's, else `default` seconds, within `range`.
    static func seconds(flag: Double?, _ flagName: String, env: String, default defaultValue: Double, range: ClosedRange<Double>) throws -> Duration {
        if let flag { return try Setting.check(seconds: flag, name: flagName, range: range) }
        return try seconds(env, range: range) ?? Setting.check(seconds: defaultValue, name: env, range: range)
    }
}

/// A configuration mistake, reported in one line.
struct ConfigurationError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
