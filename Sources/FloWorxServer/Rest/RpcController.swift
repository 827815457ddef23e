import FloWorxStore
import Foundation
import Hummingbird
import HTTPTypes
import NIOCore

/// `/rest/v1/rpc/{fn}`: SQL functions of the exposed schema, called as PostgREST calls them. POST takes the arguments
/// as a JSON object (or, with `Prefer: params=single-object`, the whole body as the one json/jsonb argument); GET
/// (and HEAD) takes them in the query string and calls only functions that are not volatile. Each call is one
/// transaction as the caller's role with its JWT claims, set as for the table routes, so row-level security holds
/// inside the function; GET and non-volatile functions run read-only. A function that returns rows takes the table
/// routes' filters, `select`, `order`, `limit`/`offset`, `Range` and `Prefer: count=exact`.
struct RpcController: Sendable {
    let rest: RestController

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("rpc/:function") { request, context in try await rest.handle(request) { try await call(request, context, post: true) } }
        group.get("rpc/:function") { request, context in try await rest.handle(request) { try await call(request, context, post: false) } }
        group.head("rpc/:function") { request, context in
            var response = try await rest.handle(request) { try await call(request, context, post: false) }
            response.body = .init()
            return response
        }
    }

    private func call(_ request: Request, _ context: AppRequestContext, post: Bool) async throws -> Response {
        let caller = try await rest.authenticator.authenticate(request)
        let name = context.parameters.get("function") ?? ""
        var parameters = try QueryParameters(request)
        let prefer = Prefer(request)
        let arguments: RpcCall.Arguments
        if post {
            let body = try await Self.body(request)
            if Self.wantsSingleObject(request) {
                arguments = .singleObject(json: body.text)
            } else {
                guard let object = body.json as? [String: Any] else {
                    throw PostgRESTError(status: .badRequest, code: "PGRST102", message: "Empty or invalid json",
                                         details: "the body must be a JSON object of named arguments")
                }
                arguments = .named(names: object.keys.sorted(), json: body.text, body: true)
            }
        } else {
            // As PostgREST: a query parameter whose value is not a filter (`op.value`) is an argument.
            let pairs = parameters.pairs.filter { !PostgRESTParser.reserved.contains($0.key) && !Self.isFilter($0.value) }
            var values: [String: String] = [:]
            for pair in pairs where values[pair.key] == nil { values[pair.key] = pair.value }
            let json = try JSONSerialization.data(withJSONObject: values, options: [.sortedKeys])
            arguments = .named(names: values.keys.sorted(), json: String(decoding: json, as: UTF8.self), body: false)
            parameters.pairs.removeAll { pair in values[pair.key] != nil && !Self.isFilter(pair.value) }
        }
        let read = try rest.readRequest(name, parameters, request, prefer: prefer)
        let plan = try RpcSQL(functions: try await rest.catalog.functions(), role: caller.identity.role.rawValue)
            .plan(RpcCall(function: name, arguments: arguments, readOnly: !post, read: read))
        let result = try await rest.database.tenant(caller.identity, liveness: context.liveness).transaction { try await plan.run(on: $0) }
        return try respond(result, plan: plan, offset: read.offset ?? 0, request: request, prefer: prefer)
    }

    private func respond(_ result: RestResult, plan: RpcSQL.Plan, offset: Int, request: Request, prefer: Prefer) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        switch plan.shape {
        case .void:
            return Response(status: .noContent)
        case .value:
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: result.body ?? ByteBuffer(string: "null")))
        case .object:
            // One row of a function that returns one composite value: `[{…}]` → `{…}` (none left by a filter: null).
            guard result.rowCount == 1, let body = result.body else {
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "null")))
            }
            let object = body.getSlice(at: body.readerIndex + 1, length: body.readableBytes - 2) ?? body
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: object))
        case .rows:
            // As a table read: an offset past the last row is not satisfiable; a counted partial page is 206.
            if let total = result.total, offset > total {
                throw PostgRESTError(status: .rangeNotSatisfiable, code: "PGRST103", message: "Requested range not satisfiable",
                                     details: "An offset of \(offset) was requested, but there are only \(total) rows.")
            }
            let singular = rest.wantsSingular(request)
            var response = try rest.respond(result, status: .ok, singular: singular, prefer: prefer)
            response.headers[.contentRange] = rest.contentRange(offset: offset, count: result.rowCount, total: result.total)
            if let total = result.total, result.rowCount < total, !singular { response.status = .partialContent }
            return response
        }
    }

    /// Whether a query value is a filter (`eq.5`, `not.in.(a,b)`) rather than an argument value.
    static func isFilter(_ value: String) -> Bool {
        var rest = Substring(value)
        if rest.hasPrefix("not.") { rest = rest.dropFirst(4) }
        guard let dot = rest.firstIndex(of: ".") else { return false }
        return RestOperator(rawValue: String(rest[..<dot])) != nil
    }

    /// `Prefer: params=single-object`.
    static func wantsSingleObject(_ request: Request) -> Bool {
        request.headers[values: .init("Prefer")!].contains { header in
            header.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == "params=single-object" }
        }
    }

    /// The POST body: a JSON document; an empty body is `{}` (a call without arguments).
    static func body(_ request: Request) async throws -> (text: String, json: Any) {
        let bytes = try await RequestBody.bytes(request)
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return ("{}", [String: Any]()) }
        // PostgreSQL's text cannot hold a NUL byte.
        guard let json = try? JSONSerialization.jsonObject(with: bytes, options: [.fragmentsAllowed]), !bytes.contains(0) else {
            throw PostgRESTError(status: .badRequest, code: "PGRST102", message: "Empty or invalid json", details: "the body must be a JSON document")
        }
        return (String(decoding: bytes, as: UTF8.self), json)
    }
}
