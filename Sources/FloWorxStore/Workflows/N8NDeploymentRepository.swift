import Foundation
import PostgresNIO

/// Records which n8n workflow holds each business workflow (`floworx.n8n_deployments`, migration 0043), and
/// serialises deployments of one workflow so two at once cannot both create it in n8n.
public struct N8NDeploymentRepository: Sendable {
    let database: ServiceDatabase

    public init(database: ServiceDatabase) {
        self.database = database
    }

    /// The recorded deployment, if any.
    public func record(clientId: UUID, workflowName: String) async throws -> N8NDeploymentRecord? {
        try await Self.select(clientId: clientId, workflowName: workflowName) { try await database.query($0) }
    }

    /// Runs `body` with the recorded deployment while holding a transaction-scoped advisory lock on (client,
    /// workflow), then saves the record `body` returns (nil: leave it). The n8n calls happen inside the lock on
    /// purpose: the lock is what stops a second deploy from finding no workflow and creating another.
    public func deploying<Result: Sendable>(
        clientId: UUID, workflowName: String,
        _ body: (N8NDeploymentRecord?) async throws -> (record: N8NDeploymentRecord?, result: Result)
    ) async throws -> Result {
        try await database.transaction { connection in
            let key = "n8n-deploy:\(clientId.uuidString.lowercased()):\(workflowName)"
            try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\(key), 0))")
            let current = try await Self.select(clientId: clientId, workflowName: workflowName) { try await connection.query($0) }
            let (record, result) = try await body(current)
            if let record {
                try await connection.query("""
                    INSERT INTO floworx.n8n_deployments (client_id, workflow_name, n8n_workflow_id, version, active)
                    VALUES (\(record.clientId), \(record.workflowName), \(record.n8nWorkflowId), \(record.version), \(record.active))
                    ON CONFLICT (client_id, workflow_name) DO UPDATE
                    SET n8n_workflow_id = excluded.n8n_workflow_id, version = excluded.version, active = excluded.active, deployed_at = now()
                    """)
            }
            return result
        }
    }

    private static func select(
        clientId: UUID, workflowName: String, _ run: (PostgresQuery) async throws -> PostgresRowSequence
    ) async throws -> N8NDeploymentRecord? {
        let rows = try await run("""
            SELECT n8n_workflow_id, version, active FROM floworx.n8n_deployments
            WHERE client_id = \(clientId) AND workflow_name = \(workflowName)
            """)
        for try await (id, version, active) in rows.decode((String, Int, Bool).self) {
            return N8NDeploymentRecord(clientId: clientId, workflowName: workflowName, n8nWorkflowId: id, version: version, active: active)
        }
        return nil
    }
}
