import FloWorxCore
import FloWorxIntegrations
import FloWorxLocalProviders
import FloWorxStore
import FloWorxTestSupport
import Foundation
import PostgresNIO
import Testing

/// Deploying a workflow version to n8n: never a duplicate, whatever FloWorx remembers.
@Suite struct N8NDeployTests {
    let business = UUID()

    @Test func deployingTheSameVersionTwiceKeepsOneWorkflow() async throws {
        try await N8NFixture.with { server, client in
            let deployer = N8NDeployer(client: client)
            let document = N8NFixture.document(business)
            let first = try await deployer.deploy(document, knownId: nil, activate: true)
            #expect(first.created)
            #expect(first.active)
            // Without the recorded id (lost, or a retry after a timeout), the name still finds it.
            let second = try await deployer.deploy(document, knownId: nil, activate: true)
            #expect(second.workflowId == first.workflowId)
            #expect(!second.created)
            #expect(!second.updated)
            let third = try await deployer.deploy(document, knownId: first.workflowId, activate: nil)
            #expect(third.workflowId == first.workflowId)
            #expect(server.workflows.count == 1)
            #expect(server.workflows.first?.active == true)
        }
    }

    @Test func aNewVersionUpdatesTheSameWorkflowAndStaysActive() async throws {
        try await N8NFixture.with { server, client in
            let deployer = N8NDeployer(client: client)
            let first = try await deployer.deploy(N8NFixture.document(business), knownId: nil, activate: true)
            let second = try await deployer.deploy(N8NFixture.document(business, version: 2, steps: [.loopGuard, .stop(nil)]), knownId: nil, activate: nil)
            #expect(second.workflowId == first.workflowId)
            #expect(second.updated)
            #expect(server.workflows.count == 1)
            #expect(server.workflows.first?.active == true)
            #expect(server.workflows.first?.nodeTypes.count == 4)
            #expect(try await deployer.setActive(id: first.workflowId, false) == false)
            #expect(server.workflows.first?.active == false)
        }
    }

    @Test func concurrentDeploysThroughTheRepositoryCreateOneWorkflow() async throws {
        try await TestDatabase.with(connections: 6) { db in
            try await db.database.service.query("INSERT INTO auth.users (id, email) VALUES (\(business), \("n8n-\(business.uuidString.prefix(8).lowercased())@example.com"))")
            let repository = N8NDeploymentRepository(database: db.database.service)
            try await N8NFixture.with { server, client in
                let deployer = N8NDeployer(client: client)
                let document = N8NFixture.document(business)
                let business = business
                let ids = try await withThrowingTaskGroup(of: String.self) { group in
                    for _ in 0..<4 {
                        group.addTask {
                            try await repository.deploying(clientId: business, workflowName: "Main") { record in
                                let outcome = try await deployer.deploy(document, knownId: record?.n8nWorkflowId, activate: true)
                                let saved = N8NDeploymentRecord(
                                    clientId: business, workflowName: "Main", n8nWorkflowId: outcome.workflowId, version: 1, active: outcome.active)
                                return (saved, outcome.workflowId)
                            }
                        }
                    }
                    var ids: Set<String> = []
                    for try await id in group { ids.insert(id) }
                    return ids
                }
                #expect(ids.count == 1)
                #expect(server.workflows.count == 1)
                let record = try await repository.record(clientId: business, workflowName: "Main")
                #expect(record?.n8nWorkflowId == ids.first)
                #expect(record?.active == true)
            }
        }
    }
}
