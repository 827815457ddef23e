import FloWorxCore
import FloWorxIntegrations
import FloWorxLocalProviders
import Foundation
import Testing

/// `N8NClient` against the local n8n server: every call FloWorx makes, and n8n's errors as typed errors.
@Suite struct N8NClientTests {
    let business = UUID()

    @Test func createGetUpdateActivateDeactivateDelete() async throws {
        try await N8NFixture.with { server, client in
            let document = N8NFixture.document(business)
            let created = try await client.createWorkflow(document)
            #expect(!created.id.isEmpty)
            #expect(created.active == false)
            #expect(created.holds(document))

            let fetched = try await client.workflow(id: created.id)
            #expect(fetched.holds(document))

            var changed = N8NFixture.document(business, version: 2, steps: [.loopGuard, .stop(nil)])
            changed.name = document.name
            let updated = try await client.updateWorkflow(id: created.id, changed)
            #expect(updated.id == created.id)
            #expect(updated.nodes.count == 4)
            #expect(server.workflows.count == 1)

            #expect(try await client.activate(id: created.id).active)
            #expect(server.workflows.first?.active == true)
            #expect(try await client.deactivate(id: created.id).active == false)
            #expect(server.workflows.first?.active == false)

            try await client.deleteWorkflow(id: created.id)
            #expect(server.workflows.isEmpty)
        }
    }

    @Test func listFiltersByNameAndFollowsTheCursor() async throws {
        try await N8NFixture.with { server, client in
            for index in 0..<5 {
                var document = N8NFixture.document(business)
                document.name = "other-\(index)"
                _ = try await client.createWorkflow(document)
            }
            let ours = N8NFixture.document(business)
            _ = try await client.createWorkflow(ours)
            let first = try await client.listWorkflows(limit: 2)
            #expect(first.data.count == 2)
            let cursor = try #require(first.nextCursor)
            let second = try await client.listWorkflows(limit: 2, cursor: cursor)
            #expect(second.data.map(\.id) != first.data.map(\.id))
            let named = try await client.workflows(named: ours.name)
            #expect(named.map(\.name) == [ours.name])
            // The name filter matches substrings: `workflows(named:)` keeps exact names only.
            #expect(try await client.listWorkflows(name: "other").data.count == 5)
            #expect(server.workflows.count == 6)
        }
    }

    @Test func aWrongKeyIsUnauthorizedAndNeverEchoed() async throws {
        try await N8NFixture.with { server, _ in
            let secret = "n8n_api_wrong_key_123456"
            let client = N8NClient(configuration: N8NConfiguration(apiURL: try #require(server.baseURL) + "/api/v1/", apiKey: secret))
            let error = await #expect(throws: MailProviderError.self) { try await client.listWorkflows() }
            #expect(error?.kind == .unauthorized)
            #expect(error?.status == 401)
            #expect(error?.isRetryable == false)
            #expect(error.map { !"\($0)".contains(secret) } == true)
        }
    }

    @Test func unknownIdsAreNotFound() async throws {
        try await N8NFixture.with { _, client in
            for call in ["get", "activate", "delete"] {
                let error = await #expect(throws: MailProviderError.self) {
                    switch call {
                    case "get": _ = try await client.workflow(id: "doesNotExist0001")
                    case "activate": _ = try await client.activate(id: "doesNotExist0001")
                    default: try await client.deleteWorkflow(id: "doesNotExist0001")
                    }
                }
                #expect(error?.kind == .notFound, "\(call)")
                #expect(error?.message == "Not Found", "\(call)")
            }
        }
    }

    @Test func invalidBodiesAreBadRequestsWithN8nsMessage() async throws {
        try await N8NFixture.with { server, client in
            var document = N8NFixture.document(business)
            document.settings = .object(["saveDataErrorExecution": .string("sometimes")])
            let error = await #expect(throws: MailProviderError.self) { try await client.createWorkflow(document) }
            #expect(error?.kind == .badRequest)
            #expect(error?.message == "request/body/settings/saveDataErrorExecution must be equal to one of the allowed values: all, none")
            #expect(server.workflows.isEmpty)
        }
    }

    @Test func activatingAWorkflowWithoutATriggerIsRefused() async throws {
        try await N8NFixture.with { server, client in
            var document = N8NFixture.document(business)
            document.nodes = document.nodes.filter {
                if case .object(let node) = $0 { return node["type"] != .string(N8NExport.webhookNodeType) }
                return true
            }
            let created = try await client.createWorkflow(document)
            let error = await #expect(throws: MailProviderError.self) { try await client.activate(id: created.id) }
            #expect(error?.kind == .badRequest)
            #expect(server.workflows.first?.active == false)
        }
    }

    @Test func serverErrorsAreRetryable() async throws {
        try await N8NFixture.with { server, client in
            server.faults.inject(pathPrefix: "/api/v1/workflows", status: 503)
            let error = await #expect(throws: MailProviderError.self) { try await client.listWorkflows() }
            #expect(error?.kind == .server)
            #expect(error?.isRetryable == true)
            let page = try await client.listWorkflows()
            #expect(page.data.isEmpty)
        }
    }

    @Test func configurationComesFromTheEnvironmentOnly() {
        #expect(N8NConfiguration.fromEnvironment([:]) == nil)
        #expect(N8NConfiguration.fromEnvironment(["N8N_API_URL": "http://n8n:5678"]) == nil)
        let configuration = N8NConfiguration.fromEnvironment(["N8N_API_URL": "http://n8n:5678/", "N8N_API_KEY": "k"])
        #expect(configuration?.apiURL == "http://n8n:5678/api/v1")
        #expect(N8NConfiguration(apiURL: "http://n8n:5678/api/v1", apiKey: "k").apiURL == "http://n8n:5678/api/v1")
    }
}
