import FloWorxCore
import Foundation
import HummingbirdTesting
import Testing

/// A signed-in user as the auth API handed it out: the tokens and who they are for.
struct Session: Sendable {
    /// The user (`sub`).
    var userId: UUID
    /// The email the auth API returned (trimmed, lowercased).
    var email: String
    /// The password it signed in with.
    var password: String
    /// The JWT to send as `Authorization: Bearer`.
    var accessToken: String
    /// The opaque refresh token of the session.
    var refreshToken: String
    /// The user id as the API writes it (lowercase).
    var id: String { userId.uuidString.lowercased() }
}

extension Session {
    /// The session of a sign-up or token response.
    init(_ response: TestResponse, password: String) throws {
        let body = try response.json()
        let user = try #require(body["user"])
        self.init(
            userId: try #require(user["id"]?.stringValue.flatMap(UUID.init(uuidString:))),
            email: try #require(user["email"]?.stringValue),
            password: password,
            accessToken: try #require(body["access_token"]?.stringValue),
            refreshToken: try #require(body["refresh_token"]?.stringValue)
        )
    }
}
