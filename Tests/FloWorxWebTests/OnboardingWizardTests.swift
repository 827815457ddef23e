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

/// The onboarding wizard through its forms, against a real application and PostgreSQL: each step names its problems by
/// field and writes nothing, each completed step is saved for real, and progress survives signing out.
@Suite struct OnboardingWizardTests {
    static let business = ["business_name": "Miller Heating", "business_type": "hvac", "email_domain": "millerheating.example", "timezone": "America/Edmonton"]

    /// A profile column as JSON text.
    static func column(_ app: WebTestApp, _ owner: UUID, _ sql: String) async throws -> String? {
        let rows = try await app.db.database.service.query(PostgresQuery(unsafeSQL: sql, binds: {
            var binds = PostgresBindings()
            binds.append(owner)
            return binds
        }())).collect()
        return try rows.first?.decode(String?.self)
    }

    @Test func theBusinessStepNamesTheMissingTypeAndCreatesNothing() async throws {
        try await WebTestApp.with { app in
            let browser = Browser(app)
            let email = try await browser.signUp()
            let start = try await browser.get("/onboarding")
            #expect(start.status == .seeOther)
            #expect(start.headers[.location] == "/onboarding/business")
            let page = String(buffer: try await browser.get("/onboarding/business").body)
            #expect(page.contains("Step 1 of 7"))
            #expect(page.contains(#"aria-current="step""#))
            let invalid = try await browser.post("/onboarding/business", ["business_name": "Miller Heating", "business_type": "", "timezone": "America/Edmonton"])
            #expect(invalid.status == .unprocessableContent)
            let text = String(buffer: invalid.body)
            #expect(text.contains(#"aria-invalid="true""#))
            #expect(text.contains(#"id="business_type-error""#))
            #expect(text.contains("Type of business:"))
            // What was typed is kept.
            #expect(text.contains(#"value="Miller Heating""#))
            let owner = try await app.userId(email)
            #expect(try await Self.column(app, owner, "SELECT client_config::text FROM public.profiles WHERE id = $1") == "{}")
            // Another step before the business exists leads back to it.
            #expect(try await browser.get("/onboarding/hours").headers[.location] == "/onboarding/business")
        }
    }

    @Test func eachLaterStepNamesItsFieldAndWritesNothing() async throws {
        try await WebTestApp.with { app in
            let browser = Browser(app)
            let email = try await browser.signUp()
            let owner = try await app.userId(email)
            try await browser.get("/onboarding/business")
            let created = try await browser.post("/onboarding/business", Self.business)
            #expect(created.status == .seeOther, "\(String(buffer: created.body).prefix(500))")
            #expect(created.headers[.location] == "/onboarding/hours")
            let hoursBefore = try await Self.column(app, owner, "SELECT hours::text FROM public.business_hours WHERE client_id = $1")

            try await browser.get("/onboarding/hours")
            let hours = try await browser.post("/onboarding/hours", ["hours_mon_1_open": "08:00", "hours_mon_1_close": "12:00", "holidays": "2026-12-25 Christmas\n2026-13-45 Nonsense"])
            #expect(hours.status == .unprocessableContent)
            let hoursText = String(buffer: hours.body)
            #expect(hoursText.contains("Holidays, line 2:"))
            #expect(hoursText.contains(#"id="holidays-error""#))
            #expect(hoursText.contains("2026-13-45 Nonsense"))
            #expect(try await Self.column(app, owner, "SELECT hours::text FROM public.business_hours WHERE client_id = $1") == hoursBefore)

            try await browser.get("/onboarding/managers")
            let managers = try await browser.post("/onboarding/managers", ["manager_0_name": "Sam Lee", "manager_0_email": "not-an-address", "manager_0_role_owner": "1"])
            #expect(managers.status == .unprocessableContent)
            let managersText = String(buffer: managers.body)
            #expect(managersText.contains("Manager 1, email:"))
            #expect(managersText.contains(##"href="#manager_0_email""##))
            #expect(managersText.contains(#"value="not-an-address""#))
            #expect(try await Self.column(app, owner, "SELECT managers::text FROM public.profiles WHERE id = $1") == "[]")

            try await browser.get("/onboarding/suppliers")
            let suppliers = try await browser.post("/onboarding/suppliers", ["supplier_0_name": "Parts Co", "supplier_0_domains": "parts.example, not_a_domain!"])
            #expect(suppliers.status == .unprocessableContent)
            #expect(String(buffer: suppliers.body).contains("Supplier 1, domains:"))
            #expect(try await Self.column(app, owner, "SELECT suppliers::text FROM public.profiles WHERE id = $1") == "[]")

            try await browser.get("/onboarding/style")
            let styleBefore = try await Self.column(app, owner, "SELECT response_patterns::text FROM public.communication_styles WHERE client_id = $1 AND is_active")
            let style = try await browser.post("/onboarding/style", ["style_tone": "friendly", "style_formality": "neutral", "style_greeting": String(repeating: "x", count: 600)])
            #expect(style.status == .unprocessableContent)
            #expect(String(buffer: style.body).contains(#"id="style_greeting-error""#))
            #expect(try await Self.column(app, owner, "SELECT response_patterns::text FROM public.communication_styles WHERE client_id = $1 AND is_active") == styleBefore)
            // None of the refused steps counts as done.
            #expect(try await browser.get("/onboarding").headers[.location] == "/onboarding/hours")
        }
    }

