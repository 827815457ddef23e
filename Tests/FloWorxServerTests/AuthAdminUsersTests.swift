import FloWorxCore
import FloWorxServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PostgresNIO
import Testing

/// `/auth/v1/admin/users`: GoTrue's user administration, for the service role only.
@Suite struct AuthAdminUsersTests {
    /// Create, get, list, update, delete as the service role; the password hash never comes back.
    @Test func theServiceRoleManagesUsers() async throws {
        try await TestApp.with { app in
            let email = TestApp.uniqueEmail("staff")
            let created = try await app.request(.post, "/auth/v1/admin/users", as: .service, json: """
                {"email": "\(email)", "password": "\(TestApp.password)", "email_confirm": true,
                 "user_metadata": {"business_name": "Acme"}, "app_metadata": {"plan": "pro"}}
                """)
            #expect(created.status == .ok, "\(created.text)")
            let user = try created.json()
            let id = try #require(user["id"]?.stringValue.flatMap(UUID.init(uuidString:)))
            #expect(user["email"] == .string(email))
            #expect(user["user_metadata"] == .object(["business_name": .string("Acme")]))
            #expect(user["app_metadata"]?["plan"] == .string("pro"))
            #expect(user["app_metadata"]?["provider"] == .string("email"))
            #expect(user["email_confirmed_at"]?.stringValue != nil)
            #expect(!created.text.contains("$2"), "no bcrypt hash in the answer")
            #expect(!created.text.contains("encrypted_password"))
            // The new user signs in with the password; the profile row followed by trigger.
            _ = try await app.signIn(email)
            #expect(try await app.db.count("SELECT count(*) FROM public.profiles WHERE id = \(id)") == 1)

            let fetched = try await app.request(.get, "/auth/v1/admin/users/\(id.uuidString.lowercased())", as: .service)
            #expect(fetched.status == .ok)
            #expect(try fetched.json()["email"] == .string(email))

            let updated = try await app.request(.put, "/auth/v1/admin/users/\(id.uuidString.lowercased())", as: .service, json: """
                {"user_metadata": {"phone": "780"}, "app_metadata": {"role": "admin"}, "password": "Another-Horse-8-battery"}
                """)
            #expect(updated.status == .ok, "\(updated.text)")
            #expect(try updated.json()["user_metadata"] == .object(["business_name": .string("Acme"), "phone": .string("780")]), "merged")
            #expect(try updated.json()["app_metadata"]?["plan"] == .string("pro"))
            #expect(try updated.json()["app_metadata"]?["role"] == .string("admin"))
            _ = try await app.signIn(email, password: "Another-Horse-8-battery")

            let deleted = try await app.request(.delete, "/auth/v1/admin/users/\(id.uuidString.lowercased())", as: .service)
            #expect(deleted.status == .ok)
            #expect(try deleted.json() == .object([:]))
            // The profile and the sessions went with the user (ON DELETE CASCADE).
            #expect(try await app.db.count("SELECT count(*) FROM public.profiles WHERE id = \(id)") == 0)
            #expect(try await app.db.count("SELECT count(*) FROM floworx.auth_sessions WHERE user_id = \(id)") == 0)
            try expectAuthError(try await app.request(.get, "/auth/v1/admin/users/\(id.uuidString.lowercased())", as: .service),
                                .notFound, errorCode: "user_not_found", message: "User not found")
            try expectAuthError(try await app.request(.delete, "/auth/v1/admin/users/\(id.uuidString.lowercased())", as: .service),
                                .notFound, errorCode: "user_not_found")
        }
    }

