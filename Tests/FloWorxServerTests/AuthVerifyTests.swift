import FloWorxCore
import FloWorxServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing

/// `/auth/v1/verify` (POST and the GET of the emailed link), sign-up confirmation without autoconfirm, `/resend`
/// and email change.
@Suite struct AuthVerifyTests {
    static let confirming = AuthConfiguration(autoconfirm: false)

    /// Without autoconfirm: sign-up answers the user without a session and mails a link; the password grant says
    /// `email_not_confirmed` until the link is followed; then it signs in.
    @Test func signUpWaitsForTheConfirmationLink() async throws {
        try await AuthMailbox.with(auth: Self.confirming) { app, mailbox in
            let email = TestApp.uniqueEmail()
            let signedUp = try await app.request(.post, "/auth/v1/signup", json: #"{"email": "\#(email)", "password": "\#(TestApp.password)"}"#)
            #expect(signedUp.status == .ok, "\(signedUp.text)")
            let body = try signedUp.json()
            #expect(body["access_token"] == nil)
            #expect(body["email"] == .string(email))
            #expect(body["email_confirmed_at"] == .null)
            #expect(body["confirmation_sent_at"]?.stringValue != nil)
            try expectAuthError(try await app.signInResponse(email, password: TestApp.password), .badRequest,
                                errorCode: "email_not_confirmed", message: "Email not confirmed")
            // A wrong password is still just wrong: the unconfirmed state is told only to the owner.
            try expectAuthError(try await app.signInResponse(email, password: "Wrong-Horse-1-battery"), .badRequest, errorCode: "invalid_credentials")

            let mail = try mailbox.onlyMessage(to: email)
            #expect(mail.subject == "Confirm Your Signup")
            #expect(mail.parameter("type") == "signup")
            let followed = try await app.request(.get, try #require(mail.pathAndQuery), as: .nobody)
            #expect(followed.status == .seeOther)
            #expect(followed.headers[.location]?.hasPrefix("http://floworx.test#access_token=") == true, "\(followed.headers[.location] ?? "")")
            _ = try await app.signIn(email)
            let settings = try await app.request(.get, "/auth/v1/settings")
            #expect(try settings.json()["mailer_autoconfirm"] == .bool(false))
        }
    }

    /// POST /verify with the emailed code and address, and with the link value as `token_hash`: GoTrue's session
    /// JSON. A used or wrong token: 403 `otp_expired`.
    @Test func postVerifyAcceptsTheCodeOrTheLinkOnce() async throws {
        try await AuthMailbox.with(auth: Self.confirming) { app, mailbox in
            let email = TestApp.uniqueEmail()
            _ = try await app.request(.post, "/auth/v1/signup", json: #"{"email": "\#(email)", "password": "\#(TestApp.password)"}"#)
            let mail = try mailbox.onlyMessage(to: email)
            let code = try #require(mail.code)
            try expectAuthError(try await app.request(.post, "/auth/v1/verify", json: #"{"type": "signup", "email": "\#(email)", "token": "000000x"}"#),
                                .forbidden, errorCode: "otp_expired", message: "Token has expired or is invalid")
            let verified = try await app.request(.post, "/auth/v1/verify", json: #"{"type": "signup", "email": "\#(email.uppercased())", "token": "\#(code)"}"#)
            #expect(verified.status == .ok, "\(verified.text)")
            #expect(try verified.json().keys == ["access_token", "expires_at", "expires_in", "refresh_token", "token_type", "user"])
            #expect(try verified.json()["user"]?["email_confirmed_at"]?.stringValue != nil)
            // The code and the link are one token: both are used up now.
            try expectAuthError(try await app.request(.post, "/auth/v1/verify", json: #"{"type": "signup", "email": "\#(email)", "token": "\#(code)"}"#),
                                .forbidden, errorCode: "otp_expired")
            let link = try #require(mail.parameter("token"))
            try expectAuthError(try await app.request(.post, "/auth/v1/verify", json: #"{"type": "signup", "token_hash": "\#(link)"}"#),
                                .forbidden, errorCode: "otp_expired")
        }
    }

    /// A token past its lifetime fails; so does one of another type, and one replaced by a newer mail.
    @Test func expiredReplacedAndMistypedTokensFail() async throws {
        try await AuthMailbox.with(auth: AuthConfiguration(emailIntervalSeconds: 0)) { app, mailbox in
            let user = try await app.signUp()
            _ = try await app.request(.post, "/auth/v1/recover", json: #"{"email": "\#(user.email)"}"#)
            let first = try #require(try mailbox.onlyMessage(to: user.email).parameter("token"))
            // Another type cannot redeem it.
            try expectAuthError(try await app.request(.post, "/auth/v1/verify", json: #"{"type": "signup", "token_hash": "\#(first)"}"#),
                                .forbidden, errorCode: "otp_expired")
            // A second request replaces the first link.
            _ = try await app.request(.post, "/auth/v1/recover", json: #"{"email": "\#(user.email)"}"#)
            let second = try #require(try mailbox.messages().last?.parameter("token"))
            try expectAuthError(try await app.request(.post, "/auth/v1/verify", json: #"{"type": "recovery", "token_hash": "\#(first)"}"#),
                                .forbidden, errorCode: "otp_expired")
            // Expired (moved into the past, as the clock would).
            try await app.db.execute("UPDATE floworx.auth_one_time_tokens SET expires_at = now() - interval '1 second' WHERE user_id = \(user.userId)")
            try expectAuthError(try await app.request(.post, "/auth/v1/verify", json: #"{"type": "recovery", "token_hash": "\#(second)"}"#),
                                .forbidden, errorCode: "otp_expired")
            try await app.db.execute("UPDATE floworx.auth_one_time_tokens SET expires_at = now() + interval '1 hour' WHERE user_id = \(user.userId)")
            let ok = try await app.request(.post, "/auth/v1/verify", json: #"{"type": "magiclink", "token_hash": "\#(second)"}"#)
            #expect(ok.status == .ok, "recovery and magic links share GoTrue's slot: \(ok.text)")
        }
    }

    /// Wrong codes for one address stop its tokens working after `codeAttempts`, even the right code.
    @Test func wrongCodesKillTheToken() async throws {
        try await AuthMailbox.with(auth: AuthConfiguration(codeAttempts: 3)) { app, mailbox in
            let user = try await app.signUp()
            _ = try await app.request(.post, "/auth/v1/recover", json: #"{"email": "\#(user.email)"}"#)
            let code = try #require(try mailbox.onlyMessage(to: user.email).code)
            let wrong = code == "123456" ? "654321" : "123456"
            for _ in 0..<3 {
                try expectAuthError(try await app.request(.post, "/auth/v1/verify", json: #"{"type": "recovery", "email": "\#(user.email)", "token": "\#(wrong)"}"#),
                                    .forbidden, errorCode: "otp_expired")
            }
            try expectAuthError(try await app.request(.post, "/auth/v1/verify", json: #"{"type": "recovery", "email": "\#(user.email)", "token": "\#(code)"}"#),
                                .forbidden, errorCode: "otp_expired")
        }
    }

    /// The redirect goes only to allowed origins; anything else lands on the site URL.
    @Test func foreignRedirectsAreReplacedByTheSite() async throws {
        try await AuthMailbox.with(auth: AuthConfiguration(redirectURLs: ["https://app.example.com"])) { app, mailbox in
            let user = try await app.signUp()
            _ = try await app.request(.post, "/auth/v1/recover?redirect_to=https://evil.example.net/steal", json: #"{"email": "\#(user.email)"}"#)
            let mail = try mailbox.onlyMessage(to: user.email)
            #expect(mail.parameter("redirect_to") == "http://floworx.test")
            let token = try #require(mail.parameter("token"))
            let followed = try await app.request(.get, "/auth/v1/verify?token=\(token)&type=recovery&redirect_to=https://evil.example.net/x", as: .nobody)
            #expect(followed.headers[.location]?.hasPrefix("http://floworx.test#access_token=") == true)
            let bad = try await app.request(.get, "/auth/v1/verify?token=nope&type=recovery&redirect_to=https://app.example.com/done", as: .nobody)
            #expect(bad.headers[.location]?.hasPrefix("https://app.example.com/done#error=access_denied") == true, "\(bad.headers[.location] ?? "")")
        }
    }

    /// `/resend` of a sign-up confirmation mails a new link (the old one stops working); for a confirmed or unknown
    /// address it answers `{}` and sends nothing.
    @Test func resendMailsANewConfirmation() async throws {
        try await AuthMailbox.with(auth: AuthConfiguration(autoconfirm: false, emailIntervalSeconds: 0)) { app, mailbox in
            let email = TestApp.uniqueEmail()
            _ = try await app.request(.post, "/auth/v1/signup", json: #"{"email": "\#(email)", "password": "\#(TestApp.password)"}"#)
            let first = try #require(try mailbox.onlyMessage(to: email).parameter("token"))
            let resent = try await app.request(.post, "/auth/v1/resend", json: #"{"type": "signup", "email": "\#(email)"}"#)
            #expect(resent.status == .ok)
            #expect(try resent.json() == .object([:]))
            let mails = try mailbox.messages().filter { $0.to.contains(email) }
            #expect(mails.count == 2)
            let second = try #require(mails.last?.parameter("token"))
            try expectAuthError(try await app.request(.post, "/auth/v1/verify", json: #"{"type": "signup", "token_hash": "\#(first)"}"#), .forbidden, errorCode: "otp_expired")
            #expect(try await app.request(.post, "/auth/v1/verify", json: #"{"type": "signup", "token_hash": "\#(second)"}"#).status == .ok)
            // Confirmed now: nothing to resend. Unknown: nothing either.
            #expect(try await app.request(.post, "/auth/v1/resend", json: #"{"type": "signup", "email": "\#(email)"}"#).status == .ok)
            #expect(try await app.request(.post, "/auth/v1/resend", json: #"{"type": "signup", "email": "ghost@example.com"}"#).status == .ok)
            #expect(try mailbox.messages().count == 2)
            try expectAuthError(try await app.request(.post, "/auth/v1/resend", json: #"{"type": "recovery", "email": "\#(email)"}"#),
                                .badRequest, errorCode: "validation_failed")
        }
    }

    /// Without autoconfirm, PUT /user with a new email keeps the old one and mails the new address; its link
    /// switches the address. `/resend` of type email_change mails it again.
    @Test func anEmailChangeTakesEffectThroughTheLink() async throws {
        try await AuthMailbox.with(auth: AuthConfiguration(autoconfirm: false, emailIntervalSeconds: 0)) { app, mailbox in
            let email = TestApp.uniqueEmail()
            let created = try await app.request(.post, "/auth/v1/admin/users", as: .service,
                                                json: #"{"email": "\#(email)", "password": "\#(TestApp.password)", "email_confirm": true}"#)
            #expect(created.status == .ok)
            let user = try await app.signIn(email)
            let newEmail = TestApp.uniqueEmail("moved")
            let changed = try await app.request(.put, "/auth/v1/user", as: .user(user), json: #"{"email": "\#(newEmail)"}"#)
            #expect(changed.status == .ok, "\(changed.text)")
            #expect(try changed.json()["email"] == .string(email))
            #expect(try changed.json()["new_email"] == .string(newEmail))
            #expect(try await app.db.text("SELECT email FROM auth.users WHERE id = \(user.userId)") == email)
            let mail = try mailbox.onlyMessage(to: newEmail)
            #expect(mail.parameter("type") == "email_change")
            #expect(try await app.request(.post, "/auth/v1/resend", json: #"{"type": "email_change", "email": "\#(email)"}"#).status == .ok)
            let again = try mailbox.messages().filter { $0.to.contains(newEmail) }
            #expect(again.count == 2)
            let verified = try await app.request(.post, "/auth/v1/verify", json: #"{"type": "email_change", "email": "\#(newEmail)", "token": "\#(try #require(again.last?.code))"}"#)
            #expect(verified.status == .ok, "\(verified.text)")
            #expect(try verified.json()["user"]?["email"] == .string(newEmail))
            _ = try await app.signIn(newEmail)
            try expectAuthError(try await app.signInResponse(email, password: TestApp.password), .badRequest, errorCode: "invalid_credentials")
        }
    }

    /// Malformed verify requests are 400s with GoTrue's messages.
    @Test func malformedVerifyRequestsAreRefused() async throws {
        try await TestApp.with { app in
            try expectAuthError(try await app.request(.post, "/auth/v1/verify", json: #"{"token_hash": "x"}"#), .badRequest, errorCode: "validation_failed",
                                message: "Verify requires a verification type")
            try expectAuthError(try await app.request(.post, "/auth/v1/verify", json: #"{"type": "sms", "token_hash": "x"}"#), .badRequest,
                                errorCode: "validation_failed", message: "Unsupported verification type")
            try expectAuthError(try await app.request(.post, "/auth/v1/verify", json: #"{"type": "signup"}"#), .badRequest, errorCode: "validation_failed",
                                message: "Verify requires either a token or a token hash")
            try expectAuthError(try await app.request(.post, "/auth/v1/verify", json: #"{"type": "signup", "token": "123456"}"#), .badRequest,
                                errorCode: "validation_failed")
            try expectAuthError(try await app.request(.get, "/auth/v1/verify?type=signup", as: .nobody), .badRequest, errorCode: "validation_failed")
        }
    }
}
