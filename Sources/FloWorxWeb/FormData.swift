import Foundation
import Hummingbird
import NIOCore

/// An `application/x-www-form-urlencoded` body (what an HTML form posts).
struct FormData: Sendable {
    private(set) var fields: [String: String] = [:]

    init(text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            // The first of a repeated field counts (a form never repeats the ones read here).
            if fields[name] == nil { fields[name] = value }
        }
    }

    /// Reads the body of `request`, at most `limit` bytes; `nil` when it is larger.
    static func read(_ request: Request, limit: Int) async -> FormData? {
        guard let buffer = try? await request.body.collect(upTo: limit) else { return nil }
        return FormData(text: String(buffer: buffer))
    }

    subscript(_ name: String) -> String? { fields[name] }

    /// The field trimmed; `nil` when missing or blank.
    func text(_ name: String) -> String? {
        guard let value = fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    private static func decode(_ part: Substring) -> String {
        let spaced = part.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
