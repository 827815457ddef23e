import FloWorxCore
import FloWorxServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing

/// `POST /auth/v1/recover`: a recovery link and code by real SMTP, never saying whether an account exists.
@Suite struct AuthRecoverTests {
    /// The whole path: ask, read the link out of the mail, follow it (303 with a session in the fragment), set a
    /// new password with that session, sign in with it.
    @Test func aRecoveryLinkFromTheMailResetsThePassword() async throws {
        try await AuthMailbox.with { app, mailbox in
            let user = try await app.signUp()
            let asked = try await app.request(.post, "/auth/v1/recover?redirect_to=http://floworx.test/reset", json: #"{"email": "\#(user.email.uppercased())"}"#)
            #expect(asked.status == .ok, "\(asked.text)")
            #expect(try asked.json() == .object([:]))
            let mail = try mailbox.onlyMessage(to: user.email)
            #expect(mail.subject == "Reset Your Password")
            #expect(mail.link?.hasPrefix("http://floworx.test/auth/v1/verify?token=") == true)
            #expect(mail.parameter("type") == "recovery")
            #expect(mail.parameter("redirect_to") == "http://floworx.test/reset")
            // Only hashes are stored: neither the link token nor the code appears in the database.
            let token = try #require(mail.parameter("token"))
            #expect(try await app.db.count("SELECT count(*) FROM floworx.auth_one_time_tokens WHERE link_hash = sha256(convert_to(\(token), 'UTF8'))") == 1)
            #expect(try await app.db.count("SELECT count(*) FROM floworx.auth_one_time_tokens WHERE encode(link_hash, 'escape') LIKE '%' || \(token) || '%'") == 0)

            let followed = try await app.request(.get, try #require(mail.pathAndQuery), as: .nobody)
            #expect(followed.status == .seeOther)
            let location = try #require(followed.headers[.location])
            #expect(location.hasPrefix("http://floworx.test/reset#access_token="), "\(location)")
            let fragment = try #require(URLComponents(string: "http://x/?" + (location.split(separator: "#").last.map(String.init) ?? "")))
            let values = Dictionary(uniqueKeysWithValues: (fragment.queryItems ?? []).map { ($0.name, $0.value ?? "") })
            #expect(values["type"] == "recovery")
            #expect(values["token_type"] == "bearer")
            #expect(values["expires_in"] == "3600")
            let accessToken = try #require(values["access_token"])
            #expect(try TestToken.decode(accessToken)["sub"] == .string(user.id))

            let newPassword = "Recovered-Horse-9-battery"
            var session = user
            session.accessToken = accessToken
            let changed = try await app.request(.put, "/auth/v1/user", as: .user(session), json: #"{"password": "\#(newPassword)"}"#)
            #expect(changed.status == .ok, "\(changed.text)")
            _ = try await app.signIn(user.email, password: newPassword)

            // The link works once.
            let again = try await app.request(.get, try #require(mail.pathAndQuery), as: .nobody)
            #expect(again.status == .seeOther)
            let refused = try #require(again.headers[.location])
            #expect(refused.hasPrefix("http://floworx.test/reset#error=access_denied&error_code=otp_expired&error_description=Email+link+is+invalid+or+has+expired"), "\(refused)")
            #expect(!refused.contains("access_token"))
        }
    }

    /// An unknown address: 200 `{}` exactly as for a known one, and no mail.
    @Test func anUnknownAddressGetsTheSameAnswerAndNoMail() async throws {
        try await AuthMailbox.with { app, mailbox in
            let known = try await app.signUp()
            let unknown = try await app.request(.post, "/auth/v1/recover", json: #"{"email": "nobody-\#(UUID().uuidString.prefix(6))@example.com"}"#)
            let knownAnswer = try await app.request(.post, "/auth/v1/recover", json: #"{"email": "\#(known.email)"}"#)
            #expect(unknown.status == .ok)
            #expect(unknown.text == knownAnswer.text)
            #expect(unknown.status == knownAnswer.status)
            #expect(try mailbox.messages().map(\.to) == [[known.email]])
        }
    }

    /// One email per address and interval, whether or not the address has an account: 429 with Retry-After.
    @Test func mailsToOneAddressAreRateLimited() async throws {
        try await AuthMailbox.with { app, mailbox in
            let user = try await app.signUp()
            #expect(try await app.request(.post, "/auth/v1/recover", json: #"{"email": "\#(user.email)"}"#).status == .ok)
            let second = try await app.request(.post, "/auth/v1/recover", json: #"{"email": "\#(user.email)"}"#)
            let body = try expectAuthError(second, .tooManyRequests, errorCode: "over_email_send_rate_limit")
            #expect(body["msg"]?.stringValue?.hasPrefix("For security purposes, you can only request this after") == true)
            #expect(second.headers[.retryAfter].flatMap(Int.init) ?? 0 > 0)
            let stranger = "stranger-\(UUID().uuidString.prefix(6))@example.com"
            #expect(try await app.request(.post, "/auth/v1/recover", json: #"{"email": "\#(stranger)"}"#).status == .ok)
            try expectAuthError(try await app.request(.post, "/auth/v1/recover", json: #"{"email": "\#(stranger)"}"#),
                                .tooManyRequests, errorCode: "over_email_send_rate_limit")
            #expect(try mailbox.messages().count == 1)
        }
    }

    /// Bad input: no API key, no email, a malformed one.
    @Test func badRequestsAreRefused() async throws {
        try await AuthMailbox.with { app, mailbox in
            #expect(try await app.request(.post, "/auth/v1/recover", as: .nobody, json: #"{"email": "a@example.com"}"#).status == .unauthorized)
            try expectAuthError(try await app.request(.post, "/auth/v1/recover", json: "{}"), .badRequest, errorCode: "validation_failed",
                                message: "Password recovery requires an email")
            try expectAuthError(try await app.request(.post, "/auth/v1/recover", json: #"{"email": "nope"}"#), .badRequest, errorCode: "validation_failed")
            try expectAuthError(try await app.request(.post, "/auth/v1/recover", json: "[1]"), .badRequest, errorCode: "bad_json")
            #expect(try mailbox.messages().isEmpty)
        }
    }

    /// Without SMTP the mail is not sent (logged as such), and the answer is still `{}`.
    @Test func withoutSMTPNothingIsSent() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let asked = try await app.request(.post, "/auth/v1/recover", json: #"{"email": "\#(user.email)"}"#)
            #expect(asked.status == .ok)
            #expect(try await app.db.count("SELECT count(*) FROM floworx.auth_one_time_tokens WHERE user_id = \(user.userId)") == 1)
        }
    }
}
