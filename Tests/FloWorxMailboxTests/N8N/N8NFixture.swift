import FloWorxCore
import FloWorxIntegrations
import FloWorxLocalProviders
import FloWorxTestSupport
import Foundation

/// A started local n8n server with a client for it, and FloWorx workflows to export.
enum N8NFixture {
    /// Runs `body` with a started local n8n server and a client holding its API key, then stops the server.
    static func with<Result: Sendable>(_ body: (LocalN8NServer, N8NClient) async throws -> Result) async throws -> Result {
        let server = LocalN8NServer()
        let base = try await server.start()
        let client = N8NClient(configuration: N8NConfiguration(apiURL: base, apiKey: server.apiKey))
        do {
            let result = try await body(server, client)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    /// The pipeline's built-in steps plus a webhook, a forward, a label and a stop.
    static let steps: [WorkflowStep] = [
        .loopGuard, .classification(WorkflowClassificationStep()), .businessHours, .escalation(WorkflowEscalationStep()),
        .draft(WorkflowDraftStep()), .writeBack(WorkflowWriteBackStep()), .notifications(WorkflowNotificationsStep()),
        .webhook(WorkflowWebhookStep(url: "https://hooks.example.com/in", secretRef: "HOOK_SECRET")),
        .forward(WorkflowForwardStep(address: "boss@example.com", when: WorkflowCondition(escalated: true))),
        .addLabel(WorkflowAddLabelStep(label: "VIP")), .stop(nil),
    ]

    static func document(_ business: UUID, version: Int = 1, steps: [WorkflowStep] = steps) -> N8NWorkflowDocument {
        N8NExport.document(businessId: business, workflowName: "Main", version: version, steps: steps, floworxURL: "https://floworx.example.com/")
    }
}