    @Test func theWholeWizardSavesEveryStepAndProgressSurvivesSigningOut() async throws {
        try await WebTestApp.with { app in
            let browser = Browser(app)
            let email = try await browser.signUp()
            let owner = try await app.userId(email)
            try await browser.get("/onboarding/business")
            try await browser.post("/onboarding/business", Self.business)
            try await browser.get("/onboarding/hours")
            let hours = try await browser.post("/onboarding/hours", [
                "hours_mon_1_open": "08:00", "hours_mon_1_close": "12:00", "hours_mon_2_open": "13:00", "hours_mon_2_close": "17:00",
                "hours_sat_1_open": "22:00", "hours_sat_1_close": "02:00",
                "holidays": "2026-12-25 Christmas", "overrides": "2026-12-24 08:00-12:00 Half day\n2026-12-31 closed",
            ])
            #expect(hours.headers[.location] == "/onboarding/managers", "\(String(buffer: hours.body).prefix(600))")

            // Leave and come back: a new browser session resumes at the first step not done.
            try await browser.post("/signout", [:])
            let again = Browser(app)
            try await again.get("/signin")
            #expect(try await again.post("/signin", ["email": email, "password": WebTestApp.password]).status == .seeOther)
            #expect(try await again.get("/onboarding").headers[.location] == "/onboarding/managers")
            let progress = String(buffer: try await again.get("/onboarding/managers").body)
            #expect(progress.contains("Step 3 of 7"))
            #expect(progress.contains("(done)"))

            let managers = try await again.post("/onboarding/managers", [
                "manager_0_name": "Sam Lee", "manager_0_email": "sam@millerheating.example", "manager_0_role_owner": "1", "manager_0_role_service": "1",
                "manager_0_forward": "1",
            ])
            #expect(managers.headers[.location] == "/onboarding/suppliers", "\(String(buffer: managers.body).prefix(600))")
            try await again.get("/onboarding/suppliers")
            let suppliers = try await again.post("/onboarding/suppliers", ["supplier_0_name": "Parts Co", "supplier_0_domains": "parts.example, parts-co.example", "supplier_0_category": "parts"])
            #expect(suppliers.headers[.location] == "/onboarding/notifications")
            try await again.get("/onboarding/notifications")
            #expect(try await again.post("/onboarding/notifications", ["email_notifications": "1", "escalation_alerts": "1"]).headers[.location] == "/onboarding/style")

            // The preview is the real composer's draft in the style typed, and writes nothing.
            let page = String(buffer: try await again.get("/onboarding/style").body)
            #expect(page.contains("Draft for a sample email"))
            let preview = try await again.post("/onboarding/style", ["action": "preview", "style_tone": "friendly", "style_formality": "informal", "style_greeting": "Howdy {first_name}!", "style_length": "short"])
            #expect(preview.status == .ok)
            #expect(String(buffer: preview.body).contains("Howdy Jane!"))
            #expect(try await again.get("/onboarding").headers[.location] == "/onboarding/style")
            let style = try await again.post("/onboarding/style", ["style_tone": "friendly", "style_formality": "informal", "style_greeting": "Howdy {first_name}!", "style_closing": "Cheers,", "style_length": "short", "style_traits": "friendly, upbeat"])
            #expect(style.headers[.location] == "/onboarding/mailbox", "\(String(buffer: style.body).prefix(600))")
            let mailbox = String(buffer: try await again.get("/onboarding/mailbox").body)
            #expect(mailbox.contains("Connect Gmail"))
            #expect(mailbox.contains("Skip for now"))
            #expect(try await again.post("/onboarding/mailbox", ["action": "finish"]).headers[.location] == "/inbox?welcome=1")
            #expect(try await again.get("/onboarding").headers[.location] == "/inbox")

            // Everything was saved for real.
            let savedHours = try #require(try await Self.column(app, owner, "SELECT hours::text FROM public.business_hours WHERE client_id = $1"))
            #expect(savedHours.contains(#""mon": [["08:00", "12:00"], ["13:00", "17:00"]]"#))
            #expect(savedHours.contains(#""sat": [["22:00", "02:00"]]"#))
            #expect(savedHours.contains("Christmas"))
            #expect(savedHours.contains("Half day"))
            let savedManagers = try await Self.column(app, owner, "SELECT managers::text FROM public.profiles WHERE id = $1") ?? ""
            #expect(savedManagers.contains("sam@millerheating.example"))
            #expect(savedManagers.contains(#""forward": true"#))
            #expect(try await Self.column(app, owner, "SELECT suppliers::text FROM public.profiles WHERE id = $1")?.contains("parts-co.example") == true)
            #expect(try await Self.column(app, owner, "SELECT sms_notifications::text FROM public.notification_settings WHERE client_id = $1") == "false")
            #expect(try await Self.column(app, owner, "SELECT response_patterns->>'greeting' FROM public.communication_styles WHERE client_id = $1 AND is_active") == "Howdy {first_name}!")
            #expect(try await Self.column(app, owner, "SELECT timezone FROM public.business_hours WHERE client_id = $1") == "America/Edmonton")
            // HVAC's own category is offered in the inbox.
            #expect(String(buffer: try await again.get("/inbox").body).contains(#"<option value="MAINTENANCE""#))
        }
    }
}
