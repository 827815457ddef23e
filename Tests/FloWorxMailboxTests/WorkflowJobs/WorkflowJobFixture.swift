import FloWorxCore
import FloWorxStore
import FloWorxTestSupport
import FloWorxWorker
import Foundation
import Logging
import PostgresNIO

/// A business, an email log row and workflow jobs on a test database, run by a job worker whose retries are due at
/// once (no backoff), so `drain()` runs every attempt.
enum WorkflowJobFixture {
    struct Business: Sendable {
        var clientId: UUID
        var emailLogId: UUID
    }

    /// A business (profile) and one logged email from `from` to `to`.
    static func business(_ db: TestDatabase, from: String = "customer@example.org", to: String = "office@plumbing.example") async throws -> Business {
        let client = UUID()
        try await db.database.service.query("INSERT INTO auth.users (id, email) VALUES (\(client), \("wf-\(client.uuidString.prefix(8).lowercased())@example.com"))")
        let rows = try await db.database.service.query("""
            INSERT INTO public.email_logs (client_id, message_id, from_email, to_email, subject, body, status)
            VALUES (\(client), \("<m-\(client.uuidString)@example.org>"), \(from), \(to), 'Leak under the sink', 'Water everywhere, please come today.', 'processed')
            RETURNING id
            """)
        var log = UUID()
        for try await id in rows.decode(UUID.self) { log = id }
        return Business(clientId: client, emailLogId: log)
    }

    /// A webhook job for `business` to `url` with `attempts` attempts.
    static func webhookJob(_ business: Business, url: String, secretRef: String?, attempts: Int, stepIndex: Int = 8) throws -> NewJob {
        let body = WorkflowWebhookBody(
            emailLogId: business.emailLogId, messageId: "<m@example.org>", from: "customer@example.org", subject: "Leak under the sink",
            receivedAt: Date(timeIntervalSince1970: 1_765_000_000), category: "URGENT", subcategory: nil, urgency: "high", confidence: 0.91,
            status: "escalated", drafted: false, workflowId: UUID(), workflowVersion: 2)
        let payload = WorkflowWebhookPayload(
            emailLogId: business.emailLogId, clientId: business.clientId, workflowId: body.workflowId, workflowVersion: 2, stepIndex: stepIndex,
            step: WorkflowWebhookStep(url: url, secretRef: secretRef, timeoutSeconds: 5, retries: attempts - 1), body: body)
        let json = String(decoding: try JSONCoding.encoder().encode(payload), as: UTF8.self)
        return NewJob(
            kind: WorkflowJobKind.webhook, payloadJSON: json, dedupeKey: "wf:\(business.emailLogId.uuidString.lowercased()):\(stepIndex)",
            clientId: business.clientId, maxAttempts: attempts)
    }

    /// Runs every due job of `handler`'s kinds, retries included.
    static func drain(_ db: TestDatabase, _ handler: any JobHandler) async throws -> Int {
        var configuration = JobWorkerConfiguration()
        configuration.baseBackoff = .zero
        var logger = Logger(label: "workflow-jobs")
        logger.logLevel = .critical
        let worker = JobWorkerService(
            queue: JobQueue(database: db.database.service), handler: handler, listenConnection: nil, configuration: configuration, logger: logger)
        return try await worker.drain()
    }

    /// The job's status, attempts and last error.
    static func job(_ db: TestDatabase, kind: String) async throws -> (status: String, attempts: Int, error: String?) {
        let rows = try await db.database.service.query("SELECT status, attempts, last_error FROM floworx.jobs WHERE kind = \(kind)")
        for try await row in rows.decode((String, Int, String?).self) { return row }
        return ("missing", 0, nil)
    }
}
