/// Something wrong with a workflow definition, named by the field it is in, e.g. `steps[3].type`.
public struct WorkflowProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Where, e.g. `steps[3].type` or `steps[1].threshold`.
    public var field: String
    /// What, e.g. `unknown step type "sms"`.
    public var message: String

    /// Creates a problem.
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    /// `field: message`.
    public var description: String { "\(field): \(message)" }
}
