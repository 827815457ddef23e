import FloWorxCore
import FloWorxLocalProviders
import FloWorxServer
import FloWorxTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing

/// GoTrue's OAuth sign-in (`/auth/v1/authorize`, `/callback`, `POST /token?grant_type=pkce`) against the local Google
/// and Microsoft identity providers over real HTTP, on real PostgreSQL.
@Suite struct AuthOAuthSignInTests {
    /// A client's PKCE pair (RFC 7636 S256).
    static let verifier = "verifier-" + String(repeating: "abcdefgh", count: 5)
    static let challenge = "JYtpyyg7QpOcubJy4R4OuMm2hiiCv1ULFwpXFWI5N6s"

    /// Implicit flow with Google: the browser lands on `redirect_to` with a working session in the fragment; the user
    /// is created confirmed with `app_metadata.providers == ["google"]`; a second sign-in finds the same user.
    @Test func googleImplicitFlowEndsInASessionAndASecondSignInFindsTheSameUser() async throws {
        try await AuthOAuthProviders.with { app, providers in
            let email = TestApp.uniqueEmail("google")
            await providers.googleAccount(email)
            let (landed, _) = try await providers.signIn(app, "provider=google&redirect_to=\(AuthOAuthProviders.encode(AuthOAuthProviders.appURL))")
            #expect(landed.status == .found, "\(landed.text)")
            let location = try #require(landed.headers[.location])
            #expect(location.hasPrefix(AuthOAuthProviders.appURL + "#access_token="), "\(location)")
            let tokens = AuthOAuthProviders.parameters(location, fragment: true)
            #expect(tokens["token_type"] == "bearer")
            #expect(tokens["provider_type"] == "google")
            #expect(Int(tokens["expires_in"] ?? "") ?? 0 > 0)
            let me = try await app.request(.get, "/auth/v1/user", as: .bearer(try #require(tokens["access_token"])))
            #expect(me.status == .ok, "\(me.text)")
            let user = try me.json()
            #expect(user["email"] == .string(email))
            #expect(user["email_confirmed_at"]?.stringValue != nil)
            #expect(user["app_metadata"]?["provider"] == .string("google"))
            #expect(user["app_metadata"]?["providers"] == .array([.string("google")]))
            #expect(user["user_metadata"]?["email_verified"] == .bool(true))
            // identities[] as GoTrue returns it: the Google account only (no email identity: no password sign-up).
            let identities = try #require(user["identities"]?.arrayValue)
            #expect(identities.count == 1, "\(identities)")
            let subject = try await app.db.text("SELECT provider_id FROM floworx.auth_identities WHERE email = \(email)")
            #expect(identities.first?["provider"] == .string("google"))
            #expect(identities.first?["id"] == subject.map { .string($0) })
            #expect(identities.first?["user_id"] == user["id"])
            #expect(identities.first?["email"] == .string(email))
            #expect(identities.first?["identity_id"]?.stringValue.flatMap(UUID.init(uuidString:)) != nil)
            #expect(identities.first?["identity_data"]?.objectValue != nil)
            #expect(identities.first?["last_sign_in_at"]?.stringValue.flatMap(ISO8601.parse) != nil)
            // The refresh token of the fragment works like any other.
            #expect(try await app.refresh(try #require(tokens["refresh_token"])).status == .ok)

            let (again, _) = try await providers.signIn(app, "provider=google")
            #expect(again.status == .found)
            // Without redirect_to: the site URL (here the public URL).
            #expect(again.headers[.location]?.hasPrefix("http://floworx.test#access_token=") == true, "\(again.headers[.location] ?? "")")
            let second = AuthOAuthProviders.parameters(again.headers[.location], fragment: true)
            let me2 = try await app.request(.get, "/auth/v1/user", as: .bearer(try #require(second["access_token"])))
            #expect(try me2.json()["id"] == user["id"])
            #expect(try await app.db.count("SELECT count(*)::int FROM auth.users WHERE email = \(email)") == 1)
            #expect(try await app.db.count("SELECT count(*)::int FROM floworx.auth_identities WHERE email = \(email) AND provider = 'google'") == 1)
        }
    }

    /// PKCE flow with Microsoft (`azure`): the callback redirects with `?code=`; the code and the client's verifier give a
    /// session once. A wrong verifier is refused (403) and uses the code up; a replayed code is 404.
    @Test func azurePKCEFlowExchangesTheCodeOnceForASession() async throws {
        try await AuthOAuthProviders.with { app, providers in
            let email = TestApp.uniqueEmail("azure")
            let query = "provider=azure&redirect_to=\(AuthOAuthProviders.encode(AuthOAuthProviders.appURL + "?from=login"))"
                + "&code_challenge=\(Self.challenge)&code_challenge_method=s256"

            await providers.microsoftAccount(email)
            let (first, _) = try await providers.signIn(app, query)
            #expect(first.status == .found, "\(first.text)")
            #expect(first.headers[.location]?.hasPrefix(AuthOAuthProviders.appURL + "?from=login&code=") == true, "\(first.headers[.location] ?? "")")
            let wrongCode = try #require(AuthOAuthProviders.parameters(first.headers[.location], fragment: false)["code"])
            let wrong = try await app.request(.post, "/auth/v1/token?grant_type=pkce",
                                              json: #"{"auth_code": "\#(wrongCode)", "code_verifier": "\#(String(repeating: "x", count: 43))"}"#)
            try expectAuthError(wrong, .forbidden, errorCode: "bad_code_verifier")
            // One attempt per code: the right verifier comes too late for it.
            let late = try await app.request(.post, "/auth/v1/token?grant_type=pkce",
                                             json: #"{"auth_code": "\#(wrongCode)", "code_verifier": "\#(Self.verifier)"}"#)
            try expectAuthError(late, .notFound, errorCode: "flow_state_not_found")

            await providers.microsoftAccount(email)
            let (second, _) = try await providers.signIn(app, query)
            let code = try #require(AuthOAuthProviders.parameters(second.headers[.location], fragment: false)["code"])
            let exchanged = try await app.request(.post, "/auth/v1/token?grant_type=pkce",
                                                  json: #"{"auth_code": "\#(code)", "code_verifier": "\#(Self.verifier)"}"#)
            #expect(exchanged.status == .ok, "\(exchanged.text)")
            let session = try Session(exchanged, password: "")
            #expect(session.email == email)
            #expect(try exchanged.json()["user"]?["app_metadata"]?["providers"] == .array([.string("azure")]))
            #expect(try await app.request(.get, "/auth/v1/user", as: .user(session)).status == .ok)
            // Replayed: nothing.
            let replayed = try await app.request(.post, "/auth/v1/token?grant_type=pkce",
                                                 json: #"{"auth_code": "\#(code)", "code_verifier": "\#(Self.verifier)"}"#)
            try expectAuthError(replayed, .notFound, errorCode: "flow_state_not_found")
            // Both sign-ins were the same Microsoft account: one user.
            #expect(try await app.db.count("SELECT count(*)::int FROM auth.users WHERE email = \(email)") == 1)
            // Malformed requests are refused before any code is touched.
            try expectAuthError(try await app.request(.post, "/auth/v1/token?grant_type=pkce", json: #"{"auth_code": "\#(code)"}"#),
                                .badRequest, errorCode: "validation_failed")
            try expectAuthError(try await app.request(.post, "/auth/v1/token?grant_type=pkce", json: #"{"auth_code": "x", "code_verifier": "short"}"#),
                                .badRequest, errorCode: "validation_failed")
        }
    }

    /// The callback takes a state once: the same callback again is 400 `bad_oauth_state`, and signs nobody in.
    @Test func aReplayedStateIsRefused() async throws {
        try await AuthOAuthProviders.with { app, providers in
            let email = TestApp.uniqueEmail("replay")
            await providers.googleAccount(email)
            let (landed, callback) = try await providers.signIn(app, "provider=google")
            #expect(landed.status == .found)
            let sessions = try await app.db.count("SELECT count(*)::int FROM floworx.auth_sessions")
            try expectAuthError(try await app.request(.get, callback, as: .nobody), .badRequest, errorCode: "bad_oauth_state")
            #expect(try await app.db.count("SELECT count(*)::int FROM floworx.auth_sessions") == sessions)
            // A state nobody issued, and none at all.
            try expectAuthError(try await app.request(.get, "/auth/v1/callback?state=forged&code=x", as: .nobody), .badRequest, errorCode: "bad_oauth_state")
            try expectAuthError(try await app.request(.get, "/auth/v1/callback?code=x", as: .nobody), .badRequest, errorCode: "bad_oauth_callback")
        }
    }

    /// `redirect_to` outside the allow-list (another origin, a look-alike host, userinfo tricks, other schemes) is 400
    /// and starts no flow: a session is never handed to a foreign site.
    @Test func aForeignRedirectIsRefusedAndNothingIsWritten() async throws {
        try await AuthOAuthProviders.with { app, providers in
            for target in ["https://evil.example/steal", "http://floworx.test.evil.example/", "http://app.test@evil.example/", "javascript:alert(1)",
                           "//evil.example/", "https://app.test/"] {
                let response = try await providers.authorize(app, "provider=google&redirect_to=\(AuthOAuthProviders.encode(target))")
                try expectAuthError(response, .badRequest, errorCode: "validation_failed")
            }
            #expect(try await app.db.count("SELECT count(*)::int FROM floworx.auth_flow_states") == 0)
            // An allowed one starts a flow.
            let allowed = try await providers.authorize(app, "provider=google&redirect_to=\(AuthOAuthProviders.encode("http://app.test/anywhere?x=1"))")
            #expect(allowed.status == .found)
            #expect(try await app.db.count("SELECT count(*)::int FROM floworx.auth_flow_states") == 1)
        }
    }

    /// GoTrue's answers to bad `/authorize` requests: an unknown provider, one it knows but FloWorx has not enabled,
    /// and malformed PKCE parameters; each a 400 that writes nothing.
    @Test func badAuthorizeRequestsAreRefusedWithGoTruesErrors() async throws {
        try await AuthOAuthProviders.with(providers: ["google"]) { app, providers in
            try expectAuthError(try await providers.authorize(app, "provider=myspace"), .badRequest, errorCode: "validation_failed")
            try expectAuthError(try await providers.authorize(app, ""), .badRequest, errorCode: "validation_failed")
            try expectAuthError(try await providers.authorize(app, "provider=github"), .badRequest, errorCode: "provider_disabled",
                                message: "Unsupported provider: Provider is not enabled")
            try expectAuthError(try await providers.authorize(app, "provider=azure"), .badRequest, errorCode: "provider_disabled")
            let pkce = "provider=google&code_challenge=\(Self.challenge)"
            try expectAuthError(try await providers.authorize(app, pkce), .badRequest, errorCode: "validation_failed")
            try expectAuthError(try await providers.authorize(app, pkce + "&code_challenge_method=md5"), .badRequest, errorCode: "validation_failed")
            try expectAuthError(try await providers.authorize(app, "provider=google&code_challenge=short&code_challenge_method=s256"),
                                .badRequest, errorCode: "validation_failed")
            try expectAuthError(try await providers.authorize(app, "provider=google&scopes=\(AuthOAuthProviders.encode("a\"b"))"), .badRequest, errorCode: "validation_failed")
            #expect(try await app.db.count("SELECT count(*)::int FROM floworx.auth_flow_states") == 0)
            // Method names are case-insensitive, as GoTrue reads them.
            #expect(try await providers.authorize(app, pkce + "&code_challenge_method=S256").status == .found)
        }
    }

    /// A user who signed up with a password and later signs in with Google (same, verified address) is the same
    /// user: the identity is linked, `providers` lists both, and the password still works.
    @Test func anExistingUserIsLinkedByTheVerifiedEmail() async throws {
        try await AuthOAuthProviders.with { app, providers in
            let owner = try await app.signUp(TestApp.uniqueEmail("linked"))
            await providers.googleAccount(owner.email)
            let (landed, _) = try await providers.signIn(app, "provider=google")
            let tokens = AuthOAuthProviders.parameters(landed.headers[.location], fragment: true)
            let me = try await app.request(.get, "/auth/v1/user", as: .bearer(try #require(tokens["access_token"])))
            #expect(try me.json()["id"] == .string(owner.id))
            #expect(try me.json()["app_metadata"]?["providers"] == .array([.string("email"), .string("google")]))
            _ = try await app.signIn(owner.email)
        }
    }

    /// The user declines at the provider: FloWorx sends the browser back with GoTrue's error parameters, nobody is
    /// created.
    @Test func aDeclinedConsentGoesBackAsAnErrorAndCreatesNobody() async throws {
        try await AuthOAuthProviders.with { app, providers in
            let email = TestApp.uniqueEmail("declined")
            await providers.microsoftAccount(email)
            await providers.microsoft.declineNextConsent()
            let users = try await app.db.count("SELECT count(*)::int FROM auth.users")
            let (landed, _) = try await providers.signIn(app, "provider=azure&redirect_to=\(AuthOAuthProviders.encode(AuthOAuthProviders.appURL))")
            #expect(landed.status == .found)
            let error = AuthOAuthProviders.parameters(landed.headers[.location], fragment: true)
            #expect(error["error"] == "access_denied", "\(landed.headers[.location] ?? "")")
            #expect(error["error_code"] == "bad_oauth_callback")
            #expect(error["access_token"] == nil)
            #expect(try await app.db.count("SELECT count(*)::int FROM auth.users") == users)
        }
    }

    /// With sign-ups disabled, an account nobody has yet is refused (GoTrue's `signup_disabled`, in the redirect).
    @Test func disabledSignupsRefuseNewAccounts() async throws {
        try await AuthOAuthProviders.with(auth: AuthConfiguration(signupEnabled: false)) { app, providers in
            let email = TestApp.uniqueEmail("closed")
            await providers.googleAccount(email)
            let (landed, _) = try await providers.signIn(app, "provider=google")
            #expect(AuthOAuthProviders.parameters(landed.headers[.location], fragment: true)["error_code"] == "signup_disabled")
            #expect(try await app.db.count("SELECT count(*)::int FROM auth.users WHERE email = \(email)") == 0)
        }
    }
}
