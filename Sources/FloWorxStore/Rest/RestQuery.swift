/// A data API request in the PostgREST dialect, parsed and ready to be checked against the catalog and rendered.

/// A comparison operator of a filter (`column=op.value`).
public enum RestOperator: String, Sendable, CaseIterable {
    case eq, neq, gt, gte, lt, lte, like, ilike, `in`, `is`
    /// Contains (`@>`), for jsonb and arrays.
    case cs
    /// Contained in (`<@`), for jsonb and arrays.
    case cd
}

/// The operand of a filter.
public enum RestOperand: Sendable, Hashable {
    /// One value, bound as a parameter and cast to the column's type.
    case value(String)
    /// The list of an `in` filter.
    case list([String])
    /// The keyword of an `is` filter.
    case keyword(RestIsKeyword)
}

/// What `is` compares with.
public enum RestIsKeyword: String, Sendable, CaseIterable {
    case null, `true`, `false`, unknown
}

/// A boolean tree of filters.
public indirect enum RestCondition: Sendable, Hashable {
    case and([RestCondition])
    case or([RestCondition])
    case not(RestCondition)
    case compare(column: String, op: RestOperator, operand: RestOperand)

    /// The same tree with `prefix` put before every column (`clients.or=(…)` filters the embedded `clients`).
    public func prefixed(_ prefix: String) -> RestCondition {
        renamingColumns { prefix + $0 }
    }

    /// The same tree with every column renamed.
    func renamingColumns(_ rename: (String) -> String) -> RestCondition {
        switch self {
        case .and(let children): .and(children.map { $0.renamingColumns(rename) })
        case .or(let children): .or(children.map { $0.renamingColumns(rename) })
        case .not(let child): .not(child.renamingColumns(rename))
        case .compare(let column, let op, let operand): .compare(column: rename(column), op: op, operand: operand)
        }
    }

    /// Every column the tree names.
    var columns: [String] {
        switch self {
        case .and(let children), .or(let children): children.flatMap(\.columns)
        case .not(let child): child.columns
        case .compare(let column, _, _): [column]
        }
    }
}

/// One item of `select`: `*`, `column`, `alias:column`, `column::cast`, a JSON path (`data->items->0->>name`), or an
/// embedded resource (`alias:table!hint!inner(…)`, see `RestEmbedding`).
public struct RestSelectItem: Sendable, Hashable {
    /// The column, possibly followed by a JSON path (`data->>status`); `*` for every readable column; the embedded
    /// resource's name for an embedding.
    public var column: String
    public var alias: String?
    public var cast: String?
    /// Set when the item embeds a related table.
    public var embedding: RestEmbedding?

    public init(column: String, alias: String? = nil, cast: String? = nil, embedding: RestEmbedding? = nil) {
        self.column = column
        self.alias = alias
        self.cast = cast
        self.embedding = embedding
    }

    /// `*` among other items.
    public static let star = RestSelectItem(column: "*")

    /// Whether this is `*`.
    public var isStar: Bool { column == "*" && embedding == nil }
}

/// What to return: `*` (every column the role may read) or a list.
public enum RestSelection: Sendable, Hashable {
    case all
    case columns([RestSelectItem])
}

/// One `order` term.
public struct RestOrder: Sendable, Hashable {
    public var column: String
    public var descending: Bool
    /// `nullsfirst` / `nullslast`; PostgreSQL's default when `nil`.
    public var nullsFirst: Bool?

    public init(column: String, descending: Bool = false, nullsFirst: Bool? = nil) {
        self.column = column
        self.descending = descending
        self.nullsFirst = nullsFirst
    }
}

/// `GET /rest/v1/{table}`.
public struct RestRead: Sendable, Hashable {
    public var table: String
    public var selection: RestSelection
    /// Conditions, all of which must hold.
    public var conditions: [RestCondition]
    public var order: [RestOrder]
    public var limit: Int?
    public var offset: Int?
    /// Whether to count every matching row (`Prefer: count=exact`).
    public var countTotal: Bool
    /// `order`, `limit` and `offset` of embedded resources, by their path (`clients`, `clients.orders`).
    public var embeddedPages: [String: RestEmbedPage]

    public init(table: String, selection: RestSelection = .all, conditions: [RestCondition] = [], order: [RestOrder] = [], limit: Int? = nil, offset: Int? = nil, countTotal: Bool = false, embeddedPages: [String: RestEmbedPage] = [:]) {
        self.table = table
        self.selection = selection
        self.conditions = conditions
        self.order = order
        self.limit = limit
        self.offset = offset
        self.countTotal = countTotal
        self.embeddedPages = embeddedPages
    }
}

/// How an insert treats rows that collide with a unique key.
public enum RestConflictResolution: Sendable, Hashable {
    /// Fail with 23505 (plain insert).
    case error
    /// `Prefer: resolution=merge-duplicates`: update the existing row.
    case merge
    /// `Prefer: resolution=ignore-duplicates`: keep the existing row.
    case ignore
}

/// `POST /rest/v1/{table}`.
public struct RestInsert: Sendable, Hashable {
    public var table: String
    /// The rows as a JSON array text.
    public var rowsJSON: String
    /// The union of the rows' keys.
    public var columns: [String]
    public var resolution: RestConflictResolution
    /// `on_conflict` columns; the primary key when `nil`.
    public var onConflict: [String]?
    /// What to return; `nil` for `return=minimal`.
    public var returning: RestSelection?

    public init(table: String, rowsJSON: String, columns: [String], resolution: RestConflictResolution = .error, onConflict: [String]? = nil, returning: RestSelection? = .all) {
        self.table = table
        self.rowsJSON = rowsJSON
        self.columns = columns
        self.resolution = resolution
        self.onConflict = onConflict
        self.returning = returning
    }
}

/// `PATCH /rest/v1/{table}`.
public struct RestUpdate: Sendable, Hashable {
    public var table: String
    /// The new values as a JSON object text.
    public var valuesJSON: String
    public var columns: [String]
    public var conditions: [RestCondition]
    public var returning: RestSelection?

    public init(table: String, valuesJSON: String, columns: [String], conditions: [RestCondition], returning: RestSelection? = .all) {
        self.table = table
        self.valuesJSON = valuesJSON
        self.columns = columns
        self.conditions = conditions
        self.returning = returning
    }
}

/// `DELETE /rest/v1/{table}`.
public struct RestDelete: Sendable, Hashable {
    public var table: String
    public var conditions: [RestCondition]
    public var returning: RestSelection?

    public init(table: String, conditions: [RestCondition], returning: RestSelection? = .all) {
        self.table = table
        self.conditions = conditions
        self.returning = returning
    }
}
