/// A workflow version's running totals (`workflow_metrics`, its `execution_count > 0` row).
public struct WorkflowTotals: Sendable, Hashable, Codable {
    /// Runs finished: successes plus errors.
    public var executions: Int
    /// Emails processed to the end.
    public var successes: Int
    /// Failed attempts.
    public var errors: Int
    /// Mean processing time of the successes, in milliseconds.
    public var averageMilliseconds: Double

    public init(executions: Int = 0, successes: Int = 0, errors: Int = 0, averageMilliseconds: Double = 0) {
        self.executions = executions
        self.successes = successes
        self.errors = errors
        self.averageMilliseconds = averageMilliseconds
    }
}
