import Foundation
import PostgresNIO

/// Renders a call of a SQL function (`/rest/v1/rpc/{fn}`) as one statement, PostgREST's way.
///
/// The overload is chosen by the names of the arguments given (PGRST202 when none fits, PGRST203 when several do).
/// The argument values travel as one bound JSON object that `json_to_record` turns into the declared parameter types
/// (`$1::json`, never spliced); names and types come only from the catalog. A function that returns rows is read as a
/// table is (`RestSQL` with an `RpcSource`), so filters, `select`, `order`, `limit`/`offset` and counting apply to it.
public struct RpcSQL: Sendable {
    public let functions: RpcCatalog
    /// The role the request runs as: only functions it may execute exist for it.
    public let role: String

    public init(functions: RpcCatalog, role: String) {
        self.functions = functions
        self.role = role
    }

    /// How the statement's JSON becomes the response body.
    public enum Shape: Sendable, Hashable {
        /// A JSON array of rows (a set-returning function).
        case rows
        /// One row, answered as an object (a function returning one composite value).
        case object
        /// The JSON value itself (a scalar, or an array of scalars for `SETOF` a scalar type).
        case value
        /// Nothing (`RETURNS void`).
        case void
    }

    /// A rendered call.
    public struct Plan: Sendable, Hashable {
        public var statement: RestStatement
        public var shape: Shape
        /// Run in a read-only transaction (GET, and functions that are not volatile), as PostgREST does.
        public var readOnly: Bool
    }

    public func plan(_ call: RpcCall) throws(RestQueryError) -> Plan {
        let (function, wholeBody) = try resolve(call)
        if call.readOnly && function.volatility == .volatile {
            throw RestQueryError(
                code: "25006", message: "cannot execute the volatile function \(functions.schema).\(function.name) in a read-only transaction",
                hint: "GET runs a function in a read-only transaction; call a volatile function with POST", status: 405
            )
        }
        let (from, binds) = source(function, call.arguments, wholeBody: wholeBody)
        let readOnly = call.readOnly || function.volatility != .volatile
        switch function.result {
        case .composite:
            guard let table = function.resultTable else { throw .parse("\(function.name) returns no columns") }
            var sql = RestSQL(catalog: Catalog(schema: functions.schema, tables: [function.name: table]), role: role)
            sql.functionSource = RpcSource(table: function.name, sql: "(SELECT _f.* FROM \(from) AS _f)", binds: binds)
            var read = call.read
            read.table = function.name
            return Plan(statement: try sql.read(read), shape: function.returnsSet ? .rows : .object, readOnly: readOnly)
        case .scalar:
            try Self.requireNoRowOptions(call.read, function)
            var binds = binds
            guard function.returnsSet else {
                return Plan(statement: RestStatement(sql: "SELECT to_json(_f.v)::text, '1' FROM \(from) AS _f(v)", binds: binds), shape: .value, readOnly: readOnly)
            }
            var inner = "SELECT _f.v FROM \(from) AS _f(v)"
            if let limit = call.read.limit {
                binds.append(limit)
                inner += " LIMIT $\(binds.count)"
            }
            if let offset = call.read.offset, offset > 0 {
                binds.append(offset)
                inner += " OFFSET $\(binds.count)"
            }
            let sql = "SELECT coalesce(json_agg(_s.v), '[]')::text, count(*)::text FROM (\(inner)) _s"
            return Plan(statement: RestStatement(sql: sql, binds: binds), shape: .value, readOnly: readOnly)
        case .void:
            try Self.requireNoRowOptions(call.read, function)
            return Plan(statement: RestStatement(sql: "SELECT NULL::text, count(*)::text FROM \(from) AS _f", binds: binds), shape: .void, readOnly: readOnly)
        }
    }

    // MARK: Overloads

