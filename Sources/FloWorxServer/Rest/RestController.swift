import FloWorxStore
import Foundation
import Hummingbird
import HTTPTypes
import Logging
import NIOCore
import PostgresNIO

/// `/rest/v1/{table}`: the PostgREST-compatible data API. Every request runs in one transaction as the
/// caller's role with its JWT claims, so row-level security decides what it sees and changes.
struct RestController: Sendable {
    let database: Database
    let catalog: CatalogCache
    let authenticator: RequestAuthenticator
    let openAPI: OpenAPIDocument

    static let singularMediaType = "application/vnd.pgrst.object+json"
    /// Request bodies above this size are refused (413) before parsing.
    static let maximumBodySize = 10 * 1024 * 1024

    func addRoutes(to router: Router<AppRequestContext>) {
        let group = router.group("rest/v1")
        group.get("/") { request, context in try await handle(request) { try await describe(request) } }
        group.get(":table") { request, context in try await handle(request) { try await read(request, context) } }
        group.head(":table") { request, context in
            var response = try await handle(request) { try await read(request, context) }
            response.body = .init()
            return response
        }
        group.post(":table") { request, context in try await handle(request) { try await insert(request, context) } }
        group.patch(":table") { request, context in try await handle(request) { try await update(request, context) } }
        group.delete(":table") { request, context in try await handle(request) { try await delete(request, context) } }
        RpcController(rest: self).addRoutes(to: group)
    }

    /// Turns every failure into PostgREST's error shape; nothing escapes as a 500 without a body.
    func handle(_ request: Request, _ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch let error as PostgRESTError {
            return error.response()
        } catch where DatabaseOutage.matches(error) {
            // Checked before PostgREST's SQLSTATE table, which answers 500 for class 57 (a restart's 57P01).
            return PostgRESTError(status: .serviceUnavailable, code: "PGRST000", message: DatabaseOutage.message).response()
        } catch let error as RestQueryError {
            return PostgRESTError(error).response()
        } catch let error as AuthError {
            return PostgRESTError(error).response()
        } catch let error as PSQLError {
            return PostgRESTError(postgres: error, signedIn: await signedIn(request)).response()
        } catch let error as PostgresServerError {
            return PostgRESTError(postgres: error, signedIn: await signedIn(request)).response()
        }
    }

    /// Whether the request runs as a user (42501 is then 403), not as anon (401), as PostgREST decides it.
    private func signedIn(_ request: Request) async -> Bool {
        guard let caller = try? await authenticator.authenticate(request) else { return false }
        return caller.identity.role != .anon
    }

    // MARK: Verbs

    private func describe(_ request: Request) async throws -> Response {
        _ = try await authenticator.authenticate(request)
        let document = try await openAPI.json(catalog: try await catalog.current(), functions: try await catalog.functions())
        var headers = HTTPFields()
        headers[.contentType] = "application/openapi+json; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: document)))
    }

    private func read(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let caller = try await authenticator.authenticate(request)
        let table = try tableName(context)
        let parameters = try QueryParameters(request)
        let prefer = Prefer(request)
        let read = try readRequest(table, parameters, request, prefer: prefer)
        let sql = try await restSQL(for: caller)
        let statement = try sql.read(read)
        let singular = wantsSingular(request)
        let result = try await database.tenant(caller.identity, liveness: context.liveness).read(statement)
        let offset = read.offset ?? 0
        // As PostgREST: an offset past the last row (not at it) is not satisfiable.
        if let total = result.total, offset > total {
            throw PostgRESTError(status: .rangeNotSatisfiable, code: "PGRST103", message: "Requested range not satisfiable",
                                 details: "An offset of \(offset) was requested, but there are only \(total) rows.")
        }
        var response = try respond(result, status: .ok, singular: singular, prefer: prefer)
        response.headers[.contentRange] = contentRange(offset: offset, count: result.rowCount, total: result.total)
        if let total = result.total, result.rowCount < total, !singular {
            response.status = .partialContent
        }
        return response
    }

    /// A read of `table` (or of a function's rows, see `RpcController`) as the query string and the `Range` and
    /// `Prefer` headers ask for it.
    func readRequest(_ table: String, _ parameters: QueryParameters, _ request: Request, prefer: Prefer) throws -> RestRead {
        var read = RestRead(
            table: table,
            selection: try PostgRESTParser.selection(parameters.first("select")),
            conditions: try parameters.conditions(),
            order: try PostgRESTParser.order(parameters.first("order")),
            limit: try PostgRESTParser.count("limit", parameters.first("limit")),
            offset: try PostgRESTParser.count("offset", parameters.first("offset")),
            countTotal: prefer.countExact,
            embeddedPages: try parameters.embeddedPages()
        )
        if let range = try RangeHeader(request) {
            read.offset = range.offset
            if let rangeLimit = range.limit { read.limit = min(read.limit ?? rangeLimit, rangeLimit) }
        }
        return read
    }

    private func insert(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let caller = try await authenticator.authenticate(request)
        let table = try tableName(context)
        let parameters = try QueryParameters(request)
        let prefer = Prefer(request)
        let body = try await RequestBody(request, context)
        let rows = try body.rows()
        let columns = try parameters.first("columns").map(Self.columnList) ?? body.keys(of: rows)
        let resolution: RestConflictResolution
        switch prefer.resolution {
        case .merge: resolution = .merge
        case .ignore: resolution = .ignore
        case nil: resolution = .error
        }
        let insert = RestInsert(
            table: table, rowsJSON: body.arrayText, columns: columns, resolution: resolution,
            onConflict: try parameters.first("on_conflict").map(Self.columnList),
            returning: try returning(prefer, parameters)
        )
        let query = try await restSQL(for: caller).insert(insert)
        return try await mutate(query, caller: caller, request: request, prefer: prefer, status: .created, liveness: context.liveness)
    }

