import Foundation

/// One pass of the rules over one email: the facts, with the text facts lowercased once on first
/// use, and the problems met on the way.
final class RuleEvaluation {
    /// The result of one condition.
    enum Result {
        case match(reasons: [String])
        case noMatch
        /// Bad rule data somewhere below: never a match, and `not` does not turn it into one.
        case invalid
    }

    private let facts: EmailFacts
    private lazy var subject = FoldedText(facts.message.subject)
    private lazy var body = FoldedText(facts.message.text)
    private lazy var senderEmail = FoldedText(facts.message.from.email)
    private lazy var senderDomain = FoldedText(facts.message.from.domain)
    private(set) var problems: [String] = []

    init(facts: EmailFacts) {
        self.facts = facts
    }

    /// Records a problem with a rule, as `rule name: path: message`.
    func report(rule: String, path: String, _ message: String) {
        problems.append("\(rule): \(path): \(message)")
    }

    /// Evaluates a condition tree. Every child is evaluated, so that each bad leaf is reported.
    func evaluate(_ condition: RuleCondition, rule: String, path: String) -> Result {
        switch condition {
        case .always:
            return .match(reasons: ["always"])
        case .leaf(let leaf):
            return evaluate(leaf, rule: rule, path: path)
        case .all(let children):
            var reasons: [String] = []
            var missed = false
            var invalid = false
            for (index, child) in children.enumerated() {
                switch evaluate(child, rule: rule, path: "\(path).all[\(index)]") {
                case .match(let more): reasons += more
                case .noMatch: missed = true
                case .invalid: invalid = true
                }
            }
            return invalid ? .invalid : missed ? .noMatch : .match(reasons: reasons)
        case .any(let children):
            var reasons: [String] = []
            var matched = false
            var invalid = false
            for (index, child) in children.enumerated() {
                switch evaluate(child, rule: rule, path: "\(path).any[\(index)]") {
                case .match(let more):
                    matched = true
                    reasons += more
                case .noMatch: break
                case .invalid: invalid = true
                }
            }
            return matched ? .match(reasons: reasons) : invalid ? .invalid : .noMatch
        case .not(let child):
            switch evaluate(child, rule: rule, path: "\(path).not") {
            case .match: return .noMatch
            case .noMatch: return .match(reasons: ["not (\(child.summary))"])
            case .invalid: return .invalid
            }
        }
    }

    private func evaluate(_ leaf: RuleLeaf, rule: String, path: String) -> Result {
        let operand: RuleOperand
        switch leaf.operand() {
        case .success(let checked): operand = checked
        case .failure(let problem):
            report(rule: rule, path: "\(path).\(problem.member)", problem.message)
            return .invalid
        }
        let classification = facts.classification
        let outcome: (matched: Bool, detail: String?)
        switch leaf.fact {
        case .category: outcome = (compare(classification.category.rawValue.lowercased(), leaf.op, operand), nil)
        case .subcategory: outcome = (compare(classification.subcategory?.lowercased(), leaf.op, operand), nil)
        case .sentiment: outcome = (compare(classification.sentiment.rawValue, leaf.op, operand), nil)
        case .urgency: outcome = (compare(classification.urgency, leaf.op, operand), nil)
        case .confidence: outcome = compare(classification.confidence, leaf.op, operand)
        case .senderRecentCount:
            guard let count = facts.senderRecentCounts[leaf.hours ?? 0] else {
                report(rule: rule, path: "\(path).hours", "no sender count for a \(RuleLeaf.render(.number(leaf.hours ?? 0)))h window was provided")
                return .invalid
            }
            outcome = compare(Double(count), leaf.op, operand)
        case .minutesWithoutReply:
            let minutes = max(0, facts.now.timeIntervalSince(facts.message.receivedAt) / 60)
            outcome = compare(minutes, leaf.op, operand)
        case .senderIsManager: outcome = (compare(classification.senderIsManager, leaf.op, operand), nil)
        case .senderIsSupplier: outcome = (compare(classification.senderIsSupplier, leaf.op, operand), nil)
        case .senderIsInternal: outcome = (compare(classification.senderIsInternal, leaf.op, operand), nil)
        case .afterHours: outcome = (compare(facts.afterHours, leaf.op, operand), nil)
        case .escalationCue: outcome = (compare(classification.escalationCue, leaf.op, operand), nil)
        case .senderEmail: outcome = compareText(senderEmail, leaf.op, operand)
        case .senderDomain: outcome = compareText(senderDomain, leaf.op, operand)
        case .subject: outcome = compareText(subject, leaf.op, operand)
        case .body: outcome = compareText(body, leaf.op, operand)
        }
        guard outcome.matched else { return .noMatch }
        return .match(reasons: [leaf.summary + (outcome.detail.map { " (\($0))" } ?? "")])
    }

    /// Equality and membership on lowercased text; an absent value equals only `null`.
    private func compare(_ actual: String?, _ op: RuleLeaf.Operator, _ operand: RuleOperand) -> Bool {
        switch operand {
        case .absent: return op == .eq ? actual == nil : actual != nil
        case .strings(let values):
            guard let actual else { return op == .neq || op == .notIn }
            switch op {
            case .eq, .in: return values.contains(actual)
            default: return !values.contains(actual)
            }
        default: return false
        }
    }

    private func compare(_ actual: Urgency, _ op: RuleLeaf.Operator, _ operand: RuleOperand) -> Bool {
        guard case .urgencies(let values) = operand else { return false }
        switch op {
        case .eq, .in: return values.contains(actual)
        case .neq, .notIn: return !values.contains(actual)
        case .gt: return actual > values[0]
        case .gte: return actual >= values[0]
        case .lt: return actual < values[0]
        case .lte: return actual <= values[0]
        case .contains, .containsAny, .containsAll: return false
        }
    }

    private func compare(_ actual: Double, _ op: RuleLeaf.Operator, _ operand: RuleOperand) -> (matched: Bool, detail: String?) {
        guard case .numbers(let values) = operand else { return (false, nil) }
        let matched = switch op {
        case .eq, .in: values.contains(actual)
        case .neq, .notIn: !values.contains(actual)
        case .gt: actual > values[0]
        case .gte: actual >= values[0]
        case .lt: actual < values[0]
        case .lte: actual <= values[0]
        case .contains, .containsAny, .containsAll: false
        }
        let shown = (actual * 100).rounded() / 100
        return (matched, "is \(RuleLeaf.render(.number(shown)))")
    }

    private func compare(_ actual: Bool, _ op: RuleLeaf.Operator, _ operand: RuleOperand) -> Bool {
        guard case .boolean(let value) = operand else { return false }
        return op == .eq ? actual == value : actual != value
    }

    /// Text facts: equality and membership, or keyword search, all case-insensitive.
    private func compareText(_ actual: FoldedText, _ op: RuleLeaf.Operator, _ operand: RuleOperand) -> (matched: Bool, detail: String?) {
        guard case .strings(let keywords) = operand else { return (false, nil) }
        switch op {
        case .contains, .containsAny:
            guard let found = keywords.first(where: { actual.contains($0) }) else { return (false, nil) }
            return (true, "found \"\(found)\"")
        case .containsAll:
            return (keywords.allSatisfy { actual.contains($0) }, nil)
        case .eq, .in:
            return (keywords.contains { Array($0.utf8) == actual.bytes }, nil)
        default:
            return (!keywords.contains { Array($0.utf8) == actual.bytes }, nil)
        }
    }
}
