import FloWorxServer
import FloWorxStore
import FloWorxTestSupport
import FloWorxWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PostgresNIO
import Testing

/// The web app against a real application and PostgreSQL: its security properties (CSRF, cookies, CSP, tenant
/// isolation) and that the inbox, its corrections and analytics work through forms.
@Suite struct WebAppTests {
    @Test func postWithoutTheCSRFTokenIsRefused() async throws {
        try await WebTestApp.with { app in
            let browser = Browser(app)
            try await browser.get("/signin")
            // No token at all.
            let missing = try await browser.post("/signin", ["email": "a@example.com", "password": "x"], withToken: false)
            #expect(missing.status == .forbidden)
            #expect(String(buffer: missing.body).contains("This form could not be accepted"))
            // A token that is not this browser's.
            let wrong = try await browser.post("/signin", ["email": "a@example.com", "password": "x", "_csrf": String(repeating: "A", count: 43)])
            #expect(wrong.status == .forbidden)
            // Another browser's token with this browser's cookie: refused too.
            let other = Browser(app)
            try await other.get("/signup")
            let crossed = try await browser.post("/signup", ["email": "b@example.com", "password": "x", "password_confirm": "x", "_csrf": other.csrf ?? ""])
            #expect(crossed.status == .forbidden)
            // A signed-in owner's forms need it as well.
            _ = try await browser.signUp()
            let signOut = try await browser.post("/signout", [:], withToken: false)
            #expect(signOut.status == .forbidden)
            #expect(try await browser.get("/inbox").status == .ok)
        }
    }

    @Test func sessionCookiesAreHttpOnlyLaxAndSecureWhenConfigured() async throws {
        try await WebTestApp.with { app in
            let browser = Browser(app)
            _ = try await browser.signUp()
            let session = try #require(browser.lastSetCookies.first { $0.hasPrefix("fx_session=") })
            #expect(session.contains("HttpOnly"))
            #expect(session.contains("SameSite=Lax"))
            #expect(!session.contains("Secure"))
            #expect(browser.lastSetCookies.contains { $0.hasPrefix("fx_refresh=") && $0.contains("HttpOnly") })
        }
        try await WebTestApp.with(configuration: WebConfiguration(secureCookies: true)) { app in
            let browser = Browser(app)
            try await browser.get("/signin")
            #expect(browser.lastSetCookies.contains { $0.hasPrefix("fx_csrf=") && $0.contains("Secure") && $0.contains("HttpOnly") })
            _ = try await browser.signUp()
            #expect(browser.lastSetCookies.contains { $0.hasPrefix("fx_session=") && $0.contains("Secure") && $0.contains("SameSite=Lax") })
        }
    }

    @Test func pagesCarryAStrictContentSecurityPolicyAndNoInlineScript() async throws {
        try await WebTestApp.with { app in
            let browser = Browser(app)
            for path in ["/signin", "/signup", "/reset"] {
                let response = try await browser.get(path)
                let policy = try #require(response.headers[.contentSecurityPolicy], "\(path) has no CSP")
                #expect(policy.contains("default-src 'self'"))
                #expect(policy.contains("script-src 'self'"))
                #expect(!policy.contains("unsafe-inline"))
                #expect(!policy.contains("unsafe-eval"))
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                let html = String(buffer: response.body)
                // Every script comes from a file; no inline handlers.
                #expect(html.components(separatedBy: "<script").count - 1 == html.components(separatedBy: "<script src=").count - 1)
                #expect(html.range(of: #"\son[a-z]+="#, options: .regularExpression) == nil)
                #expect(!html.contains("style=\""))
            }
        }
    }

    @Test func anotherOwnersEmailIsNotFoundEvenByItsURL() async throws {
        try await WebTestApp.with { app in
            let first = Browser(app)
            let firstEmail = try await first.signUp()
            let id = try await app.addEmail(owner: try await app.userId(firstEmail), subject: "Furnace stopped at the Miller house")
            let mine = try await first.get("/inbox")
            #expect(String(buffer: mine.body).contains("Furnace stopped at the Miller house"))
            let detail = try await first.get("/inbox/\(id.uuidString.lowercased())")
            #expect(detail.status == .ok)
            #expect(String(buffer: detail.body).contains("mentions a broken furnace"))

            let second = Browser(app)
            _ = try await second.signUp()
            let theirs = try await second.get("/inbox")
            #expect(!String(buffer: theirs.body).contains("Miller house"))
            #expect(try await second.get("/inbox/\(id.uuidString.lowercased())").status == .notFound)
            // Writing to it by URL is refused the same way, and nothing changes.
            #expect(try await second.post("/inbox/\(id.uuidString.lowercased())/category", ["category": "SALES"]).status == .notFound)
            #expect(try await second.post("/inbox/\(id.uuidString.lowercased())/draft", ["draft": "hijacked"]).status == .notFound)
            let again = try await first.get("/inbox/\(id.uuidString.lowercased())")
            #expect(!String(buffer: again.body).contains("hijacked"))
            #expect(try await second.get("/inbox/not-a-uuid").status == .notFound)
            // Signed out: the sign-in page, not the email.
            let stranger = Browser(app)
            let redirected = try await stranger.get("/inbox/\(id.uuidString.lowercased())")
            #expect(redirected.status == .seeOther)
            #expect(redirected.headers[.location]?.hasPrefix("/signin") == true)
        }
    }

