import Foundation

/// Normalized messages for `POST /api/v1/emails`, as JSON text.
enum IngestMessage {
    /// A valid message. `set` replaces or adds members (name → JSON value text); `remove` leaves members out.
    static func json(
        _ messageId: String,
        from: String = "jane@customer.example",
        text: String = "The furnace stopped. It is -30 outside.",
        set: [String: String] = [:],
        remove: Set<String> = []
    ) -> String {
        var members: [(String, String)] = [
            ("message_id", "\"\(messageId)\""),
            ("thread_id", "\"t-\(messageId)\""),
            ("from", #"{"email": "\#(from)", "name": "Jane Doe"}"#),
            ("to", #"[{"email": "office@acme-hvac.example"}]"#),
            ("cc", #"[{"email": "owner@acme-hvac.example"}]"#),
            ("subject", #""No heat since this morning""#),
            ("text", "\"\(text)\""),
            ("received_at", #""2026-01-10T08:00:00Z""#),
        ]
        members = members.map { name, value in (name, set[name] ?? value) }
        members += set.filter { name, _ in !members.contains { $0.0 == name } }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return "{" + members.filter { !remove.contains($0.0) }.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// The ingestion URI for the operator (`client_id` given) or a user (nil).
    static func uri(client: String? = nil, priority: Int? = nil) -> String {
        var query: [String] = []
        if let client { query.append("client_id=\(client)") }
        if let priority { query.append("priority=\(priority)") }
        return "/api/v1/emails" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
    }
}
