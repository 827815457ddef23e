import FloWorxServer
import FloWorxStore

/// The data API's query string: every parameter the read path parses, as `RestController` parses it.
///
/// Invariants: each parser either refuses the input with a `RestQueryError` or returns a value; `limit` and `offset`
/// are never negative; a logic tree is never deeper than the input is long, and there are never more top-level
/// conditions than parameters.
enum QueryFuzzer {
    static func run(_ bytes: [UInt8]) {
        let request = FuzzRequest.make(query: String(decoding: bytes, as: UTF8.self))
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
                invariant(depth(of: condition) <= bytes.count, "a logic tree deeper than its \(bytes.count)-byte query")
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

    static func depth(of condition: RestCondition) -> Int {
        switch condition {
        case .and(let children), .or(let children): 1 + (children.map(depth(of:)).max() ?? 0)
        case .not(let child): 1 + depth(of: child)
        case .compare: 1
        }
    }
}
