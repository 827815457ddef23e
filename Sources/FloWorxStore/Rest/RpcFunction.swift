/// One SQL function of the exposed schema that the data API can call at `/rest/v1/rpc/{name}`, as the catalog
/// describes it. Names and type names used in the SQL that calls it come only from here.
public struct RpcFunction: Sendable, Hashable {
    /// `provolatile`: whether the function may change the database (decides GET and the transaction's access mode).
    public enum Volatility: String, Sendable, Hashable {
        case immutable = "i"
        case stable = "s"
        case volatile = "v"
    }

    /// One input parameter.
    public struct Parameter: Sendable, Hashable {
        /// Empty for an unnamed parameter.
        public var name: String
        /// The type as `format_type` spells it (`date`, `timestamp with time zone`, `text[]`).
        public var type: String
        /// The base type name (`date`, `jsonb`, `_text`).
        public var baseType: String
        /// Whether a call may leave it out.
        public var hasDefault: Bool
        /// A `VARIADIC` parameter (called with `VARIADIC name := array`).
        public var isVariadic: Bool

        /// Whether it takes a whole JSON document (`json`/`jsonb`).
        public var isJSON: Bool { baseType == "json" || baseType == "jsonb" }
    }

    /// What a call returns.
    public enum Result: Sendable, Hashable {
        /// `RETURNS void`.
        case void
        /// One value of a base, domain, enum or range type (`RETURNS integer`, `RETURNS SETOF date`): its type as
        /// `format_type` spells it, and its base type name.
        case scalar(type: String, baseType: String)
        /// Rows with columns: a table's row type, a composite type, `RETURNS TABLE (…)` or OUT parameters.
        case composite([Catalog.Column])
    }

    public var name: String
    public var parameters: [Parameter]
    public var volatility: Volatility
    /// `RETURNS SETOF …` / `RETURNS TABLE (…)`.
    public var returnsSet: Bool
    public var result: Result
    /// The roles with EXECUTE on it.
    public var executableBy: Set<String>

    /// The result as a table, for a function that returns rows with columns.
    public var resultTable: Catalog.Table? {
        guard case .composite(let columns) = result else { return nil }
        return Catalog.Table(name: name, columns: columns, primaryKey: [], uniqueKeys: [], foreignKeys: [:], deletableBy: [])
    }

    /// The parameters as columns (their names and types), e.g. for describing them.
    public var parameterColumns: [Catalog.Column] {
        parameters.map { Self.column($0.name, type: $0.type, baseType: $0.baseType, nullable: $0.hasDefault) }
    }

    /// A column of a function's parameters or result. Result columns are readable by every role: the function's own
    /// privileges and row-level security decide what it returns.
    public static func column(_ name: String, type: String, baseType: String, nullable: Bool = true) -> Catalog.Column {
        Catalog.Column(name: name, type: type, baseType: baseType, isNullable: nullable, hasDefault: false, defaultExpression: nil,
                       readableBy: Set(Catalog.roles), insertableBy: [], updatableBy: [], allowedValues: nil)
    }

    /// The parameters without a default: a call must name them all.
    public var requiredNames: Set<String> { Set(parameters.filter { !$0.hasDefault }.map(\.name)) }

    /// The parameters as PostgreSQL lists them, `a => integer, b => text` (PostgREST's way in PGRST203).
    public var signature: String {
        parameters.map { $0.name.isEmpty ? $0.type : "\($0.name) => \($0.type)" }.joined(separator: ", ")
    }
}
