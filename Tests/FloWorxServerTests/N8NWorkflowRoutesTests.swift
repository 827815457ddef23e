import FloWorxCore
import FloWorxIntegrations
import FloWorxLocalProviders
import FloWorxServer
import FloWorxTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing

/// `/api/v1/workflows/{version}/n8n`: export, deploy (twice: one n8n workflow), activate and deactivate against the
/// local n8n server.
@Suite struct N8NWorkflowRoutesTests {
    static let version2 = #"""
        {"name": "Quiet", "workflow_data": {"schemaVersion": 1, "steps": [{"type": "loopGuard"}, {"type": "classification", "llmSecondOpinion": false},
          {"type": "escalation"}, {"type": "draft", "autoReply": false}, {"type": "webhook", "url": "https://hooks.example/in", "secretRef": "HOOK"}]}}
        """#

    @Test func exportDeployTwiceActivateDeactivate() async throws {
        let n8n = LocalN8NServer()
        let base = try await n8n.start()
        let key = n8n.apiKey
        try await TestApp.with(configure: { $0.n8n = N8NServerConfiguration(n8n: N8NConfiguration(apiURL: base, apiKey: key)) }) { app in
            let owner = try await app.signUp()
            #expect(try await app.request(.post, "/api/v1/workflows", as: .user(owner), json: Self.version2).status == .created)

            let exported = try await app.request(.get, "/api/v1/workflows/2/n8n", as: .user(owner))
            #expect(exported.status == .ok, "\(exported.text)")
            let document = try exported.json()
            #expect(document["name"] == .string("floworx:\(owner.id.lowercased()):main"))
            #expect(document["nodes"]?.arrayValue?.count == 2 + 5)
            #expect(!exported.text.contains(TestApp.password))

            let first = try await app.request(.post, "/api/v1/workflows/2/n8n/deploy", as: .user(owner))
            #expect(first.status == .created, "\(first.text)")
            let id = try #require(try first.json()["n8n_workflow_id"]?.stringValue)
            let again = try await app.request(.post, "/api/v1/workflows/2/n8n/deploy", as: .user(owner), json: #"{"activate": true}"#)
            #expect(again.status == .ok, "\(again.text)")
            #expect(try again.json()["n8n_workflow_id"] == .string(id))
            #expect(try again.json()["active"] == .bool(true))
            // Another version (the default, version 1) goes to the same n8n workflow and keeps it active.
            let other = try await app.request(.post, "/api/v1/workflows/1/n8n/deploy", as: .user(owner))
            #expect(try other.json()["n8n_workflow_id"] == .string(id))
            #expect(n8n.workflows.count == 1)
            #expect(n8n.workflows.first?.active == true)

            let off = try await app.request(.post, "/api/v1/workflows/1/n8n/deactivate", as: .user(owner))
            #expect(off.status == .ok, "\(off.text)")
            #expect(n8n.workflows.first?.active == false)
            let on = try await app.request(.post, "/api/v1/workflows/2/n8n/activate", as: .user(owner))
            #expect(try on.json()["active"] == .bool(true))
            #expect(n8n.workflows.count == 1)
            let recorded = try await app.db.count("SELECT count(*) FROM floworx.n8n_deployments WHERE n8n_workflow_id = \(id) AND version = 2 AND active")
            #expect(recorded == 1)
        }
        await n8n.stop()
    }

    @Test func errorsAreClear() async throws {
        let n8n = LocalN8NServer()
        let base = try await n8n.start()
        try await TestApp.with(configure: { $0.n8n = N8NServerConfiguration(n8n: N8NConfiguration(apiURL: base, apiKey: "wrong-key")) }) { app in
            let owner = try await app.signUp()
            let missing = try await app.request(.get, "/api/v1/workflows/9/n8n", as: .user(owner))
            #expect(missing.status == .notFound)
            #expect(try missing.json()["code"] == .string("workflow_version_not_found"))
            let notDeployed = try await app.request(.post, "/api/v1/workflows/1/n8n/deactivate", as: .user(owner))
            #expect(notDeployed.status == .conflict)
            #expect(try notDeployed.json()["code"] == .string("n8n_not_deployed"))
            let refused = try await app.request(.post, "/api/v1/workflows/1/n8n/deploy", as: .user(owner))
            #expect(refused.status == .badGateway)
            #expect(try refused.json()["code"] == .string("n8n_error"))
            #expect(!refused.text.contains("wrong-key"))
            let badBody = try await app.request(.post, "/api/v1/workflows/1/n8n/deploy", as: .user(owner), json: #"{"activate": "yes"}"#)
            #expect(badBody.status == .badRequest)
            #expect(try await app.request(.get, "/api/v1/workflows/1/n8n", as: .anon).status == .unauthorized)
        }
        try await TestApp.with(configure: { $0.n8n = N8NServerConfiguration(n8n: nil) }) { app in
            let owner = try await app.signUp()
            #expect(try await app.request(.get, "/api/v1/workflows/1/n8n", as: .user(owner)).status == .ok)
            let unconfigured = try await app.request(.post, "/api/v1/workflows/1/n8n/deploy", as: .user(owner))
            #expect(unconfigured.status == .serviceUnavailable)
            #expect(try unconfigured.json()["code"] == .string("n8n_not_configured"))
        }
        #expect(n8n.workflows.isEmpty)
        await n8n.stop()
    }
}
