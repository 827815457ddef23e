/// When a custom step (`webhook`, `forward`, `addLabel`, `stop`) applies to an email; every given member must hold,
/// and an absent condition always holds.
public struct WorkflowCondition: Sendable, Hashable, Codable {
    /// The email's final category is one of these (e.g. `URGENT`); needs the classification step before the step.
    public var categories: [String]?
    /// The email was (`true`) or was not (`false`) escalated; needs the escalation step before the step.
    public var escalated: Bool?

    /// Creates a condition.
    public init(categories: [String]? = nil, escalated: Bool? = nil) {
        self.categories = categories
        self.escalated = escalated
    }

    /// Whether an email with `category` and `escalated` meets the condition.
    public func holds(category: String, escalated: Bool) -> Bool {
        if let categories, !categories.contains(category) { return false }
        if let wanted = self.escalated, wanted != escalated { return false }
        return true
    }
}
