import Foundation

/// A Stripe request body: `application/x-www-form-urlencoded` with nested parameters spelled as Stripe's libraries
/// spell them (`line_items[0][price]`, `metadata[key]`), in insertion order so the same call sends the same bytes.
struct StripeForm: Sendable, Hashable {
    private(set) var fields: [(String, String)] = []

    mutating func append(_ name: String, _ value: String) { fields.append((name, value)) }

    /// `prefix[key]=value` for each entry, keys sorted.
    mutating func appendMetadata(_ metadata: [String: String], prefix: String) {
        for key in metadata.keys.sorted() { fields.append(("\(prefix)[\(key)]", metadata[key]!)) }
    }

    /// The encoded body.
    var encoded: Data { MailHTTP.form(fields) }

    static func == (lhs: StripeForm, rhs: StripeForm) -> Bool { lhs.fields.elementsEqual(rhs.fields) { $0 == $1 } }
    func hash(into hasher: inout Hasher) {
        for (name, value) in fields { hasher.combine(name); hasher.combine(value) }
    }
}
