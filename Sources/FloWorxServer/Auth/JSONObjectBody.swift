import Foundation
import Hummingbird
import NIOCore

/// A JSON object request body for the auth API: at most `maximumSize` bytes and `maximumDepth` levels of nesting,
/// without NUL characters. Every refusal is a 4xx with a stable GoTrue-style `error_code`.
struct JSONObjectBody {
    /// The largest body accepted: auth requests are a few small fields.
    static let maximumSize = 64 * 1024
    /// The deepest nesting accepted: user metadata is a small object. Deeper documents are refused before parsing,
    /// so no parser recurses through them.
    static let maximumDepth = 64

    let object: [String: Any]

    init(_ request: Request) async throws {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: Self.maximumSize)
        } catch is NIOTooManyBytesError {
            throw GoTrueError(status: .contentTooLarge, errorCode: "request_too_large", message: "The request body is larger than \(Self.maximumSize) bytes")
        }
        let data = Data(buffer.readableBytesView)
        guard Self.depth(of: buffer.readableBytesView) <= Self.maximumDepth else {
            throw GoTrueError(status: .badRequest, errorCode: "bad_json", message: "Could not parse request body as JSON: nested deeper than \(Self.maximumDepth) levels")
        }
        guard let object = (try? JSONSerialization.jsonObject(with: data.isEmpty ? Data("{}".utf8) : data)) as? [String: Any] else {
            throw GoTrueError(status: .badRequest, errorCode: "bad_json", message: "Could not parse request body as JSON")
        }
        self.object = object
        if Self.hasNUL(object) {
            throw GoTrueError(status: .badRequest, errorCode: "validation_failed", message: "Values may not contain NUL characters")
        }
    }

    func string(_ key: String) -> String? { object[key] as? String }

    func object(_ key: String) -> [String: Any]? { object[key] as? [String: Any] }

    /// The deepest nesting of arrays and objects in JSON text, counting brackets outside strings (the text need not
    /// be valid JSON: the parser judges that afterwards). Stops counting once past `maximumDepth`.
    static func depth(of bytes: some Sequence<UInt8>) -> Int {
        var depth = 0
        var deepest = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                deepest = max(deepest, depth)
                if deepest > maximumDepth { return deepest }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
            default:
                break
            }
        }
        return deepest
    }

    /// Whether any string in the body (keys included, at any depth) holds a NUL character, which PostgreSQL refuses.
    private static func hasNUL(_ value: Any) -> Bool {
        switch value {
        case let text as String: return text.contains("\u{0}")
        case let object as [String: Any]: return object.contains { $0.key.contains("\u{0}") || hasNUL($0.value) }
        case let array as [Any]: return array.contains(where: hasNUL)
        default: return false
        }
    }
}