    private func update(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let caller = try await authenticator.authenticate(request)
        let table = try tableName(context)
        let parameters = try QueryParameters(request)
        let prefer = Prefer(request)
        let body = try await RequestBody(request, context)
        guard let object = body.object else {
            throw PostgRESTError(status: .badRequest, code: "PGRST102", message: "Empty or invalid json: PATCH takes one JSON object")
        }
        let update = RestUpdate(
            table: table, valuesJSON: body.text, columns: object.keys.sorted(),
            conditions: try parameters.conditions(), returning: try returning(prefer, parameters)
        )
        let query = try await restSQL(for: caller).update(update)
        return try await mutate(query, caller: caller, request: request, prefer: prefer, status: .ok, liveness: context.liveness)
    }

    private func delete(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let caller = try await authenticator.authenticate(request)
        let table = try tableName(context)
        let parameters = try QueryParameters(request)
        let prefer = Prefer(request)
        let delete = RestDelete(table: table, conditions: try parameters.conditions(), returning: try returning(prefer, parameters))
        let query = try await restSQL(for: caller).delete(delete)
        return try await mutate(query, caller: caller, request: request, prefer: prefer, status: .ok, liveness: context.liveness)
    }

    // MARK: Helpers

    /// The statement builder for `caller`: a signed-in user's statements name their business (`RestSQL.tenant`).
    private func restSQL(for caller: TokenService.Verified) async throws -> RestSQL {
        var sql = RestSQL(catalog: try await catalog.current(), role: caller.identity.role.rawValue)
        if caller.identity.role == .authenticated { sql.tenant = caller.identity.userId }
        return sql
    }

    private func mutate(_ query: RestStatement, caller: TokenService.Verified, request: Request, prefer: Prefer, status: HTTPResponse.Status, liveness: ClientLiveness) async throws -> Response {
        let singular = wantsSingular(request)
        let outcome: Result<RestResult, PostgRESTError> = try await {
            do {
                return .success(try await database.tenant(caller.identity, liveness: liveness).transaction { connection in
                    let result = try await RestResult.run(query, on: connection)
                    // A singular response needs exactly one row; otherwise PostgREST undoes the change.
                    if singular && result.rowCount != 1 { throw Self.singularError(result.rowCount) }
                    if prefer.rollback { throw RollbackRequested(result: result) }
                    return result
                })
            } catch let rollback as RollbackRequested {
                return .success(rollback.result)
            } catch let error as PostgRESTError {
                return .failure(error)
            }
        }()
        let result = try outcome.get()
        let minimal = prefer.returnPreference != .representation
        var response = try respond(result, status: minimal ? (status == .created ? .created : .noContent) : status, singular: singular, prefer: prefer)
        response.headers[.contentRange] = "*/\(prefer.countExact ? String(result.rowCount) : "*")"
        return response
    }

    private struct RollbackRequested: Error { var result: RestResult }

    /// `a,b` or `"a","b"` (supabase-py quotes each name) → names.
    static func columnList(_ text: String) throws(RestQueryError) -> [String] {
        try PostgRESTParser.splitTopLevel(text).map { PostgRESTParser.unquote($0.trimmingSpaces()) }.filter { !$0.isEmpty }
    }

    static func singularError(_ rows: Int) -> PostgRESTError {
        PostgRESTError(status: .notAcceptable, code: "PGRST116", message: "JSON object requested, multiple (or no) rows returned",
                       details: "The result contains \(rows) rows")
    }

    func respond(_ result: RestResult, status: HTTPResponse.Status, singular: Bool, prefer: Prefer) throws -> Response {
        var headers = HTTPFields()
        if !prefer.applied.isEmpty { headers[.init("Preference-Applied")!] = prefer.applied.joined(separator: ", ") }
        guard var body = result.body else { return Response(status: status, headers: headers) }
        if singular {
            guard result.rowCount == 1 else { throw Self.singularError(result.rowCount) }
            // `[ {...} ]` → `{...}`: json_agg's array of exactly one object.
            body = body.getSlice(at: body.readerIndex + 1, length: body.readableBytes - 2) ?? body
            headers[.contentType] = "\(Self.singularMediaType); charset=utf-8"
        } else {
            headers[.contentType] = "application/json; charset=utf-8"
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }

    private func returning(_ prefer: Prefer, _ parameters: QueryParameters) throws -> RestSelection? {
        prefer.returnPreference == .representation ? try PostgRESTParser.selection(parameters.first("select")) : nil
    }

    func wantsSingular(_ request: Request) -> Bool {
        request.headers[.accept]?.contains(Self.singularMediaType) == true
    }

    private func tableName(_ context: AppRequestContext) throws -> String {
        guard let table = context.parameters.get("table"), !table.isEmpty else {
            throw PostgRESTError(status: .notFound, code: "PGRST205", message: "Could not find the table in the schema cache")
        }
        return table
    }

    func contentRange(offset: Int, count: Int, total: Int?) -> String {
        let totalText = total.map(String.init) ?? "*"
        guard count > 0 else { return "*/\(totalText)" }
        // Checked: the offset is the client's number, and a trap here would take the server down.
        let (last, overflow) = offset.addingReportingOverflow(count - 1)
        return "\(offset)-\(overflow ? Int.max : last)/\(totalText)"
    }
}
