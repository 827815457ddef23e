import Foundation

/// A `postgres_changes` filter as Supabase writes it: `column=op.value`, with op one of eq, neq, lt, lte, gt, gte, in
/// (`in.(a,b,c)`). It is evaluated in PostgreSQL against the row, the value cast to the column's type.
public struct RealtimeFilter: Sendable, Hashable {
    /// The operators Supabase Realtime supports.
    public enum Operator: String, Sendable, Hashable, CaseIterable {
        case eq, neq, lt, lte, gt, gte, `in`
    }

    public var column: String
    public var op: Operator
    /// The value as text; for `in`, a JSON array of the values as text.
    public var value: String

    /// Why a filter was refused.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The longest filter accepted (a setting would be overkill: the whole join message is bounded too).
    static let maximumLength = 1_000

    /// Parses `column=op.value`.
    public init(parsing text: String) throws(ParseError) {
        guard text.utf8.count <= Self.maximumLength else { throw ParseError(description: "filter is longer than \(Self.maximumLength) bytes") }
        guard let equals = text.firstIndex(of: "=") else { throw ParseError(description: "filter must be column=operator.value") }
        let column = String(text[..<equals])
        let rest = text[text.index(after: equals)...]
        guard let dot = rest.firstIndex(of: ".") else { throw ParseError(description: "filter must be column=operator.value") }
        guard let op = Operator(rawValue: String(rest[..<dot])) else {
            throw ParseError(description: "filter operator must be one of \(Operator.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard !column.isEmpty, column.utf8.count <= 63 else { throw ParseError(description: "filter column is empty or too long") }
        var value = String(rest[rest.index(after: dot)...])
        if op == .in {
            guard value.hasPrefix("("), value.hasSuffix(")"), value.count >= 2 else {
                throw ParseError(description: "in filter values must be written in.(a,b,c)")
            }
            let items = value.dropFirst().dropLast().split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
            guard let data = try? JSONSerialization.data(withJSONObject: items) else { throw ParseError(description: "bad in filter") }
            value = String(decoding: data, as: UTF8.self)
        }
        self.column = column
        self.op = op
        self.value = value
    }

    /// The filter as JSON for `floworx.realtime_visible`.
    var json: [String: String] { ["column": column, "op": op.rawValue, "value": value] }
}
