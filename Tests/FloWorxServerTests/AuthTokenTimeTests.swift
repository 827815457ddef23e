import FloWorxCore
import FloWorxServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// A token whose `nbf` or `iat` lies in the future (beyond a 30 s leeway) is not valid yet: 401 on `/auth` and
/// `/rest` alike, as GoTrue and PostgREST answer.
@Suite struct AuthTokenTimeTests {
    /// A user token of `session`, signed with the app's secret, with extra time claims.
    static func token(_ app: TestApp, _ session: Session, _ extra: String) throws -> String {
        let sessionId = try #require(try TestToken.decode(session.accessToken)["session_id"]?.stringValue)
        let now = Int(Date().timeIntervalSince1970)
        return TestToken.sign(
            #"{"sub": "\#(session.id)", "role": "authenticated", "aud": "authenticated", "exp": \#(now + 3600), "session_id": "\#(sessionId)"\#(extra)}"#,
            secret: app.jwtSecret
        )
    }

    @Test func aTokenNotYetValidIsRefused() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let now = Int(Date().timeIntervalSince1970)
            let early = try Self.token(app, user, #", "nbf": \#(now + 3600), "iat": \#(now)"#)
            try expectAuthError(try await app.request(.get, "/auth/v1/user", as: .bearer(early)), .unauthorized, errorCode: "bad_jwt", message: "JWT not yet valid")
            try expectRestError(try await app.request(.get, "/rest/v1/profiles", as: .bearer(early)), .unauthorized, code: "PGRST303", message: "JWT not yet valid")

            let future = try Self.token(app, user, #", "iat": \#(now + 3600)"#)
            try expectAuthError(try await app.request(.get, "/auth/v1/user", as: .bearer(future)), .unauthorized, errorCode: "bad_jwt", message: "JWT issued at future")
            try expectRestError(try await app.request(.get, "/rest/v1/profiles", as: .bearer(future)), .unauthorized, code: "PGRST303", message: "JWT issued at future")
        }
    }

    /// Within the leeway (a clock a few seconds ahead), and in the past, the times are accepted.
    @Test func smallClockSkewIsAccepted() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let now = Int(Date().timeIntervalSince1970)
            for extra in [#", "nbf": \#(now + 10), "iat": \#(now + 10)"#, #", "nbf": \#(now - 60), "iat": \#(now - 60)"#] {
                let token = try Self.token(app, user, extra)
                #expect(try await app.request(.get, "/auth/v1/user", as: .bearer(token)).status == .ok)
                #expect(try await app.request(.get, "/rest/v1/profiles", as: .bearer(token)).status == .ok)
            }
        }
    }

    /// An API key (sent as `apikey` alone) not valid yet is an invalid API key.
    @Test func anAPIKeyNotYetValidIsRefused() async throws {
        try await TestApp.with { app in
            let now = Int(Date().timeIntervalSince1970)
            let key = TestToken.sign(#"{"role": "anon", "iss": "floworx", "nbf": \#(now + 3600)}"#, secret: app.jwtSecret)
            try expectAuthError(try await app.request(.get, "/auth/v1/settings", as: .apiKey(key)), .unauthorized, errorCode: "bad_jwt", message: "Invalid API key")
        }
    }
}
