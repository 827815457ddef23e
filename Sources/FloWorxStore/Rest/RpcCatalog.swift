import Foundation
import Logging
import PostgresNIO

/// The functions of the exposed schema the data API can call, read from `pg_proc` (loaded once, as the table catalog).
///
/// Left out: procedures, aggregates and window functions, functions of extensions, trigger functions, and functions
/// whose inputs or result the API cannot express (pseudo-types such as `anyelement`, `internal`, `record` without
/// OUT parameters).
public struct RpcCatalog: Sendable {
    /// The schema the functions are in (`public`).
    public var schema: String
    /// Overloads by name.
    public var functions: [String: [RpcFunction]]

    public init(schema: String, functions: [String: [RpcFunction]]) {
        self.schema = schema
        self.functions = functions
    }

    /// The overloads of `name` that `role` may execute.
    public func overloads(_ name: String, role: String) -> [RpcFunction] {
        (functions[name] ?? []).filter { $0.executableBy.contains(role) }
    }

    /// Every function `role` may execute, by name then overload.
    public func callable(by role: String) -> [RpcFunction] {
        functions.keys.sorted().flatMap { overloads($0, role: role) }
    }

    /// Reads the functions of `schema`.
    public static func load(_ connection: PostgresConnection, schema: String = "public", logger: Logger) async throws -> RpcCatalog {
        // One JSON document per function: argument and column lists are arrays, which a row tuple would need many
        // columns for.
        let rows = try await connection.query("""
            SELECT json_build_object(
              'name', p.proname::text, 'volatility', p.provolatile::text, 'set', p.proretset, 'defaults', p.pronargdefaults,
              'return_type', format_type(p.prorettype, NULL), 'return_base', rt.typname::text, 'return_kind', rt.typtype::text,
              'args', coalesce((
                SELECT json_agg(json_build_object(
                         'name', coalesce(p.proargnames[a.ord], ''), 'mode', coalesce(p.proargmodes[a.ord]::text, 'i'),
                         'type', format_type(a.type, NULL), 'base', t.typname::text, 'kind', t.typtype::text) ORDER BY a.ord)
                FROM unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) WITH ORDINALITY a(type, ord)
                JOIN pg_type t ON t.oid = a.type), '[]'),
              'columns', coalesce((
                SELECT json_agg(json_build_object('name', c.attname::text, 'type', format_type(c.atttypid, c.atttypmod), 'base', t.typname::text)
                                ORDER BY c.attnum)
                FROM pg_attribute c JOIN pg_type t ON t.oid = c.atttypid
                WHERE c.attrelid = rt.typrelid AND c.attnum > 0 AND NOT c.attisdropped), '[]'),
              'roles', json_build_array(has_function_privilege('anon', p.oid, 'EXECUTE'),
                                        has_function_privilege('authenticated', p.oid, 'EXECUTE'),
                                        has_function_privilege('service_role', p.oid, 'EXECUTE'))
            )::text
            FROM pg_proc p
            JOIN pg_namespace n ON n.oid = p.pronamespace
            JOIN pg_type rt ON rt.oid = p.prorettype
            WHERE n.nspname = \(schema) AND p.prokind = 'f'
              AND NOT EXISTS (SELECT 1 FROM pg_depend d
                              WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
            ORDER BY p.proname, p.oid
            """, logger: logger)
        var functions: [String: [RpcFunction]] = [:]
        let decoder = JSONDecoder()
        for try await text in rows.decode(String.self) {
            let row = try decoder.decode(Row.self, from: Data(text.utf8))
            guard let function = row.function else { continue }
            functions[function.name, default: []].append(function)
        }
        return RpcCatalog(schema: schema, functions: functions)
    }

    /// One function as the catalog query describes it.
    private struct Row: Decodable {
        struct Argument: Decodable {
            var name: String
            var mode: String
            var type: String
            var base: String
            var kind: String
        }

        struct Column: Decodable {
            var name: String
            var type: String
            var base: String
        }

        var name: String
        var volatility: String
        var set: Bool
        var defaults: Int
        var return_type: String
        var return_base: String
        var return_kind: String
        var args: [Argument]
        var columns: [Column]
        var roles: [Bool]

        /// The function, or `nil` when the API cannot call it.
        var function: RpcFunction? {
            let inputs = args.filter { ["i", "b", "v"].contains($0.mode) }
            let outputs = args.filter { ["o", "b", "t"].contains($0.mode) }
            guard !inputs.contains(where: { $0.kind == "p" }), let volatility = RpcFunction.Volatility(rawValue: volatility) else { return nil }
            let result: RpcFunction.Result
            if return_kind == "c" {
                result = .composite(columns.map { RpcFunction.column($0.name, type: $0.type, baseType: $0.base) })
            } else if return_base == "record", !outputs.isEmpty {
                result = .composite(outputs.map { RpcFunction.column($0.name, type: $0.type, baseType: $0.base) })
            } else if return_base == "void" {
                result = .void
            } else if return_kind == "p" {
                return nil
            } else {
                result = .scalar(type: return_type, baseType: return_base)
            }
            let firstDefault = inputs.count - defaults
            let parameters = inputs.enumerated().map { index, argument in
                RpcFunction.Parameter(name: argument.name, type: argument.type, baseType: argument.base,
                                      hasDefault: index >= firstDefault, isVariadic: argument.mode == "v")
            }
            let executableBy = Set(zip(Catalog.roles, roles).filter(\.1).map(\.0))
            return RpcFunction(name: name, parameters: parameters, volatility: volatility, returnsSet: set, result: result, executableBy: executableBy)
        }
    }
}
