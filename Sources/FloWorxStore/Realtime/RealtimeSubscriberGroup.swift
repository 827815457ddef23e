import Foundation

/// Subscribers of one table who share a role and JWT claims: RLS gives them the same answer, so their changes are
/// read once, as them. `filters` are the distinct filters of their subscriptions.
public struct RealtimeSubscriberGroup: Sendable, Hashable {
    public var identity: RequestIdentity
    public var filters: [RealtimeFilter]

    public init(identity: RequestIdentity, filters: [RealtimeFilter]) {
        self.identity = identity
        self.filters = filters
    }

    var json: [String: Any] {
        [
            "role": identity.role.rawValue, "claims": identity.claimsJSON, "sub": identity.userId?.uuidString.lowercased() ?? "",
            "filters": filters.map(\.json),
        ]
    }
}

/// A changed row one group may see.
public struct RealtimeVisibleRow: Sendable, Hashable {
    /// Index into the groups passed.
    public var group: Int
    /// `true` for a deleted row (no record), `false` for an inserted or updated one.
    public var deleted: Bool
    /// The primary key as text.
    public var key: String
    /// The primary key as JSON (a number stays a number): the `old_record` of updates and deletes.
    public var keyJSON: String
    /// The row as JSON text (inserts and updates).
    public var record: String?
    /// Whether each filter of the group matches the row, in the group's order.
    public var matches: [Bool]
}
