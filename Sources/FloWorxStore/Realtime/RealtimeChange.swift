import Foundation

/// One committed change of a published table, as the `floworx_realtime` notification announces it (migration 0046).
public struct RealtimeChange: Sendable, Hashable {
    /// What happened to the row.
    public enum Operation: String, Sendable, Hashable {
        case insert = "INSERT"
        case update = "UPDATE"
        case delete = "DELETE"
    }

    /// The table, in schema `public`.
    public var table: String
    public var operation: Operation
    /// The primary key (`id`) as text.
    public var key: String
    /// When the trigger ran, UTC, ISO 8601 with microseconds (Supabase's `commit_timestamp`).
    public var committedAt: String
    /// For deletes, the old row as JSON (values over 200 characters left out): what the table's policies are
    /// evaluated on, since the row itself is gone.
    public var oldRow: String?

    public init(table: String, operation: Operation, key: String, committedAt: String, oldRow: String? = nil) {
        self.table = table
        self.operation = operation
        self.key = key
        self.committedAt = committedAt
        self.oldRow = oldRow
    }

    /// The notification's channel.
    public static let channel = "floworx_realtime"

    /// Decodes a notification payload; `nil` for anything else.
    public init?(notification payload: String) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(payload.utf8))) as? [String: Any],
              let table = object["t"] as? String, let code = object["o"] as? String, let key = object["id"] as? String,
              let committedAt = object["ts"] as? String
        else { return nil }
        let operation: Operation
        switch code {
        case "I": operation = .insert
        case "U": operation = .update
        case "D": operation = .delete
        default: return nil
        }
        // JSONSerialization keeps integers exact (NSNumber), so the old row's ids survive the round trip.
        let oldRow = (object["old"] as? [String: Any]).flatMap { try? JSONSerialization.data(withJSONObject: $0) }
            .map { String(decoding: $0, as: UTF8.self) }
        self.init(table: table, operation: operation, key: key, committedAt: committedAt, oldRow: oldRow)
    }
}
