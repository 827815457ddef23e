import PostgresNIO

/// One rendered data API statement: SQL text and its parameter values, runnable either as an unnamed statement or
/// as a prepared one (reads are prepared per connection, as PostgREST prepares its statements).
public struct RestStatement: Sendable, Hashable {
    /// The SQL, with `$1`… placeholders.
    public var sql: String
    /// The values of the placeholders, in order.
    public var binds: RestBinds

    /// Whether the statement may run its generic plan when prepared.
    public var genericPlanSafe: Bool { binds.genericPlanSafe }

    /// As a query for PostgresNIO's unnamed extended-protocol path.
    public var query: PostgresQuery {
        var bindings = PostgresBindings(capacity: binds.values.count)
        for value in binds.values {
            switch value {
            case .text(let text): bindings.append(text)
            case .int(let number): bindings.append(number)
            case .textArray(let list): bindings.append(list)
            }
        }
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }

    /// The values for a prepared statement.
    var preparedBinds: [PostgresData] {
        binds.values.map { value in
            switch value {
            case .text(let text): PostgresData(string: text)
            case .int(let number): PostgresData(int: number)
            case .textArray(let list): PostgresData(array: list.map { PostgresData(string: $0) }, elementType: .text)
            }
        }
    }
}

/// The parameter values of a data API statement; only these kinds occur.
public struct RestBinds: Sendable, Hashable {
    /// One value.
    public enum Value: Sendable, Hashable {
        case text(String)
        case int(Int)
        case textArray([String])
    }

    public private(set) var values: [Value] = []
    /// Whether a generic plan answers exactly as a custom one: false when a value's type could not be checked
    /// before the query (see `RestValueCheck`).
    public var genericPlanSafe = true

    public init() {}

    /// How many values there are: the number of the last placeholder.
    public var count: Int { values.count }

    mutating func append(_ text: String) { values.append(.text(text)) }
    mutating func append(_ number: Int) { values.append(.int(number)) }
    mutating func append(_ list: [String]) { values.append(.textArray(list)) }
}