    /// The one overload the arguments fit, and whether the whole body goes to its single unnamed json/jsonb parameter.
    func resolve(_ call: RpcCall) throws(RestQueryError) -> (RpcFunction, wholeBody: Bool) {
        let overloads = functions.overloads(call.function, role: role)
        var candidates: [RpcFunction]
        var wholeBody = false
        let names: [String]
        switch call.arguments {
        case .singleObject:
            names = []
            candidates = overloads.filter { $0.parameters.count == 1 && $0.parameters[0].isJSON }
            wholeBody = true
        case .named(let given, _, let body):
            names = given
            let givenSet = Set(given)
            candidates = givenSet.contains("") ? [] : overloads.filter { function in
                givenSet.isSubset(of: Set(function.parameters.map(\.name))) && function.requiredNames.isSubset(of: givenSet)
            }
            if candidates.isEmpty && body {
                // PostgREST's fallback: a body that names no parameter goes whole to a single unnamed json/jsonb one.
                candidates = overloads.filter { $0.parameters.count == 1 && $0.parameters[0].name.isEmpty && $0.parameters[0].isJSON }
                wholeBody = true
            }
        }
        guard candidates.count <= 1 else {
            let list = candidates.map { "\(functions.schema).\(call.function)(\($0.signature))" }.joined(separator: ", ")
            throw RestQueryError(
                code: "PGRST203", message: "Could not choose the best candidate function between: \(list)",
                hint: "Try renaming the parameters or the function itself in the database so function overloading can be resolved", status: 300
            )
        }
        guard let function = candidates.first else {
            throw Self.notFound(schema: functions.schema, name: call.function, names: names, overloads: overloads)
        }
        return (function, wholeBody)
    }

    /// PGRST202, worded as PostgREST words it.
    static func notFound(schema: String, name: String, names: [String], overloads: [RpcFunction]) -> RestQueryError {
        let qualified = "\(schema).\(name)"
        let sorted = names.sorted()
        let list = sorted.joined(separator: ", ")
        let message = sorted.isEmpty
            ? "Could not find the function \(qualified) without parameters in the schema cache"
            : "Could not find the function \(qualified)(\(list)) in the schema cache"
        let searched = sorted.isEmpty ? "without parameters" : sorted.count == 1 ? "with parameter \(list)" : "with parameters \(list)"
        let hint = overloads.first.map { "Perhaps you meant to call the function \(qualified)(\($0.parameters.map(\.name).joined(separator: ", ")))" }
        return RestQueryError(
            code: "PGRST202", message: message,
            details: "Searched for the function \(qualified) \(searched) or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.",
            hint: hint, status: 404
        )
    }

    /// Filters, `select` and `order` need rows with columns.
    static func requireNoRowOptions(_ read: RestRead, _ function: RpcFunction) throws(RestQueryError) {
        guard read.conditions.isEmpty, read.order.isEmpty, read.selection == .all else {
            throw .parse("\(function.name) returns no rows with columns: filters, select and order do not apply",
                         details: "only functions that return rows (RETURNS SETOF a row type, or TABLE) take filters, select and order")
        }
    }

    // MARK: SQL

    /// The FROM items that call the function (without its alias), and the values they bind.
    func source(_ function: RpcFunction, _ arguments: RpcCall.Arguments, wholeBody: Bool) -> (String, RestBinds) {
        let callee = "\(quote(functions.schema)).\(quote(function.name))"
        var binds = RestBinds()
        switch arguments {
        case .singleObject(let json), .named(_, let json, _) where wholeBody:
            binds.append(json)
            // The type is the catalog's (`json` or `jsonb`).
            return ("\(callee)($1::\(function.parameters[0].type))", binds)
        case .named(let names, let json, _):
            let given = Set(names)
            let parameters = function.parameters.filter { given.contains($0.name) }
            guard !parameters.isEmpty else { return ("\(callee)()", binds) }
            binds.append(json)
            let record = parameters.map { "\(quote($0.name)) \($0.type)" }.joined(separator: ", ")
            let named = parameters.map { "\($0.isVariadic ? "VARIADIC " : "")\(quote($0.name)) := _a.\(quote($0.name))" }.joined(separator: ", ")
            return ("json_to_record($1::json) AS _a(\(record)) CROSS JOIN LATERAL \(callee)(\(named))", binds)
        }
    }

    func quote(_ identifier: String) -> String { SQLIdentifier.quoted(identifier) }
}

extension RpcSQL.Plan {
    /// Runs the call in a tenant transaction, first made read-only when the plan says so (PostgREST's access mode:
    /// a function that tries to write then fails with 25006).
    public func run(on connection: TenantConnection) async throws -> RestResult {
        if readOnly { try await connection.query("SET TRANSACTION READ ONLY") }
        return try await RestResult.run(statement, on: connection)
    }
}
