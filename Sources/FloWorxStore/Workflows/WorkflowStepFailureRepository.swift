import Foundation
import PostgresNIO

/// Records a workflow step that could not be applied after its email was processed (e.g. an `addLabel` the mailbox
/// provider refused): an `error_logs` row naming the step, the provider and the reason, and one more error on the
/// totals of the version that processed the email (`workflow_metrics.error_count`), in one statement. A step is never
/// dropped without a trace. `execution_count` and `success_count` stay as the email's completion left them (the run
/// finished; the step's failure is counted besides it).
public struct WorkflowStepFailureRepository: Sendable {
    let database: ServiceDatabase

    public init(database: ServiceDatabase) {
        self.database = database
    }

    /// Records that step `stepType` failed for the email `emailLogId` on `provider`; returns false when the email log
    /// does not exist (deleted meanwhile).
    @discardableResult
    public func record(emailLogId: UUID, stepType: String, provider: String, message: String) async throws -> Bool {
        let rows = try await database.query("""
            WITH log AS (
              SELECT id, client_id, workflow_id, workflow_version FROM public.email_logs WHERE id = \(emailLogId)
            ), counted AS (
              UPDATE public.workflow_metrics m SET error_count = coalesce(m.error_count, 0) + 1, recorded_at = now()
              FROM log WHERE m.workflow_id = log.workflow_id AND m.execution_count > 0
              RETURNING m.id
            )
            INSERT INTO public.error_logs (client_id, error_type, error_message, severity, context)
            SELECT log.client_id, 'workflow_step_failed', left(\(stepType) || ' failed on ' || \(provider) || ': ' || \(message), 4000), 'medium',
                   jsonb_build_object('email_log_id', log.id, 'workflow_id', log.workflow_id, 'workflow_version', log.workflow_version,
                                      'step', \(stepType), 'provider', \(provider), 'counted', (SELECT count(*) FROM counted))
            FROM log
            RETURNING 1
            """).collect()
        return !rows.isEmpty
    }
}
