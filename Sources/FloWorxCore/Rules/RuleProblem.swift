/// Something wrong with a rule's JSON, located by a path such as `conditions.all[1].op`.
public struct RuleProblem: Sendable, Hashable, CustomStringConvertible {
    /// Where, e.g. `conditions.all[1].op` or `actions[0].priority`.
    public var path: String
    /// What, e.g. `unknown operator "equals"`.
    public var message: String

    /// Creates a problem.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `path: message`.
    public var description: String { "\(path): \(message)" }
}
