import FloWorxCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PostgresNIO
import Testing

/// `GET /auth/v1/user`, `PUT /auth/v1/user` and `POST /auth/v1/logout`.
@Suite struct AuthUserTests {
    @Test func theSignedInUserIsReturned() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp(data: #"{"business_name": "Blue Pools"}"#)
            let response = try await app.request(.get, "/auth/v1/user", as: .user(user))
            #expect(response.status == .ok)
            let body = try response.json()
            #expect(body["id"] == .string(user.id))
            #expect(body["email"] == .string(user.email))
            #expect(body["user_metadata"] == .object(["business_name": .string("Blue Pools")]))
            #expect(body["access_token"] == nil, "a user, not a session")
        }
    }

    /// The user endpoints need a user's access token: no key, the anon key, the service key, an expired, forged or
    /// malformed token are each refused with 401.
    @Test func theUserEndpointNeedsAValidUserToken() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let now = Int(Date().timeIntervalSince1970)
            let expired = TestToken.sign(
                #"{"sub": "\#(user.id)", "role": "authenticated", "iat": \#(now - 7200), "exp": \#(now - 3600)}"#, secret: app.jwtSecret
            )
            let forged = TestToken.sign(
                #"{"sub": "\#(user.id)", "role": "authenticated", "iat": \#(now), "exp": \#(now + 3600)}"#, secret: TestApp.randomSecret()
            )
            let cases: [(Caller, String, String)] = [
                (.nobody, "no_authorization", "No API key found in request"),
                (.anon, "no_authorization", "This endpoint requires a signed-in user (Authorization: Bearer <access token>)"),
                (.service, "no_authorization", "This endpoint requires a signed-in user (Authorization: Bearer <access token>)"),
                (.bearer(expired), "bad_jwt", "JWT expired"),
                (.bearer(forged), "bad_jwt", "invalid JWT: the signature or format is wrong"),
                (.bearer("a.b.c"), "bad_jwt", "invalid JWT: the signature or format is wrong"),
            ]
            for (caller, errorCode, message) in cases {
                try expectAuthError(try await app.request(.get, "/auth/v1/user", as: caller), .unauthorized, errorCode: errorCode, message: message)
            }
            var basic = HTTPFields()
            basic[.authorization] = "Basic \(user.accessToken)"
            try expectAuthError(
                try await app.request(.get, "/auth/v1/user", headers: basic), .unauthorized,
                errorCode: "bad_jwt", message: "Authorization header must be: Bearer <token>"
            )
        }
    }

    /// A token verified once is remembered, but not past its expiry.
    @Test func aTokenThatExpiresIsRefusedFromThenOn() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let expiry = Date().timeIntervalSince1970.rounded(.down) + 3
            let token = TestToken.sign(
                #"{"sub": "\#(user.id)", "role": "authenticated", "session_id": "\#(try TestToken.decode(user.accessToken)["session_id"]?.stringValue ?? "")", "exp": \#(Int(expiry))}"#,
                secret: app.jwtSecret
            )
            #expect(try await app.request(.get, "/auth/v1/user", as: .bearer(token)).status == .ok)
            #expect(try await app.request(.get, "/rest/v1/profiles", as: .bearer(token)).status == .ok)
            try await Task.sleep(for: .seconds(expiry + 1 - Date().timeIntervalSince1970))
            try expectAuthError(try await app.request(.get, "/auth/v1/user", as: .bearer(token)), .unauthorized, errorCode: "bad_jwt", message: "JWT expired")
            try expectRestError(try await app.request(.get, "/rest/v1/profiles", as: .bearer(token)), .unauthorized, code: "PGRST303")
        }
    }

    /// A token whose user was deleted no longer works, although its signature and expiry are fine.
    @Test func aDeletedUsersTokenIsRefused() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            try await app.db.execute("DELETE FROM auth.users WHERE id = \(user.userId)")
            try expectAuthError(try await app.request(.get, "/auth/v1/user", as: .user(user)), .forbidden, errorCode: "session_not_found")
        }
    }

    @Test func metadataIsMergedNotReplaced() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp(data: #"{"business_name": "Acme", "plan": "trial"}"#)
            let response = try await app.request(.put, "/auth/v1/user", as: .user(user), json: #"{"data": {"plan": "pro", "seats": 3}}"#)
            #expect(response.status == .ok, "\(response.text)")
            let expected: JSONValue = .object(["business_name": .string("Acme"), "plan": .string("pro"), "seats": .number(3)])
            #expect(try response.json()["user_metadata"] == expected)
            #expect(try await app.request(.get, "/auth/v1/user", as: .user(user)).json()["user_metadata"] == expected)
        }
    }

    @Test func theEmailCanBeChanged() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let other = try await app.signUp()
            let response = try await app.request(.put, "/auth/v1/user", as: .user(user), json: #"{"email": "New.Address@Example.com"}"#)
            #expect(response.status == .ok, "\(response.text)")
            #expect(try response.json()["email"] == .string("new.address@example.com"))
            _ = try await app.signIn("new.address@example.com")
            try expectAuthError(try await app.signInResponse(user.email, password: TestApp.password), .badRequest, errorCode: "invalid_credentials")

            let taken = try await app.request(.put, "/auth/v1/user", as: .user(user), json: #"{"email": "\#(other.email)"}"#)
            try expectAuthError(taken, .unprocessableContent, errorCode: "email_exists", message: "A user with this email address has already been registered")
            let invalid = try await app.request(.put, "/auth/v1/user", as: .user(user), json: #"{"email": "not-an-email"}"#)
            try expectAuthError(invalid, .badRequest, errorCode: "validation_failed")
            #expect(try await app.db.text("SELECT email FROM auth.users WHERE id = \(user.userId)") == "new.address@example.com")
        }
    }

    /// A new password signs out every other session of the user; the session that changed it stays.
    @Test func aPasswordChangeRevokesTheOtherSessions() async throws {
        try await TestApp.with { app in
            let laptop = try await app.signUp()
            let phone = try await app.signIn(laptop.email)
            let newPassword = "Another-Horse-8-staple"

            let response = try await app.request(.put, "/auth/v1/user", as: .user(laptop), json: #"{"password": "\#(newPassword)"}"#)
            #expect(response.status == .ok, "\(response.text)")

            try expectAuthError(try await app.refresh(phone.refreshToken), .badRequest, errorCode: "session_not_found")
            try expectAuthError(try await app.request(.get, "/auth/v1/user", as: .user(phone)), .forbidden, errorCode: "session_not_found")
            #expect(try await app.request(.get, "/auth/v1/user", as: .user(laptop)).status == .ok)
            #expect(try await app.refresh(laptop.refreshToken).status == .ok)

            try expectAuthError(try await app.signInResponse(laptop.email, password: TestApp.password), .badRequest, errorCode: "invalid_credentials")
            _ = try await app.signIn(laptop.email, password: newPassword)
            #expect(try await app.db.count("SELECT count(*) FROM floworx.auth_sessions WHERE user_id = \(laptop.userId) AND revoked_reason = 'password_change'") == 1)
        }
    }

    @Test func aWeakNewPasswordChangesNothing() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let other = try await app.signIn(user.email)
            let response = try await app.request(.put, "/auth/v1/user", as: .user(user), json: #"{"password": "short"}"#)
            try expectAuthError(response, .unprocessableContent, errorCode: "weak_password", message: "Password should be at least 8 characters.")
            _ = try await app.signIn(user.email)
            #expect(try await app.request(.get, "/auth/v1/user", as: .user(other)).status == .ok)
        }
    }

    @Test func updatingNeedsAUserAndJSON() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            try expectAuthError(try await app.request(.put, "/auth/v1/user", json: #"{"data": {}}"#), .unauthorized, errorCode: "no_authorization")
            try expectAuthError(try await app.request(.put, "/auth/v1/user", as: .service, json: #"{"data": {}}"#), .unauthorized, errorCode: "no_authorization")
            try expectAuthError(try await app.request(.put, "/auth/v1/user", as: .user(user), json: "[]"), .badRequest, errorCode: "bad_json")
        }
    }

    // MARK: Logout

    /// Three sessions of one user; the second logs out with `scope`. `survivors` are the sessions (by index) that still work.
    @Test(arguments: [
        (Optional<String>.none, [Int]()),
        ("global", []),
        ("local", [0, 2]),
        ("others", [1]),
    ])
    func logoutRevokesTheSessionsOfItsScope(scope: String?, survivors: [Int]) async throws {
        try await TestApp.with { app in
            let first = try await app.signUp()
            let second = try await app.signIn(first.email)
            let third = try await app.signIn(first.email)
            let sessions = [first, second, third]
            let query = scope.map { "?scope=\($0)" } ?? ""
            let response = try await app.request(.post, "/auth/v1/logout\(query)", as: .user(sessions[1]))
            #expect(response.status == .noContent)
            #expect(response.body.readableBytes == 0)
            for (index, session) in sessions.enumerated() {
                let user = try await app.request(.get, "/auth/v1/user", as: .user(session))
                let refresh = try await app.refresh(session.refreshToken)
                if survivors.contains(index) {
                    #expect(user.status == .ok, "session \(index)")
                    #expect(refresh.status == .ok, "session \(index)")
                } else {
                    try expectAuthError(user, .forbidden, errorCode: "session_not_found")
                    try expectAuthError(refresh, .badRequest, errorCode: "session_not_found", message: "Invalid Refresh Token: Session Revoked")
                }
            }
            #expect(try await app.db.count("SELECT count(*) FROM floworx.auth_sessions WHERE revoked_reason = 'logout'") == 3 - survivors.count)
        }
    }

    @Test func logoutRefusesAnUnknownScopeAndAnonymousCallers() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            try expectAuthError(
                try await app.request(.post, "/auth/v1/logout?scope=everything", as: .user(user)), .badRequest,
                errorCode: "validation_failed", message: "scope must be global, local or others, got everything"
            )
            try expectAuthError(try await app.request(.post, "/auth/v1/logout"), .unauthorized, errorCode: "no_authorization")
            #expect(try await app.request(.get, "/auth/v1/user", as: .user(user)).status == .ok)
        }
    }
}