    @Test func theOwnerCorrectsACategoryAndEditsADraftThroughForms() async throws {
        try await WebTestApp.with { app in
            let browser = Browser(app)
            let email = try await browser.signUp()
            let owner = try await app.userId(email)
            let id = try await app.addEmail(owner: owner, subject: "Quote for a new AC unit", category: "SUPPORT")
            let path = "/inbox/\(id.uuidString.lowercased())"
            try await browser.get(path)
            let corrected = try await browser.post("\(path)/category", ["category": "SALES"])
            #expect(corrected.status == .seeOther)
            let page = String(buffer: try await browser.get(corrected.headers[.location]!).body)
            #expect(page.contains("Category changed"))
            #expect(page.contains(#"<option value="SALES" selected>"#))
            let recorded = try await app.db.database.service.query(
                "SELECT to_category FROM floworx.triage_corrections WHERE email_log_id = \(id)").collect().first?.decode(String.self)
            #expect(recorded == "SALES")
            // The list filters by the corrected category.
            #expect(String(buffer: try await browser.get("/inbox?category=SALES").body).contains("Quote for a new AC unit"))
            #expect(!String(buffer: try await browser.get("/inbox?category=SUPPORT").body).contains("Quote for a new AC unit"))
            // A category the business does not have: the page says so.
            let invalid = try await browser.post("\(path)/category", ["category": "NOPE"])
            #expect(invalid.status == .unprocessableContent)
            // The draft, edited.
            let saved = try await browser.post("\(path)/draft", ["draft": "Hi! We can come Tuesday at 9."])
            #expect(saved.status == .seeOther)
            let after = String(buffer: try await browser.get(path).body)
            #expect(after.contains("Hi! We can come Tuesday at 9."))
            #expect(after.contains("Edited by you"))
        }
    }

    @Test func signOutEndsTheSessionAndTheOldCookieNoLongerWorks() async throws {
        try await WebTestApp.with { app in
            let browser = Browser(app)
            _ = try await browser.signUp()
            let stolen = browser.cookies
            try await browser.get("/inbox")
            let out = try await browser.post("/signout", [:])
            #expect(out.status == .seeOther)
            #expect(browser.cookies["fx_session"] == nil)
            let replay = Browser(app)
            replay.cookies = stolen
            let response = try await replay.get("/inbox")
            #expect(response.status == .seeOther)
        }
    }

    @Test func everyPageWeighsLessThan150KB() async throws {
        try await WebTestApp.with { app in
            let browser = Browser(app)
            let email = try await browser.signUp()
            let owner = try await app.userId(email)
            var last = UUID()
            for index in 0..<60 { last = try await app.addEmail(owner: owner, subject: "Message number \(index) about the boiler") }
            var pages = ["/signin", "/signup", "/reset", "/inbox", "/inbox/\(last.uuidString.lowercased())", "/analytics?days=7", "/analytics?days=90"]
            pages.append("/static/app.css")
            var total = 0
            for path in pages {
                let response = try await browser.get(path)
                #expect(response.status == .ok, "\(path): \(response.status)")
                #expect(response.body.readableBytes < 150 * 1024, "\(path) weighs \(response.body.readableBytes) bytes")
                total += response.body.readableBytes
            }
            let analytics = String(buffer: try await browser.get("/analytics?days=7").body)
            #expect(analytics.contains("<svg"))
            #expect(analytics.contains("<table"))
            #expect(analytics.contains("<th scope=\"col\">Support</th>"))
            #expect(total > 0)
        }
    }

    @Test func aForgottenPasswordIsResetWithTheEmailedCode() async throws {
        let mailer = CapturingMailer()
        try await WebTestApp.with(mailer: mailer) { app in
            let browser = Browser(app)
            let email = try await browser.signUp()
            try await browser.post("/signout", [:])
            try await browser.get("/reset")
            let requested = try await browser.post("/reset", ["email": email])
            #expect(requested.status == .seeOther)
            let mail = try #require(await mailer.mails.last)
            #expect(mail.kind == .recovery)
            #expect(mail.to == email)
            try await browser.get(requested.headers[.location]!)
            let wrong = try await browser.post("/reset/new", ["email": email, "code": "000000", "password": "new-password-1", "password_confirm": "new-password-1"])
            #expect(wrong.status == .unprocessableContent)
            let reset = try await browser.post("/reset/new", ["email": email, "code": mail.code, "password": "new-password-1", "password_confirm": "new-password-1"])
            #expect(reset.status == .seeOther)
            #expect(reset.headers[.location] == "/signin?reset=done")
            try await browser.get("/signin")
            let old = try await browser.post("/signin", ["email": email, "password": WebTestApp.password])
            #expect(old.status == .unprocessableContent)
            let signedIn = try await browser.post("/signin", ["email": email, "password": "new-password-1"])
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers[.location] == "/inbox")
        }
    }
}
