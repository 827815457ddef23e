import Foundation
import PostgresNIO

/// Renders data API requests as SQL, PostgREST's way: the rows come back as one JSON text built by PostgreSQL
/// (`json_agg`), values are bound parameters cast to the column's catalog type, and every identifier is checked
/// against the catalog and quoted.
///
/// Each rendered statement returns one row: `(body, row_count[, total])`, all as text (PostgresNIO's prepared-statement
/// path describes result columns as text even when they arrive in binary, which is the same bytes only for text). Every placeholder's type
/// is spelled out (`$1::text::uuid`, `$2::text[]`), so a statement prepared without parameter types binds the same way.
public struct RestSQL: Sendable {
    public let catalog: Catalog
    /// The role the request runs as: it decides what `*` expands to.
    public let role: String
    /// Set to read a set-returning function's result instead of the table (RPC): its call stands where the table's
    /// name would, and its values bind first (see `RpcSQL`).
    public var functionSource: RpcSource?
    /// The business of a signed-in caller: every table tied to a business (`TenantRouting`) is then filtered to it
    /// next to row-level security, which the filter equals, so the statement names its business for routing on Citus.
    public var tenant: UUID?

    public init(catalog: Catalog, role: String) {
        self.catalog = catalog
        self.role = role
    }

    /// Casts allowed in `select=col::cast`.
    static let allowedCasts: Set<String> = [
        "text", "int", "int4", "int8", "integer", "bigint", "smallint", "numeric", "float", "float4", "float8",
        "real", "double precision", "bool", "boolean", "date", "json", "jsonb", "uuid", "timestamptz", "timestamp", "varchar",
    ]

    /// `SELECT …` for a read; with `countTotal`, a third column holds the number of matching rows.
    ///
    /// Embedded resources become `LEFT JOIN LATERAL` (or `INNER JOIN LATERAL` for `!inner`) subqueries aggregating
    /// with `json_agg` / `row_to_json`, as PostgREST renders them: one statement, run as the caller, so row-level
    /// security applies to every embedded table. A read without embeddings renders exactly as it always did.
    public func read(_ request: RestRead) throws(RestQueryError) -> RestStatement {
        let table = try table(request.table)
        var binds = functionSource?.binds ?? RestBinds()
        var scope = try RestEmbedScope(conditions: request.conditions, pages: request.embeddedPages)
        let (columns, joins) = try selectAndJoins(request.selection, table: table, qualifier: "_t", paths: [""], scope: &scope, binds: &binds)
        try scope.checkEveryPathUsed()
        let filter = try whereClause(scope.root, table: table, qualifier: "_t", binds: &binds)
        var inner = "SELECT \(columns) FROM \(qualified(table)) AS _t\(joins)\(filter)"
        inner += try orderBy(request.order, table: table, qualifier: "_t", binds: &binds)
        inner += page(limit: request.limit, offset: request.offset, binds: &binds)
        var sql = "SELECT coalesce(json_agg(_r), '[]')::text, count(*)::text"
        if request.countTotal {
            // The same filter, bound again, without limit and offset; of the embeddings only `!inner` ones decide.
            var countScope = try RestEmbedScope(conditions: request.conditions, pages: request.embeddedPages)
            let (_, countJoins) = try selectAndJoins(request.selection, table: table, qualifier: "_t", paths: [""], scope: &countScope, binds: &binds, onlyInner: true)
            let countFilter = try whereClause(countScope.root, table: table, qualifier: "_t", binds: &binds)
            sql += ", (SELECT count(*) FROM \(qualified(table)) AS _t\(countJoins)\(countFilter))::text"
        }
        sql += " FROM (\(inner)) _r"
        return RestStatement(sql: sql, binds: binds)
    }

    /// ` LIMIT $n OFFSET $m`, either, or nothing.
    func page(limit: Int?, offset: Int?, binds: inout RestBinds) -> String {
        var sql = ""
        if let limit {
            binds.append(limit)
            sql += " LIMIT $\(binds.count)"
        }
        if let offset, offset > 0 {
            binds.append(offset)
            sql += " OFFSET $\(binds.count)"
        }
        return sql
    }

    /// ` ORDER BY …` (or nothing), with JSON paths.
    func orderBy(_ order: [RestOrder], table: Catalog.Table, qualifier: String, binds: inout RestBinds) throws(RestQueryError) -> String {
        guard !order.isEmpty else { return "" }
        let terms = try order.map { order throws(RestQueryError) in
            let (reference, _) = try field(order.column, in: table, qualifier: qualifier, binds: &binds)
            var term = "\(reference) \(order.descending ? "DESC" : "ASC")"
            if let nullsFirst = order.nullsFirst { term += nullsFirst ? " NULLS FIRST" : " NULLS LAST" }
            return term
        }
        return " ORDER BY " + terms.joined(separator: ", ")
    }

