import FloWorxCore
import Foundation
import HummingbirdTesting
import NIOCore

extension TestResponse {
    /// The body as UTF-8 text.
    var text: String { String(buffer: body) }

    /// The body parsed as JSON; throws when it is not JSON.
    func json() throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    /// The body as a JSON array of objects (a data API result); throws when it is anything else.
    func rows() throws -> [JSONValue] {
        guard let rows = try json().arrayValue else { throw NotAnArray(body: text) }
        return rows
    }

    /// The body was expected to be a JSON array.
    struct NotAnArray: Error, CustomStringConvertible {
        var body: String
        var description: String { "expected a JSON array, got \(body)" }
    }
}
