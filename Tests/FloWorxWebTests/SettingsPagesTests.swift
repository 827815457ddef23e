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

/// The settings pages through their forms: each section saves and shows "Saved", another owner never sees or changes
/// them, refusals are named by field (never a 503), and a mailbox is disconnected through the mailbox API.
@Suite struct SettingsPagesTests {
    /// A signed-up owner whose business exists (the wizard's first step).
    static func onboardedOwner(_ app: WebTestApp) async throws -> (Browser, UUID) {
        let browser = Browser(app)
        let email = try await browser.signUp()
        try await browser.get("/onboarding/business")
        let created = try await browser.post("/onboarding/business", OnboardingWizardTests.business)
        try #require(created.status == .seeOther, "\(String(buffer: created.body).prefix(500))")
        return (browser, try await app.userId(email))
    }

    @Test func everySectionSavesAndShowsSavedAndAnotherOwnerSeesNone() async throws {
        try await WebTestApp.with { app in
            let (owner, ownerId) = try await Self.onboardedOwner(app)
            #expect(try await owner.get("/settings").headers[.location] == "/settings/business")
            for section in ["business", "hours", "managers", "suppliers", "notifications", "style", "integrations"] {
                let response = try await owner.get("/settings/\(section)")
                #expect(response.status == .ok, "\(section): \(response.status)")
                #expect(String(buffer: response.body).contains(#"href="/settings" aria-current="page""#) || String(buffer: response.body).contains("aria-current=\"page\">Settings"))
            }
            try await owner.get("/settings/hours")
            let saved = try await owner.post("/settings/hours", ["hours_tue_1_open": "07:00", "hours_tue_1_close": "11:30", "hours_tue_2_open": "12:30", "hours_tue_2_close": "16:00"])
            #expect(saved.status == .seeOther, "\(String(buffer: saved.body).prefix(500))")
            #expect(saved.headers[.location] == "/settings/hours?saved=1")
            let shown = String(buffer: try await owner.get("/settings/hours?saved=1").body)
            #expect(shown.contains("Saved."))
            #expect(shown.contains(#"name="hours_tue_2_open" type="time" value="12:30""#))
            try await owner.post("/settings/managers", ["manager_0_name": "Private Person", "manager_0_email": "private@millerheating.example"])
            try await owner.post("/settings/business", ["business_name": "Miller Heating & Air", "business_type": "hvac", "timezone": "America/Winnipeg"])
            let zone = try await app.db.database.service.query("SELECT timezone FROM public.business_hours WHERE client_id = \(ownerId)").collect().first?.decode(String.self)
            #expect(zone == "America/Winnipeg")

            let (other, otherId) = try await Self.onboardedOwner(app)
            let theirs = String(buffer: try await other.get("/settings/managers").body)
            #expect(!theirs.contains("Private Person"))
            #expect(!String(buffer: try await other.get("/settings/business").body).contains("Miller Heating &amp; Air"))
            // Saving their own section leaves the first owner's alone.
            try await other.post("/settings/managers", ["manager_0_name": "Someone Else", "manager_0_email": "else@example.org"])
            let first = try await app.db.database.service.query("SELECT managers::text FROM public.profiles WHERE id = \(ownerId)").collect().first?.decode(String.self)
            #expect(first?.contains("Private Person") == true)
            #expect(otherId != ownerId)
        }
    }

    @Test func aRefusedSectionNamesItsFieldKeepsWhatWasTypedAndIsNeverA503() async throws {
        try await WebTestApp.with { app in
            let (owner, ownerId) = try await Self.onboardedOwner(app)
            try await owner.get("/settings/business")
            let invalid = try await owner.post("/settings/business", ["business_name": "", "business_type": "boats", "timezone": "Mars/Olympus"])
            #expect(invalid.status == .unprocessableContent)
            let text = String(buffer: invalid.body)
            #expect(text.contains(#"id="business_type-error""#))
            #expect(text.contains(#"id="timezone-error""#))
            #expect(!text.contains("Saved."))
            let name = try await app.db.database.service.query("SELECT client_config->'business'->>'name' FROM public.profiles WHERE id = \(ownerId)").collect().first?.decode(String.self)
            #expect(name == "Miller Heating")
            // A plan that allows two managers (when the plan limits of billing are installed): the third is refused by
            // the database's trigger, and the refusal is shown beside the managers field, never as a failure page.
            let service = app.db.database.service
            let limited = try await service.query("SELECT to_regclass('floworx.plan_limits') IS NOT NULL").collect().first!.decode(Bool.self)
            if limited {
                _ = try await service.query("""
                    INSERT INTO floworx.plan_limits (plan_id, name, mailboxes, managers, is_free) VALUES ('web-test-free', 'Free', 1, 2, true)
                    """).collect()
            }
            var fields: [String: String] = [:]
            for row in 0..<3 {
                fields["manager_\(row)_name"] = "Manager \(row)"
                fields["manager_\(row)_email"] = "m\(row)@millerheating.example"
            }
            let three = try await owner.post("/settings/managers", fields)
            #expect(three.status == (limited ? .unprocessableContent : .seeOther), "\(three.status)")
            if limited {
                let text = String(buffer: three.body)
                #expect(text.contains(#"id="managers-error""#))
                #expect(text.contains("plan limit reached"))
                #expect(text.contains(#"value="m2@millerheating.example""#))
                let stored = try await service.query("SELECT jsonb_array_length(managers) FROM public.profiles WHERE id = \(ownerId)").collect().first?.decode(Int.self)
                #expect(stored == 0)
            }
            // A sixth manager (hand-made form): the schema's limit, named.
            for row in 0..<6 { fields["manager_\(row)_name"] = "Manager \(row)"; fields["manager_\(row)_email"] = "m\(row)@millerheating.example" }
            let six = try await owner.post("/settings/managers", fields)
            #expect(six.status == .seeOther || six.status == .unprocessableContent)
            // Hostile input: an unknown section, a huge field.
            #expect(try await owner.post("/settings/nonsense", [:]).status == .notFound)
            let huge = try await owner.post("/settings/suppliers", ["supplier_0_name": String(repeating: "a", count: 100_000)])
            #expect(huge.status == .contentTooLarge || huge.status == .unprocessableContent)
        }
    }

