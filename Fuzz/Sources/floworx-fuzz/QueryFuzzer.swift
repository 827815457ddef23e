import FloWorxServer
import FloWorxStore

/// The data API's query string: every parameter the read path parses, as `RestController` parses it.
///
/// Invariants: each parser either refuses the input with a `RestQueryError` or returns a value; `limit` and `offset`
/// are never negative; a logic tree is never deeper than the input is long, and there are never more top-level
/// conditions than parameters.
///
/// An input ending in `#N` (a fragment, which never reaches the server) asks for the first parameter's logic tree
/// nested `N` levels deeper, up to 5,000: mutations rarely balance thousands of parentheses, and depth is what
/// exhausts a recursive parser's stack.
enum QueryFuzzer {
    static let maximumNesting = 5_000

    static func run(_ bytes: [UInt8]) {
        let query = nested(String(decoding: bytes, as: UTF8.self))
        let request = FuzzRequest.make(query: query)
        let parameters: QueryParameters
        do {
            parameters = try QueryParameters(request)
        } catch {
            return refused(error)
        }
        do {
            let conditions = try parameters.conditions()
            invariant(conditions.count <= parameters.pairs.count, "\(conditions.count) conditions from \(parameters.pairs.count) parameters")
            for condition in conditions {
                invariant(depth(of: condition) <= query.utf8.count, "a logic tree deeper than its \(query.utf8.count)-byte query")
            }
        } catch {
            refused(error)
        }
        do {
            if case .columns(let items) = try PostgRESTParser.selection(parameters.first("select")) {
                invariant(!items.isEmpty, "an empty column list instead of *")
                invariant(items.allSatisfy { !$0.column.isEmpty && $0.alias?.isEmpty != true }, "an empty select name")
            }
        } catch {
            refused(error)
        }
        do {
            let order = try PostgRESTParser.order(parameters.first("order"))
            invariant(order.allSatisfy { !$0.column.isEmpty }, "an order term without a column")
        } catch {
            refused(error)
        }
        for name in ["limit", "offset"] {
            do {
                if let value = try PostgRESTParser.count(name, parameters.first(name)) {
                    invariant(value >= 0, "\(name) \(value) is negative")
                }
            } catch {
                refused(error)
            }
        }
    }

    /// A refusal must be the parser's own error, which the API answers with a 4xx.
    static func refused(_ error: any Error) {
        guard let error = error as? RestQueryError else {
            return invariant(false, "unexpected error type \(type(of: error)): \(error)")
        }
        invariant((400..<500).contains(error.status), "a refusal with status \(error.status)")
    }

    /// `or=(a.eq.1)&x=eq.2#3` → `or=(and(and(and(a.eq.1))))&x=eq.2`; anything without a logic key first is unchanged.
    static func nested(_ text: String) -> String {
        guard let hash = text.lastIndex(of: "#") else { return text }
        let query = text[..<hash]
        guard let depth = Int(text[text.index(after: hash)...]), depth > 0 else { return String(query) }
        let first = query.prefix { $0 != "&" }
        let rest = query.dropFirst(first.count)
        guard let open = first.firstRange(of: "=("), ["or", "and", "not.or", "not.and"].contains(String(first[..<open.lowerBound])) else {
            return String(query)
        }
        let count = min(depth, maximumNesting)
        return String(first[..<open.upperBound]) + String(repeating: "and(", count: count) + String(first[open.upperBound...])
            + String(repeating: ")", count: count) + String(rest)
    }

    static func depth(of condition: RestCondition) -> Int {
        switch condition {
        case .and(let children), .or(let children): 1 + (children.map(depth(of:)).max() ?? 0)
        case .not(let child): 1 + depth(of: child)
        case .compare: 1
        }
    }
}
