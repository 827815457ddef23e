/// A workflow definition that does not validate, with every problem found (each named by its field).
public struct WorkflowValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The problems, in document order.
    public var problems: [WorkflowProblem]

    /// Creates the error.
    public init(problems: [WorkflowProblem]) {
        self.problems = problems
    }

    /// The problems, one per line.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