    @Test func aMailboxIsListedAndDisconnectedOnlyByItsOwner() async throws {
        try await WebTestApp.with { app in
            let (owner, ownerId) = try await Self.onboardedOwner(app)
            let service = app.db.database.service
            let integration = try await service.query("""
                INSERT INTO public.integrations (client_id, provider, status) VALUES (\(ownerId), 'gmail', 'active') RETURNING id
                """).collect().first!.decode(UUID.self)
            _ = try await service.query("""
                INSERT INTO floworx.mailboxes (integration_id, client_id, provider, address, last_sync_at)
                VALUES (\(integration), \(ownerId), 'gmail', 'office@millerheating.example', now())
                """).collect()
            let page = String(buffer: try await owner.get("/settings/integrations").body)
            #expect(page.contains("office@millerheating.example"))
            #expect(page.contains("Active"))
            #expect(page.contains("Reconnect"))
            #expect(page.contains("Connect Outlook"))
            let path = "/settings/integrations/\(integration.uuidString.lowercased())/disconnect"

            // Another owner: the same 404 as an unknown mailbox, and nothing happens.
            let (other, _) = try await Self.onboardedOwner(app)
            #expect(!String(buffer: try await other.get("/settings/integrations").body).contains("office@millerheating.example"))
            #expect(try await other.post(path, ["confirm": "yes"]).status == .notFound)
            // Without the confirmation: refused, nothing happens.
            try await owner.get("/settings/integrations")
            #expect(try await owner.post(path, [:]).status == .unprocessableContent)
            let before = try await service.query("SELECT status FROM public.integrations WHERE id = \(integration)").collect().first?.decode(String.self)
            #expect(before == "active")

            let done = try await owner.post(path, ["confirm": "yes"])
            #expect(done.status == .seeOther)
            #expect(done.headers[.location] == "/settings/integrations?disconnected=1")
            let after = String(buffer: try await owner.get("/settings/integrations?disconnected=1").body)
            #expect(!after.contains("office@millerheating.example"))
            #expect(after.contains("The mailbox is disconnected"))
            let status = try await service.query("SELECT status, credentials::text FROM public.integrations WHERE id = \(integration)").collect().first?.decode((String, String).self)
            #expect(status?.0 == "revoked")
            #expect(status?.1 == "{}")
        }
    }

    @Test func onlyAnOperatorSeesTheAnonKeyAndNeverTheServiceKey() async throws {
        try await WebTestApp.with { app in
            let (owner, ownerId) = try await Self.onboardedOwner(app)
            #expect(try await owner.get("/settings/api-keys").status == .notFound)
            #expect(!String(buffer: try await owner.get("/settings/business").body).contains("/settings/api-keys"))
            // App metadata is written by the service only; the next sign-in's token carries it.
            _ = try await app.db.database.service.query("""
                UPDATE auth.users SET raw_app_meta_data = raw_app_meta_data || '{"role": "operator"}'::jsonb WHERE id = \(ownerId)
                """).collect()
            let email = try await app.db.database.service.query("SELECT email FROM auth.users WHERE id = \(ownerId)").collect().first!.decode(String.self)
            let staff = Browser(app)
            try await staff.get("/signin")
            #expect(try await staff.post("/signin", ["email": email, "password": WebTestApp.password]).status == .seeOther)
            let page = try await staff.get("/settings/api-keys")
            #expect(page.status == .ok)
            let text = String(buffer: page.body)
            #expect(text.contains("Public (anon) key"))
            #expect(text.range(of: #"<pre class="key" id="anon-key">eyJ[A-Za-z0-9_.-]+</pre>"#, options: .regularExpression) != nil)
            #expect(text.contains("never shown"))
            #expect(String(buffer: try await staff.get("/settings/business").body).contains("/settings/api-keys"))
        }
    }
}
