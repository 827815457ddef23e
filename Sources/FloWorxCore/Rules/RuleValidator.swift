/// Checks a rule's `conditions` and `actions` JSON before it is stored, reporting every problem
/// with its path, e.g. `conditions.all[1].op: unknown operator "equals"`.
///
/// It is stricter than decoding: whatever it accepts decodes into `RuleCondition` / `[RuleAction]`
/// and every leaf can match, while it also rejects unknown members, empty `any` lists, empty
/// keyword lists and actions lists, and nesting deeper than `maxDepth`.
public enum RuleValidator {
    /// The deepest `all` / `any` / `not` nesting accepted.
    public static let maxDepth = 16

    /// Every problem in one rule's conditions and actions; empty when the rule is valid.
    public static func validate(conditions: JSONValue, actions: JSONValue) -> [RuleProblem] {
        var problems: [RuleProblem] = []
        validateCondition(conditions, path: "conditions", depth: 0, into: &problems)
        validateActions(actions, into: &problems)
        return problems
    }

    private static func validateCondition(_ json: JSONValue, path: String, depth: Int, into problems: inout [RuleProblem]) {
        guard let members = json.objectValue else {
            problems.append(RuleProblem(path: path, message: "a condition must be an object"))
            return
        }
        guard depth < maxDepth else {
            problems.append(RuleProblem(path: path, message: "conditions nest deeper than \(maxDepth) levels"))
            return
        }
        if members.isEmpty { return }
        let kinds = ["all", "any", "not", "fact"].filter { members[$0] != nil }
        guard kinds.count == 1, let kind = kinds.first else {
            let message = kinds.isEmpty
                ? "a condition is {}, or has one of all, any, not, fact"
                : "a condition has only one of all, any, not, fact (found \(kinds.joined(separator: ", ")))"
            problems.append(RuleProblem(path: path, message: message))
            return
        }
        switch kind {
        case "all", "any":
            rejectUnknown(members, allowed: [kind], path: path, into: &problems)
            guard let children = members[kind]?.arrayValue else {
                problems.append(RuleProblem(path: "\(path).\(kind)", message: "must be a list of conditions"))
                return
            }
            if kind == "any", children.isEmpty {
                problems.append(RuleProblem(path: "\(path).any", message: "an empty any never matches"))
            }
            for (index, child) in children.enumerated() {
                validateCondition(child, path: "\(path).\(kind)[\(index)]", depth: depth + 1, into: &problems)
            }
        case "not":
            rejectUnknown(members, allowed: ["not"], path: path, into: &problems)
            validateCondition(members["not"]!, path: "\(path).not", depth: depth + 1, into: &problems)
        default:
            validateLeaf(members, path: path, into: &problems)
        }
    }

    private static func validateLeaf(_ members: [String: JSONValue], path: String, into problems: inout [RuleProblem]) {
        rejectUnknown(members, allowed: ["fact", "op", "value", "hours"], path: path, into: &problems)
        let factText = members["fact"]?.stringValue
        let fact = factText.flatMap(RuleLeaf.Fact.init(rawValue:))
        if fact == nil {
            let shown = factText.map { "unknown fact \"\($0)\"" } ?? "must be a string"
            problems.append(RuleProblem(path: "\(path).fact", message: shown))
        }
        var op: RuleLeaf.Operator?
        if let opValue = members["op"] {
            op = opValue.stringValue.flatMap(RuleLeaf.Operator.init(rawValue:))
            if op == nil {
                let shown = opValue.stringValue.map { "unknown operator \"\($0)\"" } ?? "must be a string"
                problems.append(RuleProblem(path: "\(path).op", message: shown))
            }
        } else {
            problems.append(RuleProblem(path: "\(path).op", message: "missing"))
        }
        let value = members["value"]
        if value == nil {
            problems.append(RuleProblem(path: "\(path).value", message: "missing"))
        }
        var hours: Double?
        if let hoursValue = members["hours"] {
            hours = hoursValue.numberValue
            if fact != nil, fact != .senderRecentCount {
                problems.append(RuleProblem(path: "\(path).hours", message: "hours only applies to sender_recent_count"))
            } else if hours == nil {
                problems.append(RuleProblem(path: "\(path).hours", message: "must be a number"))
                return
            }
        }
        guard let fact, let op, let value else { return }
        if case .failure(let problem) = RuleLeaf(fact: fact, op: op, value: value, hours: hours).operand() {
            problems.append(RuleProblem(path: "\(path).\(problem.member)", message: problem.message))
        } else if op == .in || op == .notIn, value.arrayValue?.isEmpty == true {
            problems.append(RuleProblem(path: "\(path).value", message: "an empty list never matches"))
        }
    }

