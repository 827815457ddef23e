/// How an embedded table relates to its parent, resolved from the catalog's foreign keys as PostgREST resolves them.
struct RestRelationship: Sendable, Hashable {
    enum Cardinality: String, Sendable {
        case manyToOne = "many-to-one"
        case oneToOne = "one-to-one"
        case oneToMany = "one-to-many"
    }

    /// The parent and the embedded table.
    var parent: String
    var child: String
    var cardinality: Cardinality
    /// The constraint that relates them.
    var constraint: Catalog.ForeignKey
    /// Pairs (parent column, child column) that are equal for related rows.
    var joinColumns: [(parent: String, child: String)]

    /// Whether the embedding is one object (or null) rather than an array.
    var isToOne: Bool { cardinality != .oneToMany }

    static func == (lhs: RestRelationship, rhs: RestRelationship) -> Bool {
        lhs.parent == rhs.parent && lhs.child == rhs.child && lhs.constraint == rhs.constraint && lhs.cardinality == rhs.cardinality
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(constraint)
        hasher.combine(parent)
    }

    /// The one relationship `embedding` names from `parent`: PGRST200 when none matches, PGRST201 when several do.
    static func resolve(_ embedding: RestEmbedding, from parent: Catalog.Table, in catalog: Catalog) throws(RestQueryError) -> RestRelationship {
        let target = embedding.target
        var candidates: [RestRelationship] = []
        for key in catalog.foreignKeyConstraints {
            // Parent → child (the parent holds the key): many-to-one, or one-to-one when the key columns are unique.
            if key.table == parent.name, let child = catalog.tables[key.referencedTable],
               child.name == target || key.name == target || key.columns == [target] {
                let unique = parent.uniqueKeys.contains { Set($0) == Set(key.columns) }
                candidates.append(RestRelationship(
                    parent: parent.name, child: child.name, cardinality: unique ? .oneToOne : .manyToOne, constraint: key,
                    joinColumns: Array(zip(key.columns, key.referencedColumns)).map { (parent: $0.0, child: $0.1) }
                ))
            }
            // Child → parent (the child holds the key): one-to-many, or one-to-one when the key columns are unique.
            if key.referencedTable == parent.name, let child = catalog.tables[key.table], child.name == target || key.name == target {
                let unique = child.uniqueKeys.contains { Set($0) == Set(key.columns) }
                candidates.append(RestRelationship(
                    parent: parent.name, child: child.name, cardinality: unique ? .oneToOne : .oneToMany, constraint: key,
                    joinColumns: Array(zip(key.referencedColumns, key.columns)).map { (parent: $0.0, child: $0.1) }
                ))
            }
        }
        if let hint = embedding.hint {
            candidates = candidates.filter { relationship in
                let key = relationship.constraint
                return key.name == hint || key.columns == [hint] || key.referencedColumns == [hint]
            }
        }
        guard let first = candidates.first else {
            let using = embedding.hint.map { "' using the hint '\($0)" } ?? ""
            throw RestQueryError(
                code: "PGRST200", message: "Could not find a relationship between '\(parent.name)' and '\(target)' in the schema cache",
                details: "Searched for a foreign key relationship between '\(parent.name)' and '\(target)\(using)' in the schema '\(catalog.schema)', but no matches were found.",
                status: 400
            )
        }
        guard candidates.count == 1 else {
            var error = RestQueryError(
                code: "PGRST201", message: "Could not embed because more than one relationship was found for '\(parent.name)' and '\(target)'",
                hint: "Try changing '\(target)' to one of the following: "
                    + candidates.map { "'\($0.child)!\($0.constraint.name)'" }.joined(separator: ", ")
                    + ". Find the desired relationship in the 'details' key.",
                status: 300
            )
            error.detailItems = candidates.map(\.summary)
            throw error
        }
        return first
    }

    /// PostgREST's description of a candidate in PGRST201's details.
    var summary: [String: String] {
        let key = constraint
        return [
            "cardinality": cardinality.rawValue,
            "embedding": "\(parent) with \(child)",
            "relationship": "\(key.name) using \(key.table)(\(key.columns.joined(separator: ", "))) and \(key.referencedTable)(\(key.referencedColumns.joined(separator: ", ")))",
        ]
    }
}
