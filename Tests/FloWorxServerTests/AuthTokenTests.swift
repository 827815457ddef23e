import FloWorxCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing

/// `POST /auth/v1/token`: the password grant and the refresh-token grant with rotation and reuse detection.
@Suite struct AuthTokenTests {
    @Test func thePasswordGrantStartsANewSession() async throws {
        try await TestApp.with { app in
            let signedUp = try await app.signUp("dispatch@example.com")
            let response = try await app.signInResponse("  Dispatch@Example.COM ", password: TestApp.password)
            #expect(response.status == .ok, "\(response.text)")
            let body = try response.json()
            #expect(body["token_type"] == .string("bearer"))
            #expect(body["user"]?["id"] == .string(signedUp.id))
            #expect(body["user"]?["last_sign_in_at"]?.stringValue.flatMap(ISO8601.parse) != nil)
            let signedIn = try Session(response, password: TestApp.password)
            #expect(signedIn.refreshToken != signedUp.refreshToken)
            let first = try TestToken.decode(signedUp.accessToken)["session_id"]
            let second = try TestToken.decode(signedIn.accessToken)["session_id"]
            #expect(first != nil && second != nil && first != second)
            #expect(try await app.db.count("SELECT count(*) FROM floworx.auth_sessions WHERE user_id = \(signedUp.userId)") == 2)
        }
    }

    /// A wrong password and an unknown email get the very same answer, so accounts cannot be enumerated.
    @Test func wrongCredentialsAreRefusedAlike() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let wrongPassword = try await app.signInResponse(user.email, password: "not-the-password")
            try expectAuthError(wrongPassword, .badRequest, errorCode: "invalid_credentials", message: "Invalid login credentials")
            let unknownEmail = try await app.signInResponse("nobody@example.com", password: TestApp.password)
            try expectAuthError(unknownEmail, .badRequest, errorCode: "invalid_credentials", message: "Invalid login credentials")
            #expect(wrongPassword.text == unknownEmail.text)
            let empty = try await app.signInResponse(user.email, password: "")
            try expectAuthError(empty, .badRequest, errorCode: "invalid_credentials")
            #expect(try await app.db.count("SELECT count(*) FROM floworx.auth_sessions WHERE user_id = \(user.userId)") == 1)
        }
    }

    @Test func thePasswordGrantNeedsAnEmail() async throws {
        try await TestApp.with { app in
            for body in [#"{"password": "x"}"#, #"{"email": "  ", "password": "x"}"#, "{}"] {
                let response = try await app.request(.post, "/auth/v1/token?grant_type=password", json: body)
                try expectAuthError(response, .badRequest, errorCode: "validation_failed", message: "An email address is required")
            }
            let malformed = try await app.request(.post, "/auth/v1/token?grant_type=password", json: "{oops")
            try expectAuthError(malformed, .badRequest, errorCode: "bad_json", message: "Could not parse request body as JSON")
        }
    }

    @Test(arguments: [("", "none"), ("?grant_type=client_credentials", "client_credentials"), ("?grant_type=", "")])
    func anUnsupportedGrantTypeIsRefused(query: String, named: String) async throws {
        try await TestApp.with { app in
            let response = try await app.request(.post, "/auth/v1/token\(query)", json: #"{"email": "a@example.com", "password": "x"}"#)
            try expectAuthError(response, .badRequest, errorCode: "validation_failed", message: "unsupported_grant_type: \(named); use password or refresh_token")
        }
    }

    @Test func theTokenEndpointNeedsAnAPIKey() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let response = try await app.request(
                .post, "/auth/v1/token?grant_type=password", as: .nobody,
                json: #"{"email": "\#(user.email)", "password": "\#(TestApp.password)"}"#
            )
            try expectAuthError(response, .unauthorized, errorCode: "no_authorization")
        }
    }

    // MARK: Refresh

    @Test func aRefreshTokenIsRotatedOnUse() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let response = try await app.refresh(user.refreshToken)
            #expect(response.status == .ok, "\(response.text)")
            let next = try Session(response, password: user.password)
            #expect(next.userId == user.userId)
            #expect(next.refreshToken != user.refreshToken)
            #expect(try TestToken.decode(next.accessToken)["session_id"] == TestToken.decode(user.accessToken)["session_id"])
            #expect(try await app.request(.get, "/auth/v1/user", as: .user(next)).status == .ok)

            // The used token is marked used and is the parent of the new one.
            #expect(try await app.db.count("""
                SELECT count(*) FROM floworx.refresh_tokens child JOIN floworx.refresh_tokens parent ON parent.id = child.parent_id
                WHERE child.token_hash = sha256(convert_to(\(next.refreshToken), 'UTF8'))
                  AND parent.token_hash = sha256(convert_to(\(user.refreshToken), 'UTF8'))
                  AND parent.used_at IS NOT NULL AND child.used_at IS NULL
                """) == 1)

            // The new token rotates in turn.
            #expect(try await app.refresh(next.refreshToken).status == .ok)
        }
    }

    /// Presenting a used refresh token again is taken as theft: the whole session (every token of the family) is
    /// revoked. Other sessions of the same user are not.
    @Test func reusingARotatedTokenRevokesTheWholeSession() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let otherDevice = try await app.signIn(user.email)
            let rotated = try Session(try await app.refresh(user.refreshToken), password: user.password)

            let reuse = try await app.refresh(user.refreshToken)
            try expectAuthError(reuse, .badRequest, errorCode: "refresh_token_already_used", message: "Invalid Refresh Token: Already Used")

            let descendant = try await app.refresh(rotated.refreshToken)
            try expectAuthError(descendant, .badRequest, errorCode: "session_not_found", message: "Invalid Refresh Token: Session Revoked")
            let access = try await app.request(.get, "/auth/v1/user", as: .user(rotated))
            try expectAuthError(access, .forbidden, errorCode: "session_not_found", message: "Session from session_id claim in JWT does not exist")

            let sessionId = try #require(try TestToken.decode(user.accessToken)["session_id"]?.stringValue.flatMap(UUID.init(uuidString:)))
            #expect(try await app.db.text("SELECT revoked_reason FROM floworx.auth_sessions WHERE id = \(sessionId)") == "refresh_token_reuse")

            #expect(try await app.refresh(otherDevice.refreshToken).status == .ok)
            #expect(try await app.request(.get, "/auth/v1/user", as: .user(otherDevice)).status == .ok)
        }
    }

    @Test func unknownAndMissingRefreshTokensAreRefused() async throws {
        try await TestApp.with { app in
            _ = try await app.signUp()
            try expectAuthError(
                try await app.refresh("never-issued"), .badRequest,
                errorCode: "refresh_token_not_found", message: "Invalid Refresh Token: Refresh Token Not Found"
            )
            for body in ["{}", #"{"refresh_token": ""}"#, #"{"refresh_token": 42}"#] {
                let response = try await app.request(.post, "/auth/v1/token?grant_type=refresh_token", json: body)
                try expectAuthError(response, .badRequest, errorCode: "validation_failed", message: "A refresh_token is required")
            }
        }
    }

    @Test func anExpiredRefreshTokenIsRefused() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            try await app.db.execute("UPDATE floworx.refresh_tokens SET expires_at = now() - interval '1 minute'")
            try expectAuthError(
                try await app.refresh(user.refreshToken), .badRequest,
                errorCode: "session_expired", message: "Invalid Refresh Token: Session Expired"
            )
        }
    }
}