    /// `INSERT …` (or upsert) of a JSON array of rows.
    public func insert(_ request: RestInsert) throws(RestQueryError) -> RestStatement {
        let table = try table(request.table)
        guard !request.columns.isEmpty else {
            throw RestQueryError(code: "PGRST102", message: "Empty or invalid json: an object with at least one column is required", status: 400)
        }
        let columns = try request.columns.map { name throws(RestQueryError) in try bodyColumn(name, in: table) }
        var binds = RestBinds()
        binds.append(request.rowsJSON)
        let list = columns.map { quote($0.name) }.joined(separator: ", ")
        var sql = "INSERT INTO \(qualified(table)) AS _t (\(list)) SELECT \(list) FROM json_populate_recordset(NULL::\(qualified(table)), $1::json)"
        switch request.resolution {
        case .error:
            break
        case .merge, .ignore:
            let target = try request.onConflict.map { names throws(RestQueryError) in
                try names.map { name throws(RestQueryError) in try self.column(name, in: table).name }
            } ?? table.primaryKey
            guard !target.isEmpty else { throw .parse("on_conflict is required: \(table.name) has no primary key") }
            sql += " ON CONFLICT (\(target.map(quote).joined(separator: ", ")))"
            let updates = columns.filter { !target.contains($0.name) }
            if request.resolution == .ignore || updates.isEmpty {
                sql += " DO NOTHING"
            } else {
                sql += " DO UPDATE SET " + updates.map { "\(quote($0.name)) = EXCLUDED.\(quote($0.name))" }.joined(separator: ", ")
            }
        }
        return try wrapMutation(sql, returning: request.returning, table: table, binds: binds)
    }

    /// `UPDATE … SET` from a JSON object, where the conditions hold.
    public func update(_ request: RestUpdate) throws(RestQueryError) -> RestStatement {
        let table = try table(request.table)
        guard !request.conditions.isEmpty else { throw Self.missingFilter("UPDATE") }
        guard !request.columns.isEmpty else {
            throw RestQueryError(code: "PGRST102", message: "Empty or invalid json: an object with at least one column is required", status: 400)
        }
        let columns = try request.columns.map { name throws(RestQueryError) in try bodyColumn(name, in: table) }
        var binds = RestBinds()
        binds.append(request.valuesJSON)
        let assignments = columns.map { "\(quote($0.name)) = _b.\(quote($0.name))" }.joined(separator: ", ")
        let filter = try whereClause(request.conditions, table: table, binds: &binds)
        let sql = "UPDATE \(qualified(table)) AS _t SET \(assignments) FROM (SELECT * FROM json_populate_record(NULL::\(qualified(table)), $1::json)) _b\(filter)"
        return try wrapMutation(sql, returning: request.returning, table: table, binds: binds)
    }

    /// `DELETE …` where the conditions hold.
    public func delete(_ request: RestDelete) throws(RestQueryError) -> RestStatement {
        let table = try table(request.table)
        guard !request.conditions.isEmpty else { throw Self.missingFilter("DELETE") }
        var binds = RestBinds()
        let filter = try whereClause(request.conditions, table: table, binds: &binds)
        return try wrapMutation("DELETE FROM \(qualified(table)) AS _t\(filter)", returning: request.returning, table: table, binds: binds)
    }

    /// What pg-safeupdate answers on Supabase for an unfiltered UPDATE or DELETE.
    static func missingFilter(_ command: String) -> RestQueryError {
        RestQueryError(code: "21000", message: "\(command) requires a WHERE clause", hint: "add a filter such as id=eq.<value>", status: 400)
    }

    private func wrapMutation(_ statement: String, returning: RestSelection?, table: Catalog.Table, binds: RestBinds) throws(RestQueryError) -> RestStatement {
        var binds = binds
        if let returning, case .columns(let items) = returning, items.contains(where: { $0.embedding != nil }) {
            // Embedded resources join the written rows as a read would: the readable columns come back from the write,
            // and the embeddings are rendered on them (the related tables as the statement's snapshot shows them).
            var scope = RestEmbedScope()
            let (columns, joins) = try selectAndJoins(returning, table: table, qualifier: "_t", paths: [""], scope: &scope, binds: &binds)
            let sql = "WITH _m AS (\(statement) RETURNING \(readableColumns(table, qualifier: "_t"))) "
                + "SELECT coalesce(json_agg(_r), '[]')::text, (SELECT count(*) FROM _m)::text FROM (SELECT \(columns) FROM _m AS _t\(joins)) _r"
            return RestStatement(sql: sql, binds: binds)
        }
        if let returning {
            let columns = try selectList(returning, table: table, qualifier: "_t", binds: &binds)
            return RestStatement(sql: "WITH _m AS (\(statement) RETURNING \(columns)) SELECT coalesce(json_agg(_m), '[]')::text, count(*)::text FROM _m", binds: binds)
        }
        return RestStatement(sql: "WITH _m AS (\(statement) RETURNING 1) SELECT NULL::text, count(*)::text FROM _m", binds: binds)
    }

