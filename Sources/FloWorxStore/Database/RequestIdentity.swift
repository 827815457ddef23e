import Foundation

/// Who a data request acts as: the PostgreSQL role and the JWT claims, set per transaction as PostgREST does.
public struct RequestIdentity: Sendable, Hashable {
    /// The database roles a request may take.
    public enum Role: String, Sendable, Hashable {
        case anon
        case authenticated
        case serviceRole = "service_role"
    }

    /// The role the transaction runs as (`SET LOCAL ROLE`).
    public var role: Role
    /// The user (`sub` claim), when there is one.
    public var userId: UUID?
    /// The JWT claims as JSON, set into `request.jwt.claims`.
    public var claimsJSON: String

    public init(role: Role, userId: UUID?, claimsJSON: String) {
        self.role = role
        self.userId = userId
        self.claimsJSON = claimsJSON
    }

    /// A signed-in user with only the claims RLS needs.
    public static func user(_ id: UUID, email: String? = nil) -> RequestIdentity {
        var claims: [String: String] = ["sub": id.uuidString.lowercased(), "role": Role.authenticated.rawValue]
        if let email { claims["email"] = email }
        let json = (try? JSONSerialization.data(withJSONObject: claims, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return RequestIdentity(role: .authenticated, userId: id, claimsJSON: json)
    }

    /// No user: the anon role, which RLS shows nothing.
    public static let anonymous = RequestIdentity(role: .anon, userId: nil, claimsJSON: #"{"role":"anon"}"#)
}
