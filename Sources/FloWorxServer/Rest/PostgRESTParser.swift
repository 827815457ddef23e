import FloWorxStore

/// Parses PostgREST's query-string dialect: `select`, filters, `or`/`and` trees, `order`, `limit`, `offset`.
package struct PostgRESTParser {
    /// Parameters that are not column filters.
    static let reserved: Set<String> = ["select", "order", "limit", "offset", "on_conflict", "columns", "or", "and", "not.or", "not.and"]

    // MARK: select

    /// `*`, `id,name`, `alias:column`, `column::text`, JSON paths (`data->items->0->>name`) and embedded resources
    /// (`alias:table!hint!inner(…)`, nested). Every item is kept, `*` among them: what the catalog does not know is
    /// refused later, never dropped.
    package static func selection(_ text: String?) throws(RestQueryError) -> RestSelection {
        guard let text, !text.isEmpty, text != "*" else { return .all }
        return try selection(text, whole: text, depth: 1)
    }

    /// How deep embeddings may nest (PostgREST sets no limit; the stack does).
    static let maximumEmbedDepth = 16

    private static func selection(_ text: String, whole: String, depth: Int) throws(RestQueryError) -> RestSelection {
        guard depth <= maximumEmbedDepth else {
            throw .parse("failed to parse select parameter (\(whole))", details: "embedded resources may nest at most \(maximumEmbedDepth) levels")
        }
        var items: [RestSelectItem] = []
        for raw in try splitTopLevel(text) {
            let part = raw.trimmingSpaces()
            if part == "*" {
                items.append(.star)
            } else if let open = part.firstIndex(of: "("), !part.hasPrefix("\"") {
                items.append(try embeddedItem(part, open: open, whole: whole, depth: depth))
            } else {
                items.append(try columnItem(part, whole: whole))
            }
        }
        return items == [.star] ? .all : .columns(items)
    }

    /// `alias:column->path::cast`.
    private static func columnItem(_ part: String, whole: String) throws(RestQueryError) -> RestSelectItem {
        var column = Substring(part)
        var alias: String?
        var cast: String?
        if let range = column.firstRange(of: "::") {
            cast = String(column[range.upperBound...])
            column = column[..<range.lowerBound]
        }
        if let colon = column.firstIndex(of: ":") {
            alias = unquote(String(column[..<colon]))
            column = column[column.index(after: colon)...]
        }
        guard !column.isEmpty, alias?.isEmpty != true, cast?.isEmpty != true, !column.contains(":") else {
            throw .parse("failed to parse select parameter (\(whole))", details: "unexpected \"\(part)\"")
        }
        return RestSelectItem(column: unquote(String(column)), alias: alias, cast: cast)
    }

    /// `alias:target!hint!inner(items)`; `items` may be empty.
    private static func embeddedItem(_ part: String, open: String.Index, whole: String, depth: Int) throws(RestQueryError) -> RestSelectItem {
        guard part.hasSuffix(")") else {
            throw .parse("failed to parse select parameter (\(whole))", details: "unexpected text after \(part[..<open])(…)")
        }
        var head = Substring(part[..<open])
        let inner = String(part[part.index(after: open)..<part.index(before: part.endIndex)])
        var alias: String?
        if let colon = head.firstIndex(of: ":") {
            alias = String(head[..<colon])
            head = head[head.index(after: colon)...]
        }
        guard !head.hasPrefix("...") else {
            throw .parse("failed to parse select parameter (\(whole))", details: "spread embedding (...\(head.dropFirst(3))) is not supported")
        }
        var names = head.split(separator: "!", omittingEmptySubsequences: false).map(String.init)
        let target = names.removeFirst()
        var embedding = RestEmbedding(target: target)
        for name in names {
            switch name {
            case "inner": embedding.inner = true
            case "left": embedding.inner = false
            case _ where embedding.hint == nil && !name.isEmpty: embedding.hint = name
            default: throw .parse("failed to parse select parameter (\(whole))", details: "unexpected \"!\(name)\" in \(head)")
            }
        }
        guard !target.isEmpty, alias?.isEmpty != true, !target.contains("."), !target.contains(":") else {
            throw .parse("failed to parse select parameter (\(whole))", details: "unexpected \"\(part)\"")
        }
        let trimmed = inner.trimmingSpaces()
        embedding.selection = trimmed.isEmpty ? .columns([]) : try selection(trimmed, whole: whole, depth: depth + 1)
        return RestSelectItem(column: target, alias: alias, embedding: embedding)
    }

    // MARK: order

    /// `col`, `col.desc`, `col.asc.nullslast`, comma separated.
    package static func order(_ text: String?) throws(RestQueryError) -> [RestOrder] {
        guard let text, !text.isEmpty else { return [] }
        return try text.split(separator: ",").map { term throws(RestQueryError) in
            let parts = term.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard let column = parts.first, !column.isEmpty, parts.count <= 3 else {
                throw .parse("failed to parse order (\(text))", details: "unexpected \"\(term)\"")
            }
            var order = RestOrder(column: column)
            for modifier in parts.dropFirst() {
                switch modifier {
                case "asc": order.descending = false
                case "desc": order.descending = true
                case "nullsfirst": order.nullsFirst = true
                case "nullslast": order.nullsFirst = false
                default: throw .parse("failed to parse order (\(text))", details: "unexpected \"\(modifier)\", expected asc, desc, nullsfirst or nullslast")
                }
            }
            return order
        }
    }

    /// A non-negative integer parameter.
    package static func count(_ name: String, _ text: String?) throws(RestQueryError) -> Int? {
        guard let text else { return nil }
        guard let value = Int(text), value >= 0 else {
            throw .parse("\(name) must be a non-negative integer, got \(text)")
        }
        return value
    }

    // MARK: filters

    /// `column=[not.]op.value` → a condition.
    static func filter(column: String, _ text: String) throws(RestQueryError) -> RestCondition {
        guard !column.isEmpty else { throw .parse("empty column name in filter") }
        return try condition(column: column, expression: Substring(text))
    }

    /// How deep `and(…)`/`or(…)` may nest. PostgREST sets no limit; without one a few kilobytes of `or(or(or(…)))`
    /// exhaust the stack. Real front ends nest two or three levels.
    static let maximumLogicDepth = 32

    /// `or=(…)`, `and=(…)`, `not.or=(…)`, `not.and=(…)`.
    static func logic(_ key: String, _ text: String) throws(RestQueryError) -> RestCondition {
        try logic(key, text, depth: 1)
    }

    private static func logic(_ key: String, _ text: String, depth: Int) throws(RestQueryError) -> RestCondition {
        guard depth <= maximumLogicDepth else {
            throw .parse("failed to parse logic tree: nested deeper than \(maximumLogicDepth) levels", details: "and(…)/or(…) may nest at most \(maximumLogicDepth) levels")
        }
        var name = Substring(key)
        let negated = name.hasPrefix("not.")
        if negated { name = name.dropFirst(4) }
        guard text.hasPrefix("("), text.hasSuffix(")") else {
            throw .parse("failed to parse logic tree (\(text))", details: "expected \(key)=(…)")
        }
        let children = try splitTopLevel(String(text.dropFirst().dropLast())).map { item throws(RestQueryError) in try treeItem(item, depth: depth) }
        let tree: RestCondition = name == "or" ? .or(children) : .and(children)
        return negated ? .not(tree) : tree
    }

    /// One item of a logic tree: a nested `and(…)`/`or(…)` (optionally `not.`), or `column.[not.]op.value`.
    private static func treeItem(_ raw: String, depth: Int) throws(RestQueryError) -> RestCondition {
        let item = raw.trimmingSpaces()
        for prefix in ["not.and(", "not.or(", "and(", "or("] where item.hasPrefix(prefix) {
            let key = String(prefix.dropLast())
            return try logic(key, String(item.dropFirst(prefix.count - 1)), depth: depth + 1)
        }
        guard let dot = item.firstIndex(of: ".") else {
            throw .parse("failed to parse logic tree item (\(item))", details: "expected column.operator.value")
        }
        return try condition(column: String(item[..<dot]), expression: item[item.index(after: dot)...])
    }

    private static func condition(column: String, expression: Substring) throws(RestQueryError) -> RestCondition {
        var rest = expression
        var negated = false
        if rest.hasPrefix("not.") {
            negated = true
            rest = rest.dropFirst(4)
        }
        guard let dot = rest.firstIndex(of: ".") else {
            throw .parse("failed to parse filter (\(expression))", details: "expected operator.value, e.g. eq.5")
        }
        let opName = String(rest[..<dot])
        guard let op = RestOperator(rawValue: opName) else {
            throw .parse("unknown operator \(opName) in filter on \(column)", details: "supported: \(RestOperator.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let value = String(rest[rest.index(after: dot)...])
        let operand: RestOperand
        switch op {
        case .is:
            guard let keyword = RestIsKeyword(rawValue: value.lowercased()) else {
                throw .parse("failed to parse filter (is.\(value))", details: "is takes null, true, false or unknown")
            }
            operand = .keyword(keyword)
        case .in:
            guard value.hasPrefix("("), value.hasSuffix(")") else {
                throw .parse("failed to parse filter (in.\(value))", details: "in takes a list: in.(a,b,c)")
            }
            let inner = String(value.dropFirst().dropLast())
            operand = .list(inner.isEmpty ? [] : try splitTopLevel(inner).map { unquote($0.trimmingSpaces()) })
        default:
            operand = .value(unquote(value))
        }
        let comparison = RestCondition.compare(column: column, op: op, operand: operand)
        return negated ? .not(comparison) : comparison
    }

    /// Splits on commas outside parentheses and double quotes.
    static func splitTopLevel(_ text: String) throws(RestQueryError) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        var quoted = false
        var escaped = false
        for character in text {
            if escaped {
                current.append(character)
                escaped = false
                continue
            }
            switch character {
            case "\\" where quoted:
                escaped = true
                current.append(character)
            case "\"":
                quoted.toggle()
                current.append(character)
            case "(" where !quoted:
                depth += 1
                current.append(character)
            case ")" where !quoted:
                depth -= 1
                guard depth >= 0 else { throw .parse("unbalanced parentheses in \(text)") }
                current.append(character)
            case "," where !quoted && depth == 0:
                parts.append(current)
                current = ""
            default:
                current.append(character)
            }
        }
        guard depth == 0, !quoted else { throw .parse("unbalanced parentheses or quotes in \(text)") }
        parts.append(current)
        return parts
    }

    /// `"a,b"` → `a,b` (with `\"` and `\\` unescaped); anything else unchanged.
    static func unquote(_ text: String) -> String {
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else { return text }
        var result = ""
        var escaped = false
        for character in text.dropFirst().dropLast() {
            if escaped {
                result.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        return result
    }
}

extension String {
    /// Without leading and trailing spaces.
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while slice.first == " " { slice = slice.dropFirst() }
        while slice.last == " " { slice = slice.dropLast() }
        return String(slice)
    }
}
