/// A column reference with an optional JSON path, as PostgREST writes it: `data`, `data->items->0->>name`.
///
/// `->` keeps JSON, `->>` gives text and may only come last. Keys and array indexes become bound parameters in the
/// SQL, never part of its text.
public struct RestJSONPath: Sendable, Hashable {
    /// One arrow.
    public struct Step: Sendable, Hashable {
        /// An object key, or an array index when `index` is set.
        public var key: String
        public var index: Int?
        /// `->>` (text) rather than `->` (JSON).
        public var asText: Bool
    }

    public var column: String
    public var steps: [Step]

    /// Splits `text` at its arrows; a name without arrows is a plain column.
    public init(_ text: String) throws(RestQueryError) {
        // Most names have no arrow: skip the work.
        guard let first = text.firstRange(of: "->") else {
            column = text
            steps = []
            return
        }
        column = String(text[..<first.lowerBound])
        steps = []
        var rest = text[first.lowerBound...]
        while !rest.isEmpty {
            guard rest.hasPrefix("->") else { throw Self.invalid(text) }
            rest = rest.dropFirst(2)
            let asText = rest.first == ">"
            if asText { rest = rest.dropFirst() }
            let end = rest.firstRange(of: "->")?.lowerBound ?? rest.endIndex
            let key = String(rest[..<end])
            rest = rest[end...]
            guard !key.isEmpty, steps.last?.asText != true else { throw Self.invalid(text) }
            steps.append(Step(key: key, index: Self.index(key), asText: asText))
        }
        guard !column.isEmpty else { throw Self.invalid(text) }
    }

    /// Whether there are arrows.
    public var isPlain: Bool { steps.isEmpty }

    /// Whether the value is JSON (the last arrow is `->`) rather than text.
    public var yieldsJSON: Bool { steps.last.map { !$0.asText } ?? false }

    /// The name PostgREST gives the output: the last key of the path (the last key before an index when the path ends
    /// in one), or the column's.
    public var outputName: String {
        steps.last(where: { $0.index == nil })?.key ?? column
    }

    /// `<reference>->$n::text->>$m::text::int`, binding the keys.
    func render(_ reference: String, binds: inout RestBinds) -> String {
        var sql = reference
        for step in steps {
            binds.append(step.key)
            sql += (step.asText ? "->>" : "->") + (step.index == nil ? "$\(binds.count)::text" : "$\(binds.count)::text::int")
        }
        return steps.isEmpty ? sql : "(\(sql))"
    }

    /// An array index: an optionally negative integer.
    private static func index(_ key: String) -> Int? {
        let digits = key.first == "-" ? key.dropFirst() : Substring(key)
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(key)
    }

    private static func invalid(_ text: String) -> RestQueryError {
        .parse("failed to parse the JSON path \(text)", details: "expected column->key, column->>key or column->0; ->> only last")
    }
}
