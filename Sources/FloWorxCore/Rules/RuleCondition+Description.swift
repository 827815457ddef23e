/// Human-readable renderings of conditions, used as match reasons.
extension RuleCondition {
    /// E.g. `(category eq URGENT or urgency gte high)`.
    var summary: String {
        switch self {
        case .always: "always"
        case .leaf(let leaf): leaf.summary
        case .all(let children): Self.join(children, with: " and ")
        case .any(let children): Self.join(children, with: " or ")
        case .not(let child): "not (\(child.summary))"
        }
    }

    private static func join(_ children: [RuleCondition], with separator: String) -> String {
        children.count == 1 ? children[0].summary : "(" + children.map(\.summary).joined(separator: separator) + ")"
    }
}

extension RuleLeaf {
    /// E.g. `category eq URGENT`, `sender_recent_count(24h) gte 3`, `subject contains_any [leak, flood]`.
    var summary: String {
        let name = fact == .senderRecentCount ? "\(fact.rawValue)(\(Self.render(.number(hours ?? 0)))h)" : fact.rawValue
        return "\(name) \(op.rawValue) \(Self.render(value))"
    }

    /// Plain rendering: strings bare, whole numbers without a fraction, lists in brackets.
    static func render(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .number(let number):
            number.isFinite && number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case .string(let text): text
        case .array(let elements): "[" + elements.map(render).joined(separator: ", ") + "]"
        case .object(let members): "{" + members.keys.sorted().map { "\($0): \(render(members[$0]!))" }.joined(separator: ", ") + "}"
        }
    }
}
