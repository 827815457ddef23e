import FloWorxIntegrations
import FloWorxStore
import FloWorxWorker
import Foundation
import Logging
import ServiceLifecycle

/// The workers of workflow custom steps (issue 16): `workflow.webhook` (signed POSTs; secrets from
/// `FLOWORX_WORKFLOW_SECRET_<REF>`) and `workflow.forward` (forwards through the notification outbox), claimed from
/// `floworx.jobs`. `FLOWORX_WORKFLOW_JOB_CONCURRENCY` (default 2) loops per kind; retries follow the job queue's
/// backoff (2 s doubling, up to 15 minutes) for the attempts the step allows (`retries + 1`).
struct WorkflowJobSettings {
    var jobs: JobWorkerConfiguration
    /// `FLOWORX_WORKFLOW_WEBHOOK_ALLOW_PRIVATE` (default false): let webhook steps reach private, loopback and
    /// link-local addresses (receivers inside the operator's own network).
    var allowPrivateWebhooks = false

    static func fromEnvironment() throws -> WorkflowJobSettings {
        var jobs = JobWorkerConfiguration()
        jobs.concurrency = try Environment.int("FLOWORX_WORKFLOW_JOB_CONCURRENCY", range: 1...64) ?? 2
        jobs.batchSize = 4
        // A webhook attempt takes at most its step's timeout (60 s at most): the lease outlasts it.
        jobs.lease = .seconds(90)
        var settings = WorkflowJobSettings(jobs: jobs)
        settings.allowPrivateWebhooks = try Environment.bool("FLOWORX_WORKFLOW_WEBHOOK_ALLOW_PRIVATE") ?? false
        return settings
    }

    func services(database: Database, listen: DatabaseConnectionInfo, logger: Logger) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        let queue = JobQueue(database: database.service)
        let handlers: [any JobHandler] = [
            WorkflowWebhookHandler(client: WebhookClient(allowPrivateNetworks: allowPrivateWebhooks), logger: logger),
            WorkflowForwardHandler(repository: WorkflowForwardRepository(database: database.service)),
        ]
        return handlers.map { handler in
            .init(service: JobWorkerService(queue: queue, handler: handler, listenConnection: listen, configuration: jobs, logger: logger))
        }
    }
}
