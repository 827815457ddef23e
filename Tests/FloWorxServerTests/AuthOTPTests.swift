import FloWorxCore
import FloWorxServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing

/// `POST /auth/v1/otp`: magic links and 6-digit email codes.
@Suite struct AuthOTPTests {
    /// A confirmed user gets a magic link; the code from the same mail signs in with type `email`.
    @Test func aMagicLinkCodeSignsIn() async throws {
        try await AuthMailbox.with { app, mailbox in
            let user = try await app.signUp()
            let asked = try await app.request(.post, "/auth/v1/otp", json: #"{"email": "\#(user.email)", "create_user": false}"#)
            #expect(asked.status == .ok, "\(asked.text)")
            #expect(try asked.json() == .object([:]))
            let mail = try mailbox.onlyMessage(to: user.email)
            #expect(mail.subject == "Your Magic Link")
            #expect(mail.parameter("type") == "magiclink")
            let verified = try await app.request(.post, "/auth/v1/verify", json: #"{"type": "email", "email": "\#(user.email)", "token": "\#(try #require(mail.code))"}"#)
            #expect(verified.status == .ok, "\(verified.text)")
            #expect(try verified.json()["user"]?["id"] == .string(user.id))
        }
    }

    /// An unknown address: a user is created (no password, unconfirmed) and gets a sign-up confirmation, whose link
    /// signs in and confirms. With `create_user: false`, GoTrue's 422 `otp_disabled` and no user.
    @Test func anUnknownAddressIsCreatedUnlessForbidden() async throws {
        try await AuthMailbox.with { app, mailbox in
            let refusedEmail = TestApp.uniqueEmail("refused")
            try expectAuthError(try await app.request(.post, "/auth/v1/otp", json: #"{"email": "\#(refusedEmail)", "create_user": false}"#),
                                .unprocessableContent, errorCode: "otp_disabled", message: "Signups not allowed for otp")
            #expect(try await app.db.count("SELECT count(*) FROM auth.users") == 0)

            let email = TestApp.uniqueEmail("new")
            let asked = try await app.request(.post, "/auth/v1/otp", json: #"{"email": "\#(email)", "data": {"business_name": "Acme"}}"#)
            #expect(asked.status == .ok, "\(asked.text)")
            #expect(try await app.db.count("SELECT count(*) FROM auth.users WHERE email = \(email) AND email_confirmed_at IS NULL AND encrypted_password IS NULL") == 1)
            let mail = try mailbox.onlyMessage(to: email)
            #expect(mail.parameter("type") == "signup")
            let followed = try await app.request(.get, try #require(mail.pathAndQuery), as: .nobody)
            #expect(followed.headers[.location]?.contains("access_token=") == true)
            #expect(try await app.db.count("SELECT count(*) FROM auth.users WHERE email = \(email) AND email_confirmed_at IS NOT NULL") == 1)
            #expect(try await app.db.text("SELECT raw_user_meta_data->>'business_name' FROM auth.users WHERE email = \(email)") == "Acme")
        }
    }

    /// Bad input: phone (not offered), no email, a non-boolean create_user.
    @Test func badRequestsAreRefused() async throws {
        try await AuthMailbox.with { app, mailbox in
            try expectAuthError(try await app.request(.post, "/auth/v1/otp", json: #"{"phone": "+15550100"}"#), .badRequest, errorCode: "phone_provider_disabled")
            try expectAuthError(try await app.request(.post, "/auth/v1/otp", json: "{}"), .badRequest, errorCode: "validation_failed")
            try expectAuthError(try await app.request(.post, "/auth/v1/otp", json: #"{"email": "a@example.com", "create_user": "no"}"#),
                                .badRequest, errorCode: "validation_failed")
            #expect(try mailbox.messages().isEmpty)
        }
    }
}
