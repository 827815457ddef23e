/// A mailbox created on a `LocalGraphServer`: who it is and an access token the server accepts for it.
public struct GraphMailboxAccount: Sendable, Equatable {
    /// The mailbox address (`mail` and `userPrincipalName` of `/me`).
    public var email: String
    /// The user's object id (`id` of `/me`).
    public var userId: String
    /// A bearer token the Graph server accepts for this mailbox; it does not expire.
    public var accessToken: String
}
