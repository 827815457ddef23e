import FloWorxCore
import FloWorxServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PostgresNIO
import Testing

/// `POST /auth/v1/signup`, `GET /auth/v1/settings` and `GET /auth/v1/health`.
@Suite struct AuthSignupTests {
    @Test func signUpReturnsASessionAndCreatesTheProfile() async throws {
        try await TestApp.with { app in
            let response = try await app.request(
                .post, "/auth/v1/signup",
                json: #"{"email": "  Owner@Acme-HVAC.example ", "password": "\#(TestApp.password)", "data": {"business_name": "Acme HVAC"}}"#
            )
            #expect(response.status == .ok, "\(response.text)")
            let body = try response.json()
            #expect(body.keys == ["access_token", "expires_at", "expires_in", "refresh_token", "token_type", "user"])
            #expect(body["token_type"] == .string("bearer"))
            #expect(body["expires_in"] == .number(3600))
            let accessToken = try #require(body["access_token"]?.stringValue)
            #expect(try body["expires_at"] == TestToken.decode(accessToken)["exp"])

            let user = try #require(body["user"])
            let id = try #require(user["id"]?.stringValue.flatMap(UUID.init(uuidString:)))
            #expect(user["id"] == .string(id.uuidString.lowercased()))
            #expect(user["email"] == .string("owner@acme-hvac.example"), "trimmed and lowercased")
            #expect(user["aud"] == .string("authenticated"))
            #expect(user["role"] == .string("authenticated"))
            #expect(user["phone"] == .string(""))
            #expect(user["is_anonymous"] == .bool(false))
            #expect(user["user_metadata"] == .object(["business_name": .string("Acme HVAC")]))
            #expect(user["app_metadata"] == .object(["provider": .string("email"), "providers": .array([.string("email")])]))
            #expect(user["email_confirmed_at"]?.stringValue.flatMap(ISO8601.parse) != nil, "no confirmation mail: confirmed at once")
            #expect(user["last_sign_in_at"]?.stringValue.flatMap(ISO8601.parse) != nil)
            #expect(user["identities"]?[0]?["provider"] == .string("email"))
            #expect(user["identities"]?[0]?["user_id"] == .string(id.uuidString.lowercased()))

            // The profile follows the user; the password is stored as a bcrypt hash; the refresh token only as its SHA-256.
            #expect(try await app.db.count("SELECT count(*) FROM public.profiles WHERE id = \(id)") == 1)
            let hash = try #require(try await app.db.text("SELECT encrypted_password FROM auth.users WHERE id = \(id)"))
            #expect(hash.hasPrefix("$2"))
            #expect(!hash.contains(TestApp.password))
            let refreshToken = try #require(body["refresh_token"]?.stringValue)
            #expect(try await app.db.count("""
                SELECT count(*) FROM floworx.refresh_tokens t JOIN floworx.auth_sessions s ON s.id = t.session_id
                WHERE s.user_id = \(id) AND t.token_hash = sha256(convert_to(\(refreshToken), 'UTF8'))
                """) == 1)
            #expect(try await app.db.count("SELECT count(*) FROM floworx.refresh_tokens WHERE token_hash = convert_to(\(refreshToken), 'UTF8')") == 0)
        }
    }

    /// The access token is an HS256 JWT with GoTrue's claims, signed with the server's secret.
    @Test func theAccessTokenCarriesGoTruesClaims() async throws {
        try await TestApp.with { app in
            let session = try await app.signUp(data: #"{"plan": "pro"}"#)
            let header = try TestToken.decode(session.accessToken, part: 0)
            #expect(header["alg"] == .string("HS256"))
            #expect(TestToken.isSigned(session.accessToken, secret: app.jwtSecret))
            #expect(!TestToken.isSigned(session.accessToken, secret: TestApp.randomSecret()))

            let claims = try TestToken.decode(session.accessToken)
            #expect(claims["sub"] == .string(session.id))
            #expect(claims["role"] == .string("authenticated"))
            #expect(claims["aud"] == .string("authenticated"))
            #expect(claims["email"] == .string(session.email))
            #expect(claims["iss"] == .string("floworx"))
            #expect(claims["aal"] == .string("aal1"))
            #expect(claims["is_anonymous"] == .bool(false))
            #expect(claims["user_metadata"] == .object(["plan": .string("pro")]))
            let issued = try #require(claims["iat"]?.numberValue)
            let expires = try #require(claims["exp"]?.numberValue)
            #expect(expires - issued == 3600)
            // Whole seconds, as GoTrue issues them: clients parse these as integers.
            #expect(issued == issued.rounded(.down) && expires == expires.rounded(.down), "iat \(issued), exp \(expires)")
            let sessionId = try #require(claims["session_id"]?.stringValue.flatMap(UUID.init(uuidString:)))
            #expect(try await app.db.count("SELECT count(*) FROM floworx.auth_sessions WHERE id = \(sessionId) AND user_id = \(session.userId) AND revoked_at IS NULL") == 1)
        }
    }

    @Test func aTakenEmailIsRefusedWhateverItsCase() async throws {
        try await TestApp.with { app in
            let first = try await app.signUp("jane@example.com")
            let again = try await app.request(.post, "/auth/v1/signup", json: #"{"email": "Jane@EXAMPLE.com", "password": "Another-password-9"}"#)
            try expectAuthError(again, .unprocessableContent, errorCode: "user_already_exists", message: "User already registered")
            #expect(try await app.db.count("SELECT count(*) FROM auth.users") == 1)
            // The first account is untouched: its password still works.
            _ = try await app.signIn(first.email)
        }
    }

    @Test(arguments: [#""short7""#, #""""#, "null"])
    func aWeakOrMissingPasswordIsRefused(password: String) async throws {
        try await TestApp.with { app in
            let response = try await app.request(.post, "/auth/v1/signup", json: #"{"email": "weak@example.com", "password": \#(password)}"#)
            let body = try expectAuthError(response, .unprocessableContent, errorCode: "weak_password", message: "Password should be at least 8 characters.")
            #expect(body["weak_password"] == .object(["reasons": .array([.string("length")])]))
            #expect(try await app.db.count("SELECT count(*) FROM auth.users") == 0)
        }
    }

    @Test(arguments: ["", "no-at-sign.example.com", "a@b", "two@@example.com", "sp ace@example.com", "x@.example.com", "x@example.com.", "@example.com"])
    func anInvalidEmailIsRefused(email: String) async throws {
        try await TestApp.with { app in
            let response = try await app.request(.post, "/auth/v1/signup", json: #"{"email": "\#(email)", "password": "\#(TestApp.password)"}"#)
            try expectAuthError(response, .badRequest, errorCode: "validation_failed", message: "Unable to validate email address: invalid format")
            #expect(try await app.db.count("SELECT count(*) FROM auth.users") == 0)
        }
    }

    @Test(arguments: [#"{"email": "#, "[1, 2]", "not json", #""a string""#])
    func aBodyThatIsNotAJSONObjectIsRefused(body: String) async throws {
        try await TestApp.with { app in
            let response = try await app.request(.post, "/auth/v1/signup", json: body)
            try expectAuthError(response, .badRequest, errorCode: "bad_json", message: "Could not parse request body as JSON")
            #expect(try await app.db.count("SELECT count(*) FROM auth.users") == 0)
        }
    }

    /// Every auth endpoint needs a valid API key, as behind Supabase's gateway.
    @Test func signUpNeedsAValidAPIKey() async throws {
        try await TestApp.with { app in
            let json = #"{"email": "keyless@example.com", "password": "\#(TestApp.password)"}"#
            try expectAuthError(
                try await app.request(.post, "/auth/v1/signup", as: .nobody, json: json),
                .unauthorized, errorCode: "no_authorization", message: "No API key found in request"
            )
            try expectAuthError(
                try await app.request(.post, "/auth/v1/signup", as: .apiKey("not-a-jwt"), json: json),
                .unauthorized, errorCode: "bad_jwt", message: "Invalid API key"
            )
            // A well-formed anon key of another project (another secret).
            let foreign = TestToken.sign(#"{"role": "anon", "iss": "floworx", "exp": 4102444800}"#, secret: TestApp.randomSecret())
            try expectAuthError(
                try await app.request(.post, "/auth/v1/signup", as: .apiKey(foreign), json: json),
                .unauthorized, errorCode: "bad_jwt", message: "Invalid API key"
            )
            #expect(try await app.db.count("SELECT count(*) FROM auth.users") == 0)
        }
    }

    @Test func signUpCanBeDisabled() async throws {
        try await TestApp.with(auth: AuthConfiguration(signupEnabled: false)) { app in
            let response = try await app.request(.post, "/auth/v1/signup", json: #"{"email": "late@example.com", "password": "\#(TestApp.password)"}"#)
            try expectAuthError(response, .unprocessableContent, errorCode: "signup_disabled", message: "Signups not allowed for this instance")
            #expect(try await app.db.count("SELECT count(*) FROM auth.users") == 0)
            let settings = try await app.request(.get, "/auth/v1/settings").json()
            #expect(settings["disable_signup"] == .bool(true))
        }
    }

    @Test func settingsDescribeTheEmailProvider() async throws {
        try await TestApp.with { app in
            let response = try await app.request(.get, "/auth/v1/settings")
            #expect(response.status == .ok)
            #expect(try response.json() == .object([
                "external": .object(["email": .bool(true), "phone": .bool(false)]),
                "disable_signup": .bool(false),
                "mailer_autoconfirm": .bool(true),
                "phone_autoconfirm": .bool(false),
            ]))
            try expectAuthError(try await app.request(.get, "/auth/v1/settings", as: .nobody), .unauthorized, errorCode: "no_authorization")
        }
    }

    @Test func authHealthAnswersWithoutAKey() async throws {
        try await TestApp.with { app in
            let response = try await app.request(.get, "/auth/v1/health", as: .nobody)
            #expect(response.status == .ok)
            let body = try response.json()
            #expect(body["name"] == .string("FloWorx auth"))
            #expect(body["version"] == .string(FloWorxVersion.current))
        }
    }
}