    private static func validateActions(_ json: JSONValue, into problems: inout [RuleProblem]) {
        guard let list = json.arrayValue else {
            problems.append(RuleProblem(path: "actions", message: "must be a list of actions"))
            return
        }
        if list.isEmpty {
            problems.append(RuleProblem(path: "actions", message: "a rule needs at least one action"))
        }
        for (index, action) in list.enumerated() {
            validateAction(action, path: "actions[\(index)]", into: &problems)
        }
    }

    private static func validateAction(_ json: JSONValue, path: String, into problems: inout [RuleProblem]) {
        guard let members = json.objectValue else {
            problems.append(RuleProblem(path: path, message: "an action must be an object"))
            return
        }
        guard let type = members["type"]?.stringValue else {
            problems.append(RuleProblem(path: "\(path).type", message: members["type"] == nil ? "missing" : "must be a string"))
            return
        }
        switch type {
        case "set_priority":
            rejectUnknown(members, allowed: ["type", "priority"], path: path, into: &problems)
            if let priority = members["priority"]?.numberValue, priority == priority.rounded(), abs(priority) <= 1_000_000 {
                break
            }
            problems.append(RuleProblem(path: "\(path).priority", message: "must be a whole number between -1000000 and 1000000"))
        case "apply_label":
            rejectUnknown(members, allowed: ["type", "category", "subcategory"], path: path, into: &problems)
            if let text = members["category"]?.stringValue {
                if Category(rawValue: text) == nil {
                    problems.append(RuleProblem(path: "\(path).category", message: "unknown category \"\(text)\""))
                }
            } else {
                problems.append(RuleProblem(path: "\(path).category", message: members["category"] == nil ? "missing" : "must be a string"))
            }
            if let subcategory = members["subcategory"], subcategory.stringValue == nil, subcategory != .null {
                problems.append(RuleProblem(path: "\(path).subcategory", message: "must be a string"))
            }
        case "notify":
            rejectUnknown(members, allowed: ["type", "channels", "manager_email", "role"], path: path, into: &problems)
            if let channels = members["channels"] {
                if let list = channels.arrayValue {
                    if list.isEmpty {
                        problems.append(RuleProblem(path: "\(path).channels", message: "must name at least one channel"))
                    }
                    for (index, channel) in list.enumerated() where channel.stringValue.flatMap(RuleAction.Channel.init(rawValue:)) == nil {
                        problems.append(RuleProblem(
                            path: "\(path).channels[\(index)]",
                            message: "unknown channel \(RuleLeaf.render(channel)); expected email, sms or push"
                        ))
                    }
                } else {
                    problems.append(RuleProblem(path: "\(path).channels", message: "must be a list"))
                }
            }
            validateTarget(members, path: path, into: &problems)
        case "forward":
            rejectUnknown(members, allowed: ["type", "manager_email", "role"], path: path, into: &problems)
            validateTarget(members, path: path, into: &problems)
        case "block_draft", "mark_escalated":
            rejectUnknown(members, allowed: ["type"], path: path, into: &problems)
        default:
            problems.append(RuleProblem(path: "\(path).type", message: "unknown action type \"\(type)\""))
        }
    }

    private static func validateTarget(_ members: [String: JSONValue], path: String, into problems: inout [RuleProblem]) {
        if let email = members["manager_email"], email != .null {
            if let text = email.stringValue {
                if !text.contains("@") {
                    problems.append(RuleProblem(path: "\(path).manager_email", message: "\"\(text)\" is not an email address"))
                }
            } else {
                problems.append(RuleProblem(path: "\(path).manager_email", message: "must be a string"))
            }
        }
        if let role = members["role"], role != .null, role.stringValue.flatMap(Manager.Role.init(rawValue:)) == nil {
            let known = Manager.Role.allCases.map(\.rawValue).joined(separator: ", ")
            problems.append(RuleProblem(path: "\(path).role", message: "unknown role \(RuleLeaf.render(role)); expected one of \(known)"))
        }
    }

    private static func rejectUnknown(_ members: [String: JSONValue], allowed: Set<String>, path: String, into problems: inout [RuleProblem]) {
        for key in members.keys.sorted() where !allowed.contains(key) {
            problems.append(RuleProblem(path: "\(path).\(key)", message: "unexpected member"))
        }
    }
}
