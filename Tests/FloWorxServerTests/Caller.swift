import Foundation

/// Who a test request is from, and so which `apikey` and `Authorization` headers it carries.
///
/// The shapes follow Supabase's client libraries: the anon key always goes in `apikey`; a signed-in user adds
/// `Authorization: Bearer <access token>`; the operator's client sends the service key in both.
enum Caller: Sendable {
    /// No `apikey` and no `Authorization`.
    case nobody
    /// `apikey: <anon key>` only.
    case anon
    /// The service key in `apikey` and as the bearer token.
    case service
    /// A signed-in user: the anon key plus the session's access token.
    case user(Session)
    /// The anon key plus an arbitrary bearer token (expired, forged, of another role…).
    case bearer(String)
    /// Only `apikey: <value>`, which may be anything.
    case apiKey(String)
}
