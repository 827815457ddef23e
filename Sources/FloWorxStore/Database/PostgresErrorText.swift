import PostgresNIO

/// Readable text for PostgreSQL errors: PSQLError's own description hides the server message on purpose.
public enum PostgresErrorText {
    /// `SQLSTATE: message (detail)` for server errors, the error itself otherwise.
    public static func describe(_ error: any Error) -> String {
        if let error = error as? PostgresServerError { return error.description + (error.detail.map { " (\($0))" } ?? "") }
        guard let error = error as? PSQLError, let info = error.serverInfo else { return String(describing: error) }
        var text = "\(info[.sqlState] ?? "?????"): \(info[.message] ?? "unknown error")"
        if let detail = info[.detail] { text += " (\(detail))" }
        if let position = info[.position] { text += " at character \(position)" }
        return text
    }

    /// The SQLSTATE of a server error, if it is one.
    public static func sqlState(_ error: any Error) -> String? {
        if let error = error as? PostgresServerError { return error.sqlState }
        return (error as? PSQLError)?.serverInfo?[.sqlState]
    }
}
