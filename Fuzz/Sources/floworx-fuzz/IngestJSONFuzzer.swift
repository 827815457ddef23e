import FloWorxCore
import FloWorxServer
import Foundation
import HTTPTypes

/// Normalized JSON ingestion bodies (`POST /api/v1/emails`) and the `JSONValue` decoder every JSON column uses.
///
/// Invariants: a body is either refused with a 4xx `APIError` or becomes 1 to `maximumMessages` messages that pass
/// the request's own validation (version 1, a sender address, no NUL, a priority from 0 to 100); a `JSONValue`
/// that encodes decodes back to the same value.
enum IngestJSONFuzzer {
    static func run(_ bytes: [UInt8]) {
        let data = Data(bytes)
        do {
            let request = try IngestRequest(json: data, priority: 5)
            invariant((1...IngestRequest.maximumMessages).contains(request.messages.count), "\(request.messages.count) messages accepted")
            invariant((0...100).contains(request.priority), "priority \(request.priority) accepted")
            invariant(request.isBatch || request.messages.count == 1, "a single-message form with \(request.messages.count) messages")
            for message in request.messages {
                invariant(message.version == 1, "version \(message.version) accepted")
                invariant(message.from.email.contains("@"), "a sender without an address")
                invariant(!message.subject.utf8.contains(0) && !message.text.utf8.contains(0), "NUL accepted")
            }
        } catch {
            invariant((400..<500).contains(Int(error.status.code)) && !error.code.isEmpty, "a refusal with status \(error.status)")
        }
        let decoder = JSONCoding.decoder()
        guard let value = try? decoder.decode(JSONValue.self, from: data),
              let encoded = try? JSONCoding.encoder().encode(value)
        else { return }
        let again = try? decoder.decode(JSONValue.self, from: encoded)
        invariant(again == value, "JSONValue does not survive encoding: \(String(decoding: encoded, as: UTF8.self).prefix(200))")
    }
}
