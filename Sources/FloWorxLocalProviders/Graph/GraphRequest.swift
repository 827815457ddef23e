import Foundation

/// A request to the local Graph server, parsed: the path after `/v1.0` in segments (`users/{me}` rewritten to
/// `me`, `name('x')` split into `name`, `x`), the query, and the `Prefer` preferences that change answers.
struct GraphRequest: Sendable {
    var method: String
    var segments: [String]
    var query: [String: String]
    /// `Prefer: IdType="ImmutableId"`.
    var immutableIds: Bool
    /// `Prefer: odata.maxpagesize=N`.
    var maxPageSize: Int?
    var body: Data
    /// `http://127.0.0.1:<port>/v1.0`.
    var serviceRoot: String
    /// The path as requested, without the query (for links).
    var path: String

    /// Splits a raw path into decoded segments after `/v1.0`; `nil` when it is not under `/v1.0`.
    static func segments(ofPath path: String) -> [String]? {
        var parts = path.split(separator: "/", omittingEmptySubsequences: true).map { String($0).removingPercentEncoding ?? String($0) }
        guard parts.first == "v1.0" else { return nil }
        parts.removeFirst()
        var result: [String] = []
        for part in parts {
            // OData key syntax: mailFolders('inbox') -> mailFolders, inbox. `delta()` stays a function call.
            if let open = part.firstIndex(of: "("), part.hasSuffix(")"), part != "delta()" {
                result.append(String(part[..<open]))
                let key = part[part.index(after: open)..<part.index(before: part.endIndex)]
                result.append(key.trimmingCharacters(in: CharacterSet(charactersIn: "'")))
            } else {
                result.append(part)
            }
        }
        return result
    }

    /// Parses `a=b&c=d`, percent-decoded, `+` read as a space (as IIS reads a query; a literal plus is `%2B`).
    static func query(_ raw: String?) -> [String: String] {
        guard let raw = raw?.replacingOccurrences(of: "+", with: "%20"), !raw.isEmpty else { return [:] }
        var result: [String: String] = [:]
        for pair in raw.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            let key = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            result[key] = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
        }
        return result
    }

    /// Reads the `Prefer` header values (comma-separated, possibly repeated).
    static func preferences(_ values: [String]) -> (immutable: Bool, maxPageSize: Int?) {
        var immutable = false
        var pageSize: Int?
        for item in values.flatMap({ $0.split(separator: ",") }) {
            let text = item.trimmingCharacters(in: .whitespaces)
            let lower = text.lowercased().replacingOccurrences(of: " ", with: "")
            if lower == "idtype=\"immutableid\"" { immutable = true }
            if lower.hasPrefix("odata.maxpagesize=") { pageSize = Int(lower.dropFirst("odata.maxpagesize=".count)) }
        }
        return (immutable, pageSize)
    }

    /// The `$select` list, when given.
    var select: Set<String>? {
        guard let raw = query["$select"], !raw.isEmpty else { return nil }
        return Set(raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
    }
}