    // MARK: Names

    func table(_ name: String) throws(RestQueryError) -> Catalog.Table {
        guard let table = catalog.tables[name] else { throw .unknownTable(name, schema: catalog.schema) }
        return table
    }

    func column(_ name: String, in table: Catalog.Table) throws(RestQueryError) -> Catalog.Column {
        guard let column = table.column(name) else { throw .unknownColumn(name, table: table.name) }
        return column
    }

    func bodyColumn(_ name: String, in table: Catalog.Table) throws(RestQueryError) -> Catalog.Column {
        guard let column = table.column(name) else { throw .unknownBodyColumn(name, table: table.name) }
        return column
    }

    func qualified(_ table: Catalog.Table) -> String {
        if let functionSource, functionSource.table == table.name { return functionSource.sql }
        return "\(quote(catalog.schema)).\(quote(table.name))"
    }

    /// Names come from the catalog (`SQLIdentifier`).
    func quote(_ identifier: String) -> String { SQLIdentifier.quoted(identifier) }

    /// The select list; `*` expands to the columns this role may read (so a hidden column never breaks `*`).
    func selectList(_ selection: RestSelection, table: Catalog.Table, qualifier: String) throws(RestQueryError) -> String {
        var binds = RestBinds()
        let list = try selectList(selection, table: table, qualifier: qualifier, binds: &binds)
        guard binds.count == 0 else { throw .parse("JSON paths are not supported here", details: "select plain columns") }
        return list
    }

    /// A select list without embedded resources (they need joins; see `selectAndJoins`).
    func selectList(_ selection: RestSelection, table: Catalog.Table, qualifier: String, binds: inout RestBinds) throws(RestQueryError) -> String {
        if case .columns(let items) = selection, let embedded = items.first(where: { $0.embedding != nil }) {
            throw .parse("embedded resources are not supported here: \(embedded.column)", details: "select plain columns")
        }
        var scope = RestEmbedScope()
        return try selectAndJoins(selection, table: table, qualifier: qualifier, paths: [""], scope: &scope, binds: &binds).columns
    }

    /// Every column this role may read, qualified.
    func readableColumns(_ table: Catalog.Table, qualifier: String) -> String {
        let readable = table.columns.filter { $0.readableBy.contains(role) }
        guard !readable.isEmpty else {
            // Nothing is readable: let PostgreSQL refuse with its own permission error.
            return "\(qualifier).*"
        }
        return readable.map { "\(qualifier).\(quote($0.name))" }.joined(separator: ", ")
    }

    /// One `select` item that is a column, possibly with a JSON path, a cast and an alias.
    func columnItem(_ item: RestSelectItem, table: Catalog.Table, qualifier: String, binds: inout RestBinds) throws(RestQueryError) -> String {
        var (expression, path) = try field(item.column, in: table, qualifier: qualifier, binds: &binds)
        if let cast = item.cast {
            guard Self.allowedCasts.contains(cast.lowercased()) else {
                throw .parse("unsupported cast \(cast) for column \(path.column)", details: "allowed: \(Self.allowedCasts.sorted().joined(separator: ", "))")
            }
            expression += "::\(cast.lowercased())"
        }
        return "\(expression) AS \(quote(item.alias ?? path.outputName))"
    }

    /// A column reference with its JSON path: the SQL and the parsed path. The column must exist, and be json or
    /// jsonb when there are arrows; the keys are bound.
    func field(_ name: String, in table: Catalog.Table, qualifier: String, binds: inout RestBinds) throws(RestQueryError) -> (sql: String, path: RestJSONPath) {
        let path = try RestJSONPath(name)
        let column = try self.column(path.column, in: table)
        let reference = "\(qualifier).\(quote(column.name))"
        guard !path.isPlain else { return (reference, path) }
        guard column.baseType == "json" || column.baseType == "jsonb" else {
            throw RestQueryError(
                code: "42883", message: "operator does not exist: \(column.type) -> unknown",
                hint: "JSON paths (->, ->>) apply to json and jsonb columns; \(table.name).\(column.name) is \(column.type)", status: 404
            )
        }
        return (path.render(reference, binds: &binds), path)
    }

    // MARK: Filters

