import FloWorxCore
import Foundation

/// A Phoenix channels v1 (`vsn=1.0.0`) message: a JSON object with topic, event, payload, ref and join_ref, as
/// Supabase's clients send them.
struct PhoenixMessage: Sendable {
    var topic: String
    var event: String
    var payload: [String: JSONValue]
    var ref: String?
    var joinRef: String?

    private struct Wire: Decodable {
        var topic: String
        var event: String
        var payload: JSONValue?
        var ref: JSONValue?
        var join_ref: JSONValue?
    }

    /// Parses a text frame; `nil` when it is not such a message.
    static func parse(_ text: String) -> PhoenixMessage? {
        guard let wire = try? JSONDecoder().decode(Wire.self, from: Data(text.utf8)) else { return nil }
        let payload: [String: JSONValue]
        switch wire.payload {
        case .object(let object): payload = object
        case .none, .null: payload = [:]
        default: return nil
        }
        return PhoenixMessage(topic: wire.topic, event: wire.event, payload: payload, ref: refText(wire.ref), joinRef: refText(wire.join_ref))
    }

    /// Refs are strings in the clients; a number is accepted and answered as text.
    private static func refText(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text): text
        case .number(let number): number == number.rounded() ? String(Int64(number)) : String(number)
        default: nil
        }
    }

    // MARK: Outgoing

    /// A JSON string literal.
    static func quoted(_ text: String) -> String {
        // Topics, events and names are plain text: no encoder needed (this runs for every message sent).
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C && $0 < 0x7F }) { return "\"" + text + "\"" }
        return (try? JSONEncoder().encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }

    /// JSON text of any encodable value (`null` if it cannot be encoded).
    static func json(_ value: some Encodable) -> String {
        (try? JSONEncoder().encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    /// A message whose payload is already JSON text.
    static func frame(topic: String, event: String, payload: String, ref: String?, joinRef: String? = nil) -> String {
        var text = #"{"event":"# + quoted(event) + #","topic":"# + quoted(topic) + #","payload":"# + payload
        text += #","ref":"# + (ref.map(quoted) ?? "null")
        if let joinRef { text += #","join_ref":"# + quoted(joinRef) }
        return text + "}"
    }

    /// `phx_reply` with status ok and `response` (JSON text).
    static func ok(topic: String, ref: String?, response: String = "{}") -> String {
        frame(topic: topic, event: "phx_reply", payload: #"{"status":"ok","response":"# + response + "}", ref: ref)
    }

    /// `phx_reply` with status error and a reason.
    static func error(topic: String, ref: String?, reason: String) -> String {
        frame(topic: topic, event: "phx_reply", payload: #"{"status":"error","response":{"reason":"# + quoted(reason) + "}}", ref: ref)
    }

    /// A `system` message (Supabase's extension status notices).
    static func system(topic: String, extension name: String, message: String, ok: Bool) -> String {
        let channel = topic.hasPrefix("realtime:") ? String(topic.dropFirst("realtime:".count)) : topic
        let payload = #"{"channel":"# + quoted(channel) + #","extension":"# + quoted(name) + #","message":"# + quoted(message)
            + #","status":"# + (ok ? #""ok""# : #""error""#) + "}"
        return frame(topic: topic, event: "system", payload: payload, ref: nil)
    }
}
