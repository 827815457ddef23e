import Foundation

/// Which workflow version processed an email, and how long it took: written with the job's completion (the email
/// log's `workflow_id`/`workflow_version`, the version's `workflow_metrics` totals).
public struct WorkflowRun: Sendable, Hashable {
    public var workflowId: UUID
    public var version: Int
    /// The email's processing time, in milliseconds.
    public var milliseconds: Double

    public init(workflowId: UUID, version: Int, milliseconds: Double) {
        self.workflowId = workflowId
        self.version = version
        self.milliseconds = milliseconds
    }
}
