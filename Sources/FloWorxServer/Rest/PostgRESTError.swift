import FloWorxStore
import Foundation
import Hummingbird
import HTTPTypes
import NIOCore
import PostgresNIO

/// Errors as PostgREST sends them: `{"code", "message", "details", "hint"}` with the HTTP status its
/// SQLSTATE maps to.
struct PostgRESTError: Error {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    var details: String?
    var hint: String?

    init(status: HTTPResponse.Status, code: String, message: String, details: String? = nil, hint: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.hint = hint
    }

    init(_ error: RestQueryError) {
        self.init(status: .init(code: error.status), code: error.code, message: error.message, details: error.details, hint: error.hint)
    }

    init(_ error: AuthError) {
        self.init(status: error.status, code: error.code, message: error.message)
    }

    /// Maps a PostgreSQL error as PostgREST does; `signedIn` decides 401 or 403 for 42501.
    init(postgres error: PSQLError, signedIn: Bool) {
        let info = error.serverInfo
        let state = info?[.sqlState] ?? ""
        self.init(
            status: Self.status(sqlState: state, signedIn: signedIn),
            code: state.isEmpty ? "PGRST000" : state,
            message: info?[.message] ?? "database unavailable",
            details: info?[.detail],
            hint: info?[.hint]
        )
        if state.isEmpty {
            status = .serviceUnavailable
            message = "Database client error: the database is unreachable"
        }
    }

    /// The same mapping for errors from prepared statements.
    init(postgres error: PostgresServerError, signedIn: Bool) {
        self.init(
            status: Self.status(sqlState: error.sqlState, signedIn: signedIn),
            code: error.sqlState, message: error.message, details: error.detail, hint: error.hint
        )
    }

    /// PostgREST's SQLSTATE → HTTP status table.
    static func status(sqlState: String, signedIn: Bool) -> HTTPResponse.Status {
        switch sqlState {
        case "42501": return signedIn ? .forbidden : .unauthorized
        case "23503", "23505": return .conflict
        case "25006": return .methodNotAllowed
        case "42883", "42P01": return .notFound
        case "P0001": return .badRequest
        case "42P17", "XX000": return .internalServerError
        default: break
        }
        switch sqlState.prefix(2) {
        case "08", "53": return .serviceUnavailable
        case "0L", "0P", "28": return .forbidden
        case "54": return .contentTooLarge
        case "09", "25", "2D", "38", "39", "3B", "40", "55", "57", "58", "F0", "HV", "P0", "XX": return .internalServerError
        default: return .badRequest
        }
    }

    func response() -> Response {
        var object: [String: Any] = ["code": code, "message": message]
        object["details"] = details ?? NSNull()
        object["hint"] = hint ?? NSNull()
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
