import FloWorxCore
import FloWorxServer
import FloWorxStore
import FloWorxTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing

/// `/api/v1/workflows`: versions listed with the default as version 1, a saved version validated with field-named
/// errors, activation and rollback, each under the owner's RLS.
@Suite struct WorkflowAPITests {
    static let quiet = #"""
        {"name": "Quiet", "workflow_data": {"schemaVersion": 1, "steps": [{"type": "loopGuard"}, {"type": "classification", "llmSecondOpinion": false},
          {"type": "escalation"}, {"type": "draft", "autoReply": false}, {"type": "webhook", "url": "https://hooks.example/in", "secretRef": "HOOK"}]}}
        """#

    @Test func theDefaultIsListedThenASavedVersionIsActivatedAndRolledBack() async throws {
        try await TestApp.with { app in
            let owner = try await app.signUp()
            let listed = try await app.request(.get, "/api/v1/workflows", as: .user(owner))
            #expect(listed.status == .ok, "\(listed.text)")
            let first = try listed.json()
            #expect(first["active_version"] == .number(1))
            #expect(first["workflows"]?.arrayValue?.count == 1)

            let saved = try await app.request(.post, "/api/v1/workflows", as: .user(owner), json: Self.quiet)
            #expect(saved.status == .created, "\(saved.text)")
            #expect(try saved.json()["version"] == .number(2))
            #expect(try saved.json()["is_active"] == .bool(false))

            let activated = try await app.request(.post, "/api/v1/workflows/2/activate", as: .user(owner))
            #expect(activated.status == .ok, "\(activated.text)")
            #expect(try activated.json()["is_active"] == .bool(true))
            #expect(try await app.request(.get, "/api/v1/workflows", as: .user(owner)).json()["active_version"] == .number(2))

            let later = try await app.request(.post, "/api/v1/workflows/rollback", as: .user(owner), json: #"{"version": 2}"#)
            #expect(later.status == .conflict)
            #expect(try later.json()["code"] == .string("not_an_earlier_version"))
            let back = try await app.request(.post, "/api/v1/workflows/rollback", as: .user(owner), json: #"{"version": 1}"#)
            #expect(back.status == .ok, "\(back.text)")
            #expect(try await app.request(.get, "/api/v1/workflows/1", as: .user(owner)).json()["is_active"] == .bool(true))
            #expect(try await app.request(.post, "/api/v1/workflows/7/activate", as: .user(owner)).json()["code"] == .string("workflow_version_not_found"))
        }
    }

    @Test func anUnknownStepIsRefusedWithItsFieldAndNothingIsWritten() async throws {
        try await TestApp.with { app in
            let owner = try await app.signUp()
            let body = #"{"name": "Bad", "workflow_data": {"steps": [{"type": "loopGuard"}, {"type": "classification"}, {"type": "escalation"}, {"type": "sms"}]}}"#
            let response = try await app.request(.post, "/api/v1/workflows", as: .user(owner), json: body)
            #expect(response.status == .unprocessableContent, "\(response.text)")
            let json = try response.json()
            #expect(json["code"] == .string("invalid_workflow"))
            #expect(json["errors"]?.arrayValue?.first?["path"] == .string("workflow_data.steps[3].type"))
            #expect(try await app.db.count("SELECT count(*) FROM public.workflows WHERE workflow_data->'steps' @> '[{\"type\": \"sms\"}]'") == 0)
            let notJSON = try await app.request(.post, "/api/v1/workflows", as: .user(owner), json: "[1]")
            #expect(notJSON.status == .badRequest)
            let noVersion = try await app.request(.post, "/api/v1/workflows/rollback", as: .user(owner), json: #"{"version": "one"}"#)
            #expect(noVersion.status == .unprocessableContent)
        }
    }

    @Test func anotherBusinessesVersionsAreNotVisible() async throws {
        try await TestApp.with { app in
            let owner = try await app.signUp(), other = try await app.signUp()
            #expect(try await app.request(.post, "/api/v1/workflows", as: .user(owner), json: Self.quiet).status == .created)
            let theirs = try await app.request(.get, "/api/v1/workflows", as: .user(other)).json()
            #expect(theirs["workflows"]?.arrayValue?.map { $0["version"] } == [.number(1)])
            #expect(try await app.request(.post, "/api/v1/workflows/2/activate", as: .user(other)).status == .notFound)
            let anonymous = try await app.request(.get, "/api/v1/workflows").status
            #expect(anonymous == .unauthorized || anonymous == .forbidden)
        }
    }

    @Test func aHugeDefinitionAnswersACappedListWithTheTotal() async throws {
        try await TestApp.with { app in
            let owner = try await app.signUp()
            // Steps with two problems each, inside the allowed count, plus far too many names: the list is cut at 50.
            let bad = (0..<40).map { _ in #"{"type": "webhook", "url": "ftp://x", "retries": 99}"# }.joined(separator: ", ")
            let body = #"{"name": "Huge", "workflow_data": {"schemaVersion": 1, "steps": [{"type": "loopGuard"}, {"type": "classification"}, \#(bad)]}}"#
            let response = try await app.request(.post, "/api/v1/workflows", as: .user(owner), json: body)
            #expect(response.status == .unprocessableContent, "\(response.text)")
            let json = try response.json()
            #expect(json["errors"]?.arrayValue?.count == WorkflowValidator.maxListedProblems)
            #expect(json["truncated"] == .bool(true))
            #expect((json["total"]?.numberValue ?? 0) > Double(WorkflowValidator.maxListedProblems))
            #expect(json["errors"]?.arrayValue?.first?["path"] == .string("workflow_data.steps[2].url"))

            let thousands = (0..<3_000).map { _ in #"{"type": "stop"}"# }.joined(separator: ", ")
            let huge = try await app.request(.post, "/api/v1/workflows", as: .user(owner),
                                             json: #"{"workflow_data": {"schemaVersion": 1, "steps": [\#(thousands)]}}"#)
            #expect(huge.status == .unprocessableContent)
            let hugeJSON = try huge.json()
            #expect((hugeJSON["errors"]?.arrayValue?.count ?? 99) <= WorkflowValidator.maxListedProblems)
            #expect(hugeJSON["errors"]?.arrayValue?.first?["path"] == .string("workflow_data.steps"))
            #expect(try await app.request(.get, "/api/v1/workflows", as: .user(owner)).json()["workflows"]?.arrayValue?.count == 1, "nothing saved")
        }
    }

    static func webhook(_ url: String) -> String {
        #"{"name": "Hook", "workflow_data": {"schemaVersion": 1, "steps": [{"type": "loopGuard"}, {"type": "classification"}, {"type": "webhook", "url": "\#(url)"}]}}"#
    }

    @Test func aWebhookToALiteralPrivateAddressIsRefusedAtSave() async throws {
        try await TestApp.with(configure: { $0.workflows = WorkflowServerConfiguration(allowPrivateWebhooks: false) }) { app in
            let owner = try await app.signUp()
            for url in ["http://127.0.0.1:5432/x", "http://169.254.169.254/latest/meta-data", "http://[::1]/hook", "https://localhost:8443/in",
                        "http://10.0.0.7/in", "http://192.168.1.1/", "http://[fe80::1]/", "http://api.localhost/in", "http://0.0.0.0/",
                        "http://127.1/", "http://0x7f000001/", "http://2130706433/", "http://[0:0:0:0:0:0:0:1]/", "http://[::ffff:169.254.169.254]/",
                        "http://LOCALHOST./"] {
                let response = try await app.request(.post, "/api/v1/workflows", as: .user(owner), json: Self.webhook(url))
                #expect(response.status == .unprocessableContent, "\(url): \(response.text)")
                #expect(try response.json()["errors"]?.arrayValue?.first?["path"] == .string("workflow_data.steps[2].url"), "\(url)")
            }
            // A public literal and a name are accepted (a name is checked when the worker sends).
            #expect(try await app.request(.post, "/api/v1/workflows", as: .user(owner), json: Self.webhook("https://93.184.215.14/in")).status == .created)
            #expect(try await app.request(.post, "/api/v1/workflows", as: .user(owner), json: Self.webhook("https://hooks.example/in")).status == .created)
        }
        try await TestApp.with(configure: { $0.workflows = WorkflowServerConfiguration(allowPrivateWebhooks: true) }) { app in
            let owner = try await app.signUp()
            let response = try await app.request(.post, "/api/v1/workflows", as: .user(owner), json: Self.webhook("http://127.0.0.1:9000/in"))
            #expect(response.status == .created, "FLOWORX_WORKFLOW_WEBHOOK_ALLOW_PRIVATE lets it through: \(response.text)")
        }
    }
}