    /// A user created unconfirmed, without a password, cannot sign in until confirmed by the admin.
    @Test func anUnconfirmedUserIsRefusedUntilConfirmed() async throws {
        try await TestApp.with { app in
            let email = TestApp.uniqueEmail("invited")
            let created = try await app.request(.post, "/auth/v1/admin/users", as: .service, json: #"{"email": "\#(email)", "password": "\#(TestApp.password)"}"#)
            #expect(created.status == .ok, "\(created.text)")
            #expect(try created.json()["email_confirmed_at"] == .null)
            try expectAuthError(try await app.signInResponse(email, password: TestApp.password), .badRequest, errorCode: "email_not_confirmed", message: "Email not confirmed")
            let id = try #require(try created.json()["id"]?.stringValue)
            let confirmed = try await app.request(.put, "/auth/v1/admin/users/\(id)", as: .service, json: #"{"email_confirm": true}"#)
            #expect(try confirmed.json()["email_confirmed_at"]?.stringValue != nil)
            _ = try await app.signIn(email)
        }
    }

    /// GoTrue's list: `{users, aud}`, newest first, with `X-Total-Count` and `Link` headers.
    @Test func theListIsPagedAsGoTruePagesIt() async throws {
        try await TestApp.with { app in
            var emails: [String] = []
            for index in 0..<3 {
                let email = TestApp.uniqueEmail("user\(index)")
                emails.append(email)
                _ = try await app.signUp(email)
            }
            let first = try await app.request(.get, "/auth/v1/admin/users?page=1&per_page=2", as: .service)
            #expect(first.status == .ok, "\(first.text)")
            #expect(try first.json().keys == ["aud", "users"])
            #expect(try first.json()["users"]?.arrayValue?.compactMap { $0["email"]?.stringValue } == [emails[2], emails[1]])
            #expect(first.headers[HTTPField.Name("X-Total-Count")!] == "3")
            #expect(first.headers[HTTPField.Name("Link")!] == #"</admin/users?page=2&per_page=2>; rel="next", </admin/users?page=2&per_page=2>; rel="last""#)
            let second = try await app.request(.get, "/auth/v1/admin/users?page=2&per_page=2", as: .service)
            #expect(try second.json()["users"]?.arrayValue?.compactMap { $0["email"]?.stringValue } == [emails[0]])
            #expect(!second.text.contains("$2"))
            let past = try await app.request(.get, "/auth/v1/admin/users?page=9&per_page=2", as: .service)
            #expect(try past.json()["users"] == .array([]))
            #expect(past.headers[HTTPField.Name("X-Total-Count")!] == "3")
            for bad in ["page=0", "per_page=0", "per_page=abc", "per_page=100000", "page=-1"] {
                try expectAuthError(try await app.request(.get, "/auth/v1/admin/users?\(bad)", as: .service), .badRequest, errorCode: "validation_failed")
            }
        }
    }

    /// Anon and signed-in users get GoTrue's 403 `not_admin`; nothing is created, changed or deleted.
    @Test func otherRolesAreRefused() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            for caller in [Caller.anon, .user(user)] {
                try expectAuthError(try await app.request(.get, "/auth/v1/admin/users", as: caller), .forbidden, errorCode: "not_admin", message: "User not allowed")
                try expectAuthError(try await app.request(.get, "/auth/v1/admin/users/\(user.id)", as: caller), .forbidden, errorCode: "not_admin")
                try expectAuthError(try await app.request(.post, "/auth/v1/admin/users", as: caller, json: #"{"email": "x@example.com"}"#),
                                    .forbidden, errorCode: "not_admin")
                try expectAuthError(try await app.request(.put, "/auth/v1/admin/users/\(user.id)", as: caller, json: #"{"email_confirm": false}"#),
                                    .forbidden, errorCode: "not_admin")
                try expectAuthError(try await app.request(.delete, "/auth/v1/admin/users/\(user.id)", as: caller), .forbidden, errorCode: "not_admin")
            }
            #expect(try await app.request(.get, "/auth/v1/admin/users", as: .nobody).status == .unauthorized)
            #expect(try await app.db.count("SELECT count(*) FROM auth.users") == 1)
            #expect(try await app.db.count("SELECT count(*) FROM auth.users WHERE email_confirmed_at IS NOT NULL") == 1)
        }
    }

    /// Bad input is a 4xx with a stable code: invalid email, taken email, weak password, wrong types, bad ids.
    @Test func badInputIsRefused() async throws {
        try await TestApp.with { app in
            let existing = try await app.signUp()
            let post = { (json: String) in try await app.request(.post, "/auth/v1/admin/users", as: .service, json: json) }
            try expectAuthError(try await post(#"{"email": "not-an-email"}"#), .badRequest, errorCode: "validation_failed")
            try expectAuthError(try await post(#"{"email": "\#(existing.email.uppercased())"}"#), .unprocessableContent, errorCode: "email_exists")
            try expectAuthError(try await post(#"{"email": "a@example.com", "password": "short"}"#), .unprocessableContent, errorCode: "weak_password")
            try expectAuthError(try await post(#"{"email": "a@example.com", "email_confirm": "yes"}"#), .badRequest, errorCode: "validation_failed")
            try expectAuthError(try await post(#"{"email": "a@example.com", "user_metadata": [1]}"#), .badRequest, errorCode: "validation_failed")
            try expectAuthError(try await app.request(.get, "/auth/v1/admin/users/not-a-uuid", as: .service), .notFound, errorCode: "validation_failed", message: "user_id must be an UUID")
            let other = try await app.signUp()
            try expectAuthError(try await app.request(.put, "/auth/v1/admin/users/\(other.id)", as: .service, json: #"{"email": "\#(existing.email)"}"#),
                                .unprocessableContent, errorCode: "email_exists")
            try expectAuthError(try await app.request(.put, "/auth/v1/admin/users/\(UUID().uuidString)", as: .service, json: "{}"),
                                .notFound, errorCode: "user_not_found")
            #expect(try await app.db.count("SELECT count(*) FROM auth.users") == 2)
        }
    }
}
