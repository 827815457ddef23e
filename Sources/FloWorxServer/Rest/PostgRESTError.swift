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
    /// Details as a list of objects (PGRST201), sent instead of `details`.
    var detailItems: [[String: String]]?

    init(status: HTTPResponse.Status, code: String, message: String, details: String? = nil, hint: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.hint = hint
    }

    init(_ error: RestQueryError) {
        self.init(status: .init(code: error.status), code: error.code, message: error.message, details: error.details, hint: error.hint)
        detailItems = error.detailItems
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
            hint: info?[.hint] ?? Self.rowSecurityHint(sqlState: state, message: info?[.message])
        )
        if state.isEmpty {
            status = .serviceUnavailable
            message = "Database client error: the database is unreachable"
        }
        if let refusal = PlanLimitError(error) { self = PostgRESTError(planLimit: refusal) }
    }

    /// A write past the plan's mailbox or manager limit (migration 0049): 402 `plan_limit_reached`, whatever the path.
    init(planLimit refusal: PlanLimitError) {
        self.init(status: .paymentRequired, code: PlanLimitError.code, message: refusal.message, details: refusal.details, hint: refusal.hint)
    }

    /// The same mapping for errors from prepared statements.
    init(postgres error: PostgresServerError, signedIn: Bool) {
        if error.sqlState == PlanLimitError.sqlState {
            self.init(planLimit: PlanLimitError(message: error.message, detail: error.detail, hint: error.hint))
            return
        }
        self.init(
            status: Self.status(sqlState: error.sqlState, signedIn: signedIn),
            code: error.sqlState, message: error.message, details: error.detail,
            hint: error.hint ?? Self.rowSecurityHint(sqlState: error.sqlState, message: error.message)
        )
    }

    /// What PostgreSQL leaves unsaid when row-level security refuses a written row: which column decides.
    ///
    /// Every tenant-writable table is scoped by `client_id = auth.uid()` except `profiles`, whose `id` is the user's;
    /// a row without that column or with another tenant's id is refused with only "new row violates row-level
    /// security policy for table …". PostgREST's code and status stay; the hint names the likely cause.
    static func rowSecurityHint(sqlState: String, message: String?) -> String? {
        guard sqlState == "42501", let message, message.hasPrefix("new row violates row-level security policy") else { return nil }
        let table = message.split(separator: "\"").dropFirst().first.map(String.init)
        let column = table == "profiles" ? "id" : "client_id"
        return "\(column) must be your user id (the sub claim of your access token): a row without it, or with another user's, is refused"
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
        // A statement stopped by the role's statement_timeout, or because its client left: the server declined to
        // finish it (PostgREST answers 500; FloWorx answers no 500 for a limit it applies on purpose).
        case "57014": return .serviceUnavailable
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
        object["details"] = detailItems.map { $0 as Any } ?? details.map { $0 as Any } ?? NSNull()
        object["hint"] = hint ?? NSNull()
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
