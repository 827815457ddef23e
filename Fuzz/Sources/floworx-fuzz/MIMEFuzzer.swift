import FloWorxCore
import FloWorxServer
import Foundation
import HTTPTypes

/// Raw RFC 5322 / MIME messages: the entity parser, the message normalizer and the ingestion request built on them.
///
/// Invariants: any bytes end in an entity tree or a `MIMEError` (libFuzzer's `-timeout` catches a parse that does not
/// terminate); a tree respects the parser's depth and part limits; an accepted ingestion request holds exactly one
/// message with a sender address and no NUL characters (PostgreSQL text cannot store them).
enum MIMEFuzzer {
    static let parser = MIMEParser()
    static let received = Date(timeIntervalSince1970: 1_767_225_600)

    static func run(_ bytes: [UInt8]) {
        do {
            let root = try parser.parse(bytes)
            let (depth, count) = shape(of: root)
            invariant(depth <= parser.maxDepth, "multipart nesting \(depth) beyond the limit \(parser.maxDepth)")
            invariant(count <= parser.maxParts, "\(count) entities beyond the limit \(parser.maxParts)")
            _ = root.text
        } catch {
            invariant(!error.code.isEmpty, "a MIMEError without a code")
        }
        do {
            let request = try IngestRequest(mime: bytes, priority: 0, receivedAt: received)
            invariant(request.messages.count == 1 && !request.isBatch, "one raw message became \(request.messages.count)")
            let message = request.messages[0]
            invariant(message.from.email.contains("@"), "a sender without an address: \(message.from.email)")
            for (name, text) in [("subject", message.subject), ("text", message.text), ("html", message.html ?? "")] {
                invariant(!text.utf8.contains(0), "NUL in the \(name)")
            }
        } catch {
            invariant((400..<500).contains(Int(error.status.code)) && !error.code.isEmpty, "a refusal with status \(error.status)")
        }
    }

    /// The nesting depth (the top-level entity is 0) and the number of entities of a tree.
    static func shape(of entity: MIMEEntity) -> (depth: Int, count: Int) {
        var depth = 0
        var count = 1
        for child in entity.children {
            let inner = shape(of: child)
            depth = max(depth, inner.depth + 1)
            count += inner.count
        }
        return (depth, count)
    }
}
