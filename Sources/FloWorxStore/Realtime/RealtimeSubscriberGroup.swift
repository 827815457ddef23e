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

    /// The identity subscribers are grouped by: `identity` without the token's lifetime claims (`iat`, `exp`, `nbf`).
    /// Each refresh or new tab brings a token that differs only in those, and RLS sees the group's claims without
    /// them, so the group's answer is the same for every member (a policy reading them finds NULL: it fails closed).
    /// Expiry itself is enforced per channel by the hub.
    public static func visibilityIdentity(_ identity: RequestIdentity) -> RequestIdentity {
        guard var claims = (try? JSONSerialization.jsonObject(with: Data(identity.claimsJSON.utf8))) as? [String: Any] else { return identity }
        let lifetime = ["iat", "exp", "nbf"]
        guard lifetime.contains(where: { claims[$0] != nil }) else { return identity }
        for key in lifetime { claims[key] = nil }
        guard let data = try? JSONSerialization.data(withJSONObject: claims, options: [.sortedKeys]) else { return identity }
        var stripped = identity
        stripped.claimsJSON = String(decoding: data, as: UTF8.self)
        return stripped
    }

    /// `groups` as the JSON array `floworx.realtime_visible` takes.
    public static func json(_ groups: [RealtimeSubscriberGroup]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: groups.map(\.json)), as: UTF8.self)
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
