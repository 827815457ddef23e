import FloWorxCore

/// Escalation rules in plain words: "Category is Urgent, or urgency is critical" → "notify the owner by email; mark it
/// escalated" — what the rules list shows and what a test run says a rule would have done.
enum RuleWording {
    /// The condition tree as one sentence fragment.
    static func conditions(_ condition: RuleCondition, nested: Bool = false) -> String {
        switch condition {
        case .always: return "every email"
        case .leaf(let leaf): return self.leaf(leaf, negated: false)
        case .not(.leaf(let leaf)): return self.leaf(leaf, negated: true)
        case .not(let child): return "not (\(conditions(child, nested: true)))"
        case .all(let children): return join(children, "and", nested: nested)
        case .any(let children): return join(children, "or", nested: nested)
        }
    }

    private static func join(_ children: [RuleCondition], _ word: String, nested: Bool) -> String {
        if children.isEmpty { return word == "and" ? "every email" : "no email" }
        if children.count == 1 { return conditions(children[0], nested: nested) }
        let text = children.map { conditions($0, nested: true) }.joined(separator: ", \(word) ")
        return nested ? "(\(text))" : text
    }

    private static func leaf(_ leaf: RuleLeaf, negated: Bool) -> String {
        var name = RuleFacts.factLabel(leaf.fact.rawValue)
        if leaf.fact == .senderRecentCount, let hours = leaf.hours {
            name = "Messages from this sender in the last \(RuleFacts.render(.number(hours))) hours"
        }
        if RuleFacts.kind(leaf.fact) == .boolean, let flag = leaf.value.boolValue, [.eq, .neq].contains(leaf.op) {
            let holds = (flag == (leaf.op == .eq)) != negated
            return holds ? name : "not: \(name.prefix(1).lowercased() + name.dropFirst())"
        }
        let op = negated && leaf.op == .containsAny ? "does not contain any of" : RuleFacts.operatorLabel(leaf.op.rawValue)
        let text = (negated && leaf.op != .containsAny ? "not: " : "") + "\(name) \(op) \(value(leaf.value, fact: leaf.fact))"
        return text
    }

    private static func value(_ value: JSONValue, fact: RuleLeaf.Fact) -> String {
        switch value {
        case .array(let items): return items.map { self.value($0, fact: fact) }.joined(separator: ", ")
        case .string(let text) where fact == .category: return InboxPages.label(text)
        case .string(let text) where [.subject, .body, .senderEmail, .senderDomain, .subcategory].contains(fact): return "“\(text)”"
        default: return RuleFacts.render(value)
        }
    }

    /// The actions, joined by semicolons.
    static func actions(_ actions: [RuleAction]) -> String {
        actions.isEmpty ? "nothing" : actions.map(action).joined(separator: "; ")
    }

    static func action(_ action: RuleAction) -> String {
        switch action {
        case .markEscalated: "mark it escalated"
        case .blockDraft: "write no reply draft"
        case .setPriority(let value): "set priority \(value)"
        case .applyLabel(let category, let subcategory): "label it \(InboxPages.label(category.rawValue))\(subcategory.map { " / \($0)" } ?? "")"
        case .notify(let channels, let target): "notify \(who(target)) by \(list((channels.isEmpty ? [.email] : channels).map(channel)))"
        case .forward(let target): "forward it to \(who(target))"
        }
    }

    private static func who(_ target: RuleAction.Target) -> String {
        if let email = target.managerEmail { return email }
        if let role = target.role { return role == .owner ? "the owner" : "the \(role.rawValue) managers" }
        return "every manager"
    }

    private static func channel(_ channel: RuleAction.Channel) -> String {
        switch channel {
        case .email: "email"
        case .sms: "SMS"
        case .push: "push"
        }
    }

    private static func list(_ words: [String]) -> String {
        words.count <= 1 ? words.joined() : words.dropLast().joined(separator: ", ") + " and " + words.last!
    }

    /// What a rule did for one email in a test run: `Escalated; notified Sam Lee (sam@…) by email`.
    static func outcome(_ outcome: RuleOutcome) -> String {
        var parts: [String] = []
        if outcome.escalated { parts.append("escalated") }
        for notification in outcome.notifications {
            parts.append("notify \(notification.manager.name) (\(notification.manager.email)) by \(list(notification.channels.map(channel)))")
        }
        for forward in outcome.forwards { parts.append("forward to \(forward.manager.name) (\(forward.manager.email))") }
        if outcome.draftBlocked { parts.append("no reply draft") }
        if let priority = outcome.priority { parts.append("priority \(priority)") }
        for label in outcome.labels { parts.append("label \(InboxPages.label(label.category.rawValue))\(label.subcategory.map { " / \($0)" } ?? "")") }
        let text = parts.isEmpty ? "nothing (no manager fits its notify or forward)" : parts.joined(separator: "; ")
        return text.prefix(1).uppercased() + text.dropFirst()
    }
}
