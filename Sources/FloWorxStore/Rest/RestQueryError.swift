/// A data API request that cannot be run: the PostgREST-style code, message, details and hint it answers with.
public struct RestQueryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// PostgREST's code (`PGRST100`, `PGRST204`, `PGRST205`, …) or a SQLSTATE (`42703`).
    public var code: String
    public var message: String
    public var details: String?
    public var hint: String?
    /// The HTTP status it maps to.
    public var status: Int
    /// Details as a list of objects, where PostgREST sends them so (PGRST201's candidate relationships); they replace
    /// `details` in the response.
    public var detailItems: [[String: String]]?

    public init(code: String, message: String, details: String? = nil, hint: String? = nil, status: Int) {
        self.code = code
        self.message = message
        self.details = details
        self.hint = hint
        self.status = status
    }

    public var description: String { "\(code): \(message)" }

    /// The table is not exposed.
    static func unknownTable(_ name: String, schema: String) -> RestQueryError {
        RestQueryError(code: "PGRST205", message: "Could not find the table '\(schema).\(name)' in the schema cache", status: 404)
    }

    /// A column in `select`, a filter or `order` does not exist.
    static func unknownColumn(_ name: String, table: String) -> RestQueryError {
        RestQueryError(code: "42703", message: "column \(table).\(name) does not exist", status: 400)
    }

    /// A column in a request body does not exist.
    static func unknownBodyColumn(_ name: String, table: String) -> RestQueryError {
        RestQueryError(code: "PGRST204", message: "Could not find the '\(name)' column of '\(table)' in the schema cache", status: 400)
    }

    /// The query string cannot be parsed.
    public static func parse(_ message: String, details: String? = nil) -> RestQueryError {
        RestQueryError(code: "PGRST100", message: message, details: details, status: 400)
    }
}
