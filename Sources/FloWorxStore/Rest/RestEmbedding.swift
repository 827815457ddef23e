/// An embedded resource in `select`: `alias:target!hint!inner(items)`.
///
/// The target is a table related to its parent by a foreign key (either direction), a foreign key constraint's name,
/// or a foreign key column of the parent; the hint (a constraint or column name) picks one relationship when several
/// match. Many-to-one and one-to-one embed an object (or `null`), one-to-many an array.
public struct RestEmbedding: Sendable, Hashable {
    /// The table (or constraint, or column) named before the parentheses.
    public var target: String
    /// `!hint`: a foreign key constraint name or column.
    public var hint: String?
    /// `!inner`: parents without a matching embedded row are left out.
    public var inner: Bool
    /// What to return of the embedded rows; an empty list embeds nothing in the output (useful with `!inner`).
    public var selection: RestSelection

    public init(target: String, hint: String? = nil, inner: Bool = false, selection: RestSelection = .all) {
        self.target = target
        self.hint = hint
        self.inner = inner
        self.selection = selection
    }
}

extension RestEmbedding {
    /// `clients.orders.name` → (`clients.orders`, `name`): a filter key or column naming an embedded resource's
    /// column. A dot inside a JSON path (`data->>a.b`) belongs to a key and makes no path.
    public static func path(of key: String) -> (path: String, name: String)? {
        let head = key.firstRange(of: "->").map { key[..<$0.lowerBound] } ?? Substring(key)
        guard let dot = head.lastIndex(of: ".") else { return nil }
        return (String(key[..<dot]), String(key[key.index(after: dot)...]))
    }
}
