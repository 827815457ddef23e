import FloWorxStore
import Foundation
import Hummingbird

/// The query string as an ordered list of pairs (filters may repeat a column).
package struct QueryParameters {
    package var pairs: [(key: String, value: String)]

    package init(_ request: Request) throws(RestQueryError) {
        pairs = Self.parse(request.uri.query ?? "")
        // PostgreSQL text cannot hold NUL, and in a name (an alias) it would break the statement itself.
        for (key, value) in pairs where key.utf8.contains(0) || value.utf8.contains(0) {
            throw .parse("failed to parse \(key.utf8.contains(0) ? "a parameter name" : key): NUL characters are not allowed")
        }
    }

    /// Splits a raw query string into pairs, decoding `+` as a space before percent-decoding, as PostgREST does
    /// (HTML form encoding; httpx and supabase-py send spaces as `+`).
    static func parse(_ query: String) -> [(key: String, value: String)] {
        query.split(separator: "&", omittingEmptySubsequences: true).map { item in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                // Most parameters need neither step; Foundation's string routines are costly on every request.
                let bytes = text.utf8
                guard bytes.contains(UInt8(ascii: "+")) || bytes.contains(UInt8(ascii: "%")) else { return String(text) }
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    /// The first value of `name`.
    package func first(_ name: String) -> String? {
        pairs.first { $0.key == name }?.value
    }

    /// Every filter and logic tree, to be ANDed. Those of embedded resources (`clients.name=eq.x`,
    /// `clients.or=(…)`) name their columns with the resource's path in front (`clients.name`).
    package func conditions() throws(RestQueryError) -> [RestCondition] {
        var conditions: [RestCondition] = []
        for (key, value) in pairs {
            switch key {
            case "or", "and", "not.or", "not.and":
                conditions.append(try PostgRESTParser.logic(key, value))
            case _ where PostgRESTParser.reserved.contains(key):
                continue
            default:
                if let (path, name) = Self.embeddedKey(key) {
                    switch name {
                    case "order", "limit", "offset", "select": continue
                    case "or", "and", "not.or", "not.and":
                        conditions.append(try PostgRESTParser.logic(name, value).prefixed(path + "."))
                        continue
                    default: break
                    }
                }
                conditions.append(try PostgRESTParser.filter(column: key, value))
            }
        }
        return conditions
    }

    /// `clients.orders.order=…` → (`clients.orders`, `order`): a key about an embedded resource. A dot inside a JSON
    /// path (`data->>a.b`) is part of a key, not a path.
    static func embeddedKey(_ key: String) -> (path: String, name: String)? {
        guard let split = RestEmbedding.path(of: key) else { return nil }
        for name in ["not.or", "not.and"] where key.hasSuffix("." + name) && key.count > name.count + 1 {
            return (String(key.dropLast(name.count + 1)), name)
        }
        return split
    }

    /// `order`, `limit` and `offset` of embedded resources, by path.
    package func embeddedPages() throws(RestQueryError) -> [String: RestEmbedPage] {
        var pages: [String: RestEmbedPage] = [:]
        for (key, value) in pairs {
            guard let (path, name) = Self.embeddedKey(key) else { continue }
            switch name {
            case "order": pages[path, default: RestEmbedPage()].order = try PostgRESTParser.order(value)
            case "limit": pages[path, default: RestEmbedPage()].limit = try PostgRESTParser.count(key, value)
            case "offset": pages[path, default: RestEmbedPage()].offset = try PostgRESTParser.count(key, value)
            default: continue
            }
        }
        return pages
    }
}

/// `Range: 0-24` (with `Range-Unit: items`), PostgREST's other way to paginate.
package struct RangeHeader {
    package var offset: Int
    package var limit: Int?

    package init?(_ request: Request) throws(RestQueryError) {
        guard let text = request.headers[.range] else { return nil }
        let spec = text.hasPrefix("items=") ? String(text.dropFirst(6)) : text
        let bounds = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard bounds.count == 2, let lower = Int(bounds[0]), lower >= 0 else {
            throw RestQueryError(code: "PGRST103", message: "Requested range not satisfiable", details: "Range must look like 0-24", status: 416)
        }
        offset = lower
        if bounds[1].isEmpty {
            limit = nil
        } else {
            guard let upper = Int(bounds[1]), upper >= lower else {
                throw RestQueryError(code: "PGRST103", message: "Requested range not satisfiable", details: "the range end is before its start", status: 416)
            }
            // `0-9223372036854775807` asks for everything: a count past Int.max is no limit, not an overflow.
            let (span, overflow) = (upper - lower).addingReportingOverflow(1)
            limit = overflow ? nil : span
        }
    }
}
