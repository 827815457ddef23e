import FloWorxCore
import Foundation

/// The rule engine's facts and operators in the owner's words, and what kind of value each fact takes in the form
/// (the engine's own typing, `RuleLeaf.Fact`, documented in `RuleEngine`).
enum RuleFacts {
    /// What a form value is turned into.
    enum Kind: Equatable {
        case boolean
        case number(ClosedRange<Double>)
        /// One of these names (categories upper case, the others lower case).
        case choice([String])
        case text
    }

    static let categories = Category.allCases.map(\.rawValue)

    /// The facts in the order the form lists them, with their plain words.
    static let facts: [(RuleLeaf.Fact, String)] = [
        (.category, "Category"), (.urgency, "Urgency"), (.subject, "Subject"), (.body, "Message text"),
        (.senderEmail, "Sender's address"), (.senderDomain, "Sender's domain"), (.afterHours, "Arrived after hours"),
        (.escalationCue, "Asks for the owner or threatens (escalation cue)"), (.senderIsManager, "Sender is one of your managers"),
        (.senderIsSupplier, "Sender is one of your suppliers"), (.senderIsInternal, "Sender is on your own domain"),
        (.sentiment, "Tone"), (.subcategory, "Subcategory"), (.confidence, "Classification confidence (0 to 1)"),
        (.senderRecentCount, "Messages from this sender in the last hours"), (.minutesWithoutReply, "Minutes without a reply"),
    ]

    /// The operators in the form's order, with their plain words; `not_contains` is `not` around `contains_any`.
    static let operators: [(String, String)] = [
        ("eq", "is"), ("neq", "is not"), ("in", "is one of"), ("not_in", "is none of"),
        ("contains", "contains"), ("contains_any", "contains any of"), ("contains_all", "contains all of"),
        (RuleForm.notContains, "does not contain any of"),
        ("gt", "is more than"), ("gte", "is at least"), ("lt", "is less than"), ("lte", "is at most"),
    ]

    static func kind(_ fact: RuleLeaf.Fact) -> Kind {
        switch fact {
        case .senderIsManager, .senderIsSupplier, .senderIsInternal, .afterHours, .escalationCue: .boolean
        case .confidence: .number(0...1)
        case .senderRecentCount, .minutesWithoutReply: .number(0...1_000_000_000)
        case .category: .choice(categories)
        case .urgency: .choice(Urgency.allCases.map(\.rawValue))
        case .sentiment: .choice(Sentiment.allCases.map(\.rawValue))
        case .subcategory, .subject, .body, .senderEmail, .senderDomain: .text
        }
    }

    /// `category` → `Category`.
    static func factLabel(_ raw: String) -> String {
        facts.first { $0.0.rawValue == raw }?.1 ?? raw
    }

    /// `gte` → `is at least`.
    static func operatorLabel(_ raw: String) -> String {
        operators.first { $0.0 == raw }?.1 ?? raw
    }

    /// A value as text: whole numbers without a fraction, lists comma-separated.
    static func render(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .number(let number): number.isFinite && number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case .string(let text): text
        case .array(let items): items.map(render).joined(separator: ", ")
        case .object: "{…}"
        }
    }
}
