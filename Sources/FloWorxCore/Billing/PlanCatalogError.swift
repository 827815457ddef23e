/// Why a plans file was refused: every problem, each naming its field (`plans[1].limits.emails_per_month`).
public struct PlanCatalogError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One problem.
    public struct Problem: Sendable, Hashable {
        /// The JSON path of the field, e.g. `plans[0].id`.
        public var field: String
        public var message: String
    }

    public var problems: [Problem]

    public var description: String {
        "invalid plans file: " + problems.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
    }
}
