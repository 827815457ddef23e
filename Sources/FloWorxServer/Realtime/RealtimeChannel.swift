import FloWorxStore
import Foundation

/// A channel one socket has joined: who it acts as (its token), what it listens to, its broadcast options.
struct RealtimeChannel: Sendable {
    /// One `postgres_changes` binding of the join, with the id the server gave it.
    struct Binding: Sendable {
        var id: Int
        /// `INSERT`, `UPDATE`, `DELETE` or `*`, as the client sent it.
        var event: String
        var schema: String
        var table: String
        /// The filter as the client wrote it, echoed in the join reply.
        var filterText: String?
        var filter: RealtimeFilter?

        func listens(to operation: RealtimeChange.Operation) -> Bool {
            event == "*" || event == operation.rawValue
        }

        /// The binding as the join reply lists it.
        var replyJSON: String {
            var fields = [#""id":\#(id)"#, #""event":"# + PhoenixMessage.quoted(event), #""schema":"# + PhoenixMessage.quoted(schema),
                          #""table":"# + PhoenixMessage.quoted(table)]
            if let filterText { fields.append(#""filter":"# + PhoenixMessage.quoted(filterText)) }
            return "{" + fields.joined(separator: ",") + "}"
        }
    }

    var topic: String
    var joinRef: String?
    var identity: RequestIdentity
    /// `identity` as the dispatcher groups subscribers (`RealtimeSubscriberGroup.visibilityIdentity`).
    var group: RequestIdentity
    /// When the channel's token expires; the channel is closed then.
    var expiresAt: Date?
    var bindings: [Binding]
    /// `config.broadcast.self`: the sender receives its own broadcasts.
    var broadcastSelf: Bool
    /// `config.broadcast.ack`: the server acknowledges each broadcast with a reply.
    var broadcastAck: Bool
}
