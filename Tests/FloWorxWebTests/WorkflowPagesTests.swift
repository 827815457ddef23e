import FloWorxCore
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

/// `/workflows`: versions with their metrics, a new version through the JSON form (field-named errors, the typed text
/// kept), the dry run against the last emails compared with the active version, deploy and roll back — all as the
/// signed-in owner, so another owner's versions are the not-found page.
@Suite struct WorkflowPagesTests {
    /// The default pipeline plus a label on every email: the dry run shows an action change for each email.
    static let labelled = #"""
        {"schemaVersion": 1, "steps": [{"type": "loopGuard"}, {"type": "classification"}, {"type": "businessHours"}, {"type": "escalation"},
          {"type": "draft"}, {"type": "writeBack"}, {"type": "notifications"}, {"type": "addLabel", "label": "Reviewed"}]}
        """#

    @Test func theOwnerSavesDryRunsDeploysAndRollsBackAVersion() async throws {
        try await WebTestApp.with { app in
            let browser = Browser(app)
            let email = try await browser.signUp()
            let owner = try await app.userId(email)
            _ = try await app.addEmail(owner: owner, subject: "Furnace stopped at the Miller house")
            _ = try await app.addEmail(owner: owner, subject: "Quote for a new AC unit", category: "SALES")

            let list = try await browser.get("/workflows")
            #expect(list.status == .ok)
            let listed = String(buffer: list.body)
            #expect(listed.contains("Version 1"))
            #expect(listed.contains("Active"))
            #expect(listed.contains("FloWorx (the built-in default)"))
            #expect(listed.contains(#"{"type": "loopGuard"}"#.replacingOccurrences(of: "\"", with: "&quot;")) || listed.contains("loopGuard"),
                    "the form is prefilled with the active definition")

            // A problem is named by its field beside the form; the text typed stays.
            let typed = #"{"schemaVersion": 1, "steps": [{"type": "loopGuard"}, {"type": "classification"}, {"type": "smsAlert"}]}"#
            let refused = try await browser.post("/workflows", ["name": "Keep me", "definition": typed])
            #expect(refused.status == .unprocessableContent)
            let refusedPage = String(buffer: refused.body)
            #expect(refusedPage.contains("workflow_data.steps[2].type"))
            #expect(refusedPage.contains("smsAlert"))
            #expect(refusedPage.contains(#"value="Keep me""#))
            #expect(refusedPage.contains(#"aria-invalid="true""#))
            let notJSON = try await browser.post("/workflows", ["definition": "{steps: oops"])
            #expect(notJSON.status == .unprocessableContent)
            #expect(String(buffer: notJSON.body).contains("{steps: oops"))

            // Saved: version 2, inactive.
            let saved = try await browser.post("/workflows", ["name": "Label everything", "definition": Self.labelled])
            #expect(saved.status == .seeOther, "\(String(buffer: saved.body).prefix(600))")
            #expect(saved.headers[.location] == "/workflows/2?saved=1")
            let version = String(buffer: try await browser.get("/workflows/2?saved=1").body)
            #expect(version.contains("Add a label"))
            #expect(version.contains("Reviewed"))
            #expect(version.contains("Deploy version 2"))

            // Dry run: each email would get the label, compared with version 1.
            let dry = try await browser.post("/workflows/2/dry-run", ["limit": "20"])
            #expect(dry.status == .ok)
            let dryPage = String(buffer: dry.body)
            #expect(dryPage.contains("2 emails replayed; 2 would change compared with version 1"), "\(dryPage)")
            #expect(dryPage.contains("label:Reviewed"))
            #expect(dryPage.contains("Furnace stopped at the Miller house"))
            let tooMany = try await browser.post("/workflows/2/dry-run", ["limit": "101"])
            #expect(tooMany.status == .unprocessableContent)
            #expect(String(buffer: tooMany.body).contains(#"id="dry-limit-error""#))

            // Deploy, then roll back.
            let deployed = try await browser.post("/workflows/2/deploy", [:])
            #expect(deployed.status == .seeOther)
            #expect(deployed.headers[.location] == "/workflows?deployed=2")
            #expect(try await WorkflowRepository(service: app.db.database.service).active(clientId: owner)?.version == 2)
            let rolled = try await browser.post("/workflows/1/rollback", [:])
            #expect(rolled.status == .seeOther)
            #expect(try await WorkflowRepository(service: app.db.database.service).active(clientId: owner)?.version == 1)
            #expect(String(buffer: try await browser.get("/workflows?rolledback=1").body).contains("Rolled back to version 1"))
            // Rolling back "to" a newer version is the API's 409, shown on the page.
            #expect(try await browser.post("/workflows/2/rollback", [:]).status == .conflict)
            // Without the CSRF token nothing is deployed.
            #expect(try await browser.post("/workflows/2/deploy", [:], withToken: false).status == .forbidden)
            #expect(try await WorkflowRepository(service: app.db.database.service).active(clientId: owner)?.version == 1)
        }
    }

    @Test func anotherOwnersVersionsAreNotFound() async throws {
        try await WebTestApp.with { app in
            let first = Browser(app)
            _ = try await first.signUp()
            try await first.get("/workflows")
            #expect(try await first.post("/workflows", ["definition": Self.labelled]).status == .seeOther)

            let second = Browser(app)
            let secondEmail = try await second.signUp()
            try await second.get("/workflows")
            #expect(try await second.get("/workflows/2").status == .notFound)
            #expect(try await second.post("/workflows/2/deploy", [:]).status == .notFound)
            #expect(try await second.post("/workflows/2/dry-run", ["limit": "5"]).status == .notFound)
            #expect(try await second.get("/workflows/0").status == .notFound)
            #expect(try await second.get("/workflows/nope").status == .notFound)
            #expect(try await WorkflowRepository(service: app.db.database.service).active(clientId: try await app.userId(secondEmail))?.version == 1)
            // Signed out: the sign-in page.
            #expect(try await Browser(app).get("/workflows").status == .seeOther)
        }
    }

    @Test func hostileDefinitionsAreRefusedWithoutHarm() async throws {
        try await WebTestApp.with { app in
            let browser = Browser(app)
            _ = try await browser.signUp()
            try await browser.get("/workflows")
            // Deep nesting, inside the form limit (each bracket is 3 bytes encoded): refused as not an object, or by the
            // API, never a crash.
            let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
            #expect(try await browser.post("/workflows", ["definition": deep]).status == .unprocessableContent)
            let nested = #"{"schemaVersion": 1, "steps": "# + String(repeating: "[", count: 9_000) + String(repeating: "]", count: 9_000) + "}"
            #expect(try await browser.post("/workflows", ["definition": nested]).status == .unprocessableContent)
            // Too large for a form: 413, nothing saved.
            let huge = try await browser.post("/workflows", ["definition": String(repeating: " ", count: 70_000) + "{}"])
            #expect(huge.status == .contentTooLarge)
            // A name too long, markup in the name: field-named, escaped.
            let named = try await browser.post("/workflows", ["name": "<script>x</script>" + String(repeating: "n", count: 300), "definition": Self.labelled])
            #expect(named.status == .unprocessableContent)
            let page = String(buffer: named.body)
            #expect(page.contains("<code>name</code>"))
            #expect(!page.contains("<script>x</script>"))
            #expect(try await browser.get("/workflows").status == .ok)
            #expect(try await browser.get("/workflows/2").status == .notFound, "nothing was saved")
        }
    }
}
