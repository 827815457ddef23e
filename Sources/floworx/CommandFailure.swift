import FloWorxStore
import PostgresNIO

/// An error from a library whose own description says nothing useful, rewritten as one line an operator can act on.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String

    /// `error` itself when it already explains itself (argument errors, exit codes, FloWorx's own errors), otherwise
    /// its readable text.
    static func readable(_ error: any Error) -> any Error {
        switch error {
        case is PSQLError, is PostgresDecodingError:
            return CommandFailure(description: PostgresErrorText.describe(error))
        default:
            return error
        }
    }
}
