/// A category label (and optional subcategory) that a rule applies to the email.
public struct RuleLabel: Sendable, Hashable {
    /// The primary category.
    public var category: Category
    /// The subcategory, e.g. `Escalations`.
    public var subcategory: String?

    /// Creates a label.
    public init(category: Category, subcategory: String? = nil) {
        self.category = category
        self.subcategory = subcategory
    }
}