    /// Checks a value its column's type can be checked for; otherwise the statement needs a custom plan.
    func checkValue(_ value: String, _ column: Catalog.Column, binds: inout RestBinds) throws(RestQueryError) {
        let baseType = column.baseType.hasPrefix("_") ? "array" : column.baseType
        switch RestValueCheck.kind(of: baseType) {
        case .text: break
        case .checked: try RestValueCheck.check(value, baseType: baseType)
        case .unchecked: binds.genericPlanSafe = false
        }
    }

    func whereClause(_ conditions: [RestCondition], table: Catalog.Table, binds: inout RestBinds) throws(RestQueryError) -> String {
        try whereClause(conditions, table: table, qualifier: "_t", binds: &binds)
    }

    /// ` WHERE …` (or nothing) on `table` aliased `qualifier`, with the tenant's business first.
    func whereClause(_ conditions: [RestCondition], table: Catalog.Table, qualifier: String, binds: inout RestBinds) throws(RestQueryError) -> String {
        let tenantFilter = tenantFilter(table, qualifier: qualifier, binds: &binds)
        guard !conditions.isEmpty else { return tenantFilter.map { " WHERE " + $0 } ?? "" }
        let filter = try render(.and(conditions), table: table, qualifier: qualifier, binds: &binds)
        return " WHERE " + (tenantFilter.map { "\($0) AND " } ?? "") + filter
    }

    /// `qualifier`'s rows pinned to the tenant's business (`TenantRouting`), or nil without a tenant or for a table
    /// not tied to a business (or a function's rows).
    func tenantFilter(_ table: Catalog.Table, qualifier: String, binds: inout RestBinds) -> String? {
        guard let tenant, functionSource?.table != table.name,
              TenantRouting.isTenantTable(table.name, schema: catalog.schema) else { return nil }
        binds.append(tenant.uuidString.lowercased())
        return TenantRouting.predicate(table: table.name, schema: catalog.schema, qualifier: qualifier, bind: binds.count, quote: quote)
    }

    func render(_ condition: RestCondition, table: Catalog.Table, binds: inout RestBinds) throws(RestQueryError) -> String {
        try render(condition, table: table, qualifier: "_t", binds: &binds)
    }

    func render(_ condition: RestCondition, table: Catalog.Table, qualifier: String, binds: inout RestBinds) throws(RestQueryError) -> String {
        switch condition {
        case .and(let children), .or(let children):
            guard !children.isEmpty else { return "TRUE" }
            var parts: [String] = []
            for child in children { parts.append(try render(child, table: table, qualifier: qualifier, binds: &binds)) }
            let joiner: String
            if case .and = condition { joiner = " AND " } else { joiner = " OR " }
            return "(" + parts.joined(separator: joiner) + ")"
        case .not(let child):
            return "NOT " + (try render(child, table: table, qualifier: qualifier, binds: &binds))
        case .compare(let name, let op, let operand):
            let (reference, path) = try field(name, in: table, qualifier: qualifier, binds: &binds)
            var column = try self.column(path.column, in: table)
            if !path.isPlain {
                // `->>` gives text; `->` keeps the column's json type, whose values only PostgreSQL can check.
                if path.yieldsJSON { binds.genericPlanSafe = false } else { column.baseType = "text" }
            }
            let type = quote(column.baseType.hasPrefix("_") ? String(column.baseType.dropFirst()) : column.baseType)
            let arrayType = column.baseType.hasPrefix("_") ? "\(type)[]" : type
            switch (op, operand) {
            case (.is, .keyword(let keyword)):
                return "(\(reference) IS \(keyword.rawValue.uppercased()))"
            case (.in, .list(let values)):
                for value in values { try checkValue(value, column, binds: &binds) }
                binds.append(values)
                return "(\(reference) = ANY($\(binds.count)::text[]::\(type)[]))"
            case (.like, .value(let pattern)), (.ilike, .value(let pattern)):
                binds.append(pattern.replacingOccurrences(of: "*", with: "%"))
                return "(\(reference)::text \(op == .like ? "LIKE" : "ILIKE") $\(binds.count))"
            case (.cs, .value(let value)), (.cd, .value(let value)):
                binds.genericPlanSafe = false
                binds.append(value)
                return "(\(reference) \(op == .cs ? "@>" : "<@") $\(binds.count)::text::\(arrayType))"
            case (_, .value(let value)) where [.eq, .neq, .gt, .gte, .lt, .lte].contains(op):
                try checkValue(value, column, binds: &binds)
                binds.append(value)
                let symbol = ["eq": "=", "neq": "<>", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="][op.rawValue]!
                return "(\(reference) \(symbol) $\(binds.count)::text::\(arrayType))"
            default:
                throw .parse("operator \(op.rawValue) cannot take that operand", details: "column \(column.name)")
            }
        }
    }
}
