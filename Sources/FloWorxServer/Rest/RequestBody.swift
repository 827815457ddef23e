import FloWorxStore
import Foundation
import Hummingbird
import NIOCore

/// A JSON request body, checked once, kept as text for PostgreSQL to parse again with the column types.
struct RequestBody {
    /// The body as sent.
    let text: String
    let json: Any

    init(_ request: Request, _ context: AppRequestContext) async throws {
        let bytes = try await Self.bytes(request)
        guard !bytes.isEmpty, let json = try? JSONSerialization.jsonObject(with: bytes, options: []),
              json is [String: Any] || json is [Any]
        else {
            throw PostgRESTError(status: .badRequest, code: "PGRST102", message: "Empty or invalid json", details: "the body must be a JSON object or an array of objects")
        }
        self.text = String(decoding: bytes, as: UTF8.self)
        self.json = json
    }

    /// The body as sent; 413 above `RestController.maximumBodySize`.
    static func bytes(_ request: Request) async throws -> Data {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: RestController.maximumBodySize)
        } catch {
            throw PostgRESTError(status: .contentTooLarge, code: "PGRST413", message: "Payload too large: at most \(RestController.maximumBodySize) bytes")
        }
        return Data(buffer.readableBytesView)
    }

    /// The body when it is one object.
    var object: [String: Any]? { json as? [String: Any] }

    /// The rows of an insert: one object, or an array of objects.
    func rows() throws -> [[String: Any]] {
        if let object { return [object] }
        guard let array = json as? [Any] else { return [] }
        return try array.map { element in
            guard let row = element as? [String: Any] else {
                throw PostgRESTError(status: .badRequest, code: "PGRST102", message: "All elements of the array must be JSON objects")
            }
            return row
        }
    }

    /// The body as a JSON array text.
    var arrayText: String { object != nil ? "[\(text)]" : text }

    /// Every key of every row, in first-seen order.
    func keys(of rows: [[String: Any]]) -> [String] {
        var seen = Set<String>()
        var ordered: [String] = []
        for row in rows {
            for key in row.keys.sorted() where seen.insert(key).inserted {
                ordered.append(key)
            }
        }
        return ordered
    }
}
