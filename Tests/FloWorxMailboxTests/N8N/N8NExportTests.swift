import FloWorxCore
import FloWorxIntegrations
import FloWorxLocalProviders
import Foundation
import Testing

/// The n8n export of a workflow version: a well-formed n8n workflow that n8n accepts and can activate.
@Suite struct N8NExportTests {
    let business = UUID()

    @Test func theExportIsAConnectedChainFromAWebhookTriggerThroughFloWorxAndEveryStep() throws {
        let document = N8NFixture.document(business, version: 3)
        #expect(document.name == "floworx:\(business.uuidString.lowercased()):Main")
        // Trigger, the FloWorx call, one node per step.
        #expect(document.nodes.count == 2 + N8NFixture.steps.count)
        var names: [String] = []
        for node in document.nodes {
            guard case .object(let fields) = node, case .string(let name)? = fields["name"] else { Issue.record("node without a name"); continue }
            names.append(name)
        }
        #expect(Set(names).count == names.count)
        guard case .object(let connections) = document.connections else { Issue.record("connections"); return }
        // Every node but the last feeds exactly the next one.
        for (from, to) in zip(names, names.dropFirst()) {
            #expect(connections[from] == .object(["main": .array([.array([.object(["node": .string(to), "type": .string("main"), "index": .number(0)])])])]))
        }
        #expect(connections[names.last!] == nil)
        let trigger = try #require(document.node(named: "FloWorx email in"))
        #expect(trigger["type"] == .string(N8NExport.webhookNodeType))
        let call = try #require(document.node(named: "Run in FloWorx"))
        guard case .object(let parameters)? = call["parameters"] else { Issue.record("parameters"); return }
        #expect(parameters["url"] == .string("https://floworx.example.com/api/v1/emails?client_id=\(business.uuidString.lowercased())"))
    }

    @Test func theExportNeverHoldsASecretAndIsStable() throws {
        let document = N8NFixture.document(business)
        let text = String(decoding: try JSONEncoder().encode(document), as: UTF8.self)
        #expect(text.contains("$env.FLOWORX_SERVICE_KEY"))
        #expect(text.contains("HOOK_SECRET"))  // the secret's name, for the reader
        #expect(N8NFixture.document(business) == document)
    }

    @Test func n8nAcceptsAndActivatesTheExport() async throws {
        try await N8NFixture.with { server, client in
            let created = try await client.createWorkflow(N8NFixture.document(business))
            #expect(try await client.activate(id: created.id).active)
            #expect(server.workflows.first?.nodeTypes.first == N8NExport.webhookNodeType)
        }
    }
}
