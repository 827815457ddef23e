/// The filters and pages of one read's embedded resources, by path (`clients`, `clients.orders`), and which of
/// those paths the `select` names: a filter on a resource that is not embedded is refused (PGRST108), never ignored.
struct RestEmbedScope {
    /// The conditions on the read's own table.
    var root: [RestCondition] = []
    /// Conditions on embedded resources, with the path taken off their columns.
    private var conditions: [String: [RestCondition]] = [:]
    private var pages: [String: RestEmbedPage] = [:]
    private var used: Set<String> = []
    /// Numbers the aliases of embedded tables and joins (`_t1`, `_j1`, …) so that nested ones never clash.
    var counter = 0

    init() {}

    /// Sorts `conditions` by the resource they filter; one condition may not mix resources.
    init(conditions: [RestCondition], pages: [String: RestEmbedPage]) throws(RestQueryError) {
        self.pages = pages
        for condition in conditions {
            guard case .compare(let column, _, _) = condition, RestEmbedding.path(of: column) == nil else {
                try add(condition)
                continue
            }
            root.append(condition)
        }
    }

    private mutating func add(_ condition: RestCondition) throws(RestQueryError) {
        let paths = Set(condition.columns.map { RestEmbedding.path(of: $0)?.path ?? "" })
        guard paths.count <= 1 else {
            throw .parse("failed to parse logic tree: it names columns of different embedded resources", details: "filter each embedded resource with its own parameter, e.g. clients.or=(…)")
        }
        guard let path = paths.first, !path.isEmpty else {
            root.append(condition)
            return
        }
        conditions[path, default: []].append(condition.renamingColumns { String($0.dropFirst(path.count + 1)) })
    }

    /// The conditions and page of the embedded resource reachable by any of `paths` (by alias or by name).
    mutating func take(_ paths: [String]) -> (conditions: [RestCondition], page: RestEmbedPage) {
        var found: [RestCondition] = []
        var page = RestEmbedPage()
        for path in paths {
            used.insert(path)
            found += conditions[path] ?? []
            if let given = pages[path] { page = given }
        }
        return (found, page)
    }

    /// PGRST108 for a filter or page of a resource the `select` does not embed.
    func checkEveryPathUsed() throws(RestQueryError) {
        for path in conditions.keys.sorted() + pages.keys.sorted() where !used.contains(path) {
            let name = path.split(separator: ".").last.map(String.init) ?? path
            throw RestQueryError(
                code: "PGRST108", message: "'\(name)' is not an embedded resource in this request",
                hint: "Verify that '\(name)' is included in the 'select' query parameter.", status: 400
            )
        }
    }
}
