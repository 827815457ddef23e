import Foundation

/// Writes PostgREST query strings readably in tests: `QueryString.encode(#"name=in.("a b",c)&order=name"#)`
/// percent-encodes each value (quotes, spaces, braces…) and leaves the structure alone.
enum QueryString {
    /// What stays as it is in a value: PostgREST's own punctuation.
    static let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~,()*:!"))

    static func encode(_ query: String) -> String {
        query.split(separator: "&").map { pair in
            guard let equals = pair.firstIndex(of: "=") else { return String(pair) }
            let value = pair[pair.index(after: equals)...]
            return "\(pair[..<equals])=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? String(value))"
        }.joined(separator: "&")
    }
}
