import Foundation
import FloWorxStore

/// The two tenants of the fixture: every test looks at A's rows from A's side and at B's rows from A's side.
enum Tenant: String, Sendable, CaseIterable {
    case a, b

    /// The auth user, which is also the profile's id and every row's client_id.
    var id: UUID { UUID(uuidString: "00000000-0000-4000-8000-00000000000\(rawValue)")! }
    /// The other tenant.
    var other: Tenant { self == .a ? .b : .a }
    /// The request identity the server gives this tenant's requests.
    var identity: RequestIdentity { .user(id) }
    /// Its sign-up address.
    var email: String { "\(rawValue)@example.com" }
}
