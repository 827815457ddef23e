/// `select` lists with `*` among other items, JSON paths and embedded resources.
extension RestSQL {
    /// The select list of `selection` on `table` (aliased `qualifier`) and the LATERAL joins of its embedded resources.
    ///
    /// An embedded resource is a subquery on its table, correlated with the parent row through the relationship's
    /// columns, filtered, ordered and paged with its own parameters, and aggregated to one JSON value: `row_to_json`
    /// for to-one (NULL when there is no row), `json_agg` for to-many (`[]` when there is none). `!inner` joins on
    /// that value being there, which leaves the parent out otherwise. With `onlyInner` (for counting), only the joins
    /// that can remove parents are rendered, and no output column.
    func selectAndJoins(
        _ selection: RestSelection, table: Catalog.Table, qualifier: String, paths: [String],
        scope: inout RestEmbedScope, binds: inout RestBinds, onlyInner: Bool = false
    ) throws(RestQueryError) -> (columns: String, joins: String) {
        guard case .columns(let items) = selection else {
            return (onlyInner ? "" : readableColumns(table, qualifier: qualifier), "")
        }
        var columns: [String] = []
        var joins = ""
        for item in items {
            guard let embedding = item.embedding else {
                guard !onlyInner else { continue }
                columns.append(item.isStar ? readableColumns(table, qualifier: qualifier) : try columnItem(item, table: table, qualifier: qualifier, binds: &binds))
                continue
            }
            let relationship = try RestRelationship.resolve(embedding, from: table, in: catalog)
            let child = try self.table(relationship.child)
            let names = [item.alias, embedding.target].compactMap { $0 }
            let childPaths = paths.flatMap { parent in names.map { parent.isEmpty ? $0 : parent + "." + $0 } }
            let (conditions, page) = scope.take(childPaths)
            if onlyInner && !embedding.inner { continue }
            scope.counter += 1
            let number = scope.counter
            let childQualifier = "_t\(number)"
            let (childColumns, childJoins) = try selectAndJoins(
                embedding.selection, table: child, qualifier: childQualifier, paths: childPaths, scope: &scope, binds: &binds, onlyInner: onlyInner
            )
            var filters = relationship.joinColumns.map { "\(childQualifier).\(quote($0.child)) = \(qualifier).\(quote($0.parent))" }
            if let tenantFilter = tenantFilter(child, qualifier: childQualifier, binds: &binds) { filters.append(tenantFilter) }
            if !conditions.isEmpty {
                filters.append(try render(.and(conditions), table: child, qualifier: childQualifier, binds: &binds))
            }
            var subquery = "SELECT \(childColumns) FROM \(qualified(child)) AS \(childQualifier)\(childJoins) WHERE \(filters.joined(separator: " AND "))"
            if !relationship.isToOne {
                subquery += try orderBy(page.order, table: child, qualifier: childQualifier, binds: &binds)
                subquery += self.page(limit: page.limit, offset: page.offset, binds: &binds)
            }
            let join = "_j\(number)"
            let aggregate = relationship.isToOne ? "row_to_json(_e\(number))" : "json_agg(_e\(number))"
            let lateral = "LATERAL (SELECT \(aggregate) AS v FROM (\(subquery)) _e\(number)) \(join)"
            joins += embedding.inner ? " INNER JOIN \(lateral) ON \(join).v IS NOT NULL" : " LEFT JOIN \(lateral) ON TRUE"
            // `table()` embeds nothing in the output (it only filters, with `!inner`).
            if onlyInner || embedding.selection == .columns([]) { continue }
            let name = quote(item.alias ?? item.column)
            columns.append(relationship.isToOne ? "\(join).v AS \(name)" : "coalesce(\(join).v, '[]') AS \(name)")
        }
        return (columns.joined(separator: ", "), joins)
    }
}
