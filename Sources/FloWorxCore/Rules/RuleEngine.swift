import Foundation

/// Runs a client's escalation rules over one email.
///
/// Leaf semantics (`RuleLeaf`):
/// - `category`, `sentiment`: `eq`, `neq`, `in`, `not_in`; compared case-insensitively; an unknown
///   category or sentiment name makes the leaf invalid rather than silently true for `neq`.
/// - `subcategory`: like text, case-insensitive; `eq null` / `neq null` test for its absence / presence;
///   a missing subcategory equals nothing and differs from everything.
/// - `urgency`: `eq`, `neq`, `in`, `not_in` and `gt`, `gte`, `lt`, `lte` by rank `low < normal < high < critical`.
/// - `confidence`, `sender_recent_count` (needs `hours` > 0; the count comes from
///   `EmailFacts.senderRecentCounts[hours]`), `minutes_without_reply` (minutes from `receivedAt` to
///   `now`, never negative): `eq`, `neq`, `in`, `not_in`, `gt`, `gte`, `lt`, `lte`.
/// - `sender_is_manager`, `sender_is_supplier`, `sender_is_internal`, `after_hours`: `eq`, `neq` with a boolean.
/// - `subject`, `body` (the plain-text body), `sender_email`, `sender_domain`: `eq`, `neq`, `in`, `not_in`
///   and `contains` (a keyword, or a list meaning any), `contains_any`, `contains_all` (a keyword or a list);
///   all case-insensitive substring tests.
/// - `in` / `not_in` take a list. A leaf whose operator does not fit its fact, whose value has the
///   wrong type, or whose count window was not provided never matches, and `not` does not turn it
///   into a match; the problem is recorded in `RuleOutcome.problems`.
/// - `{}` matches every email; `all` needs every child, `any` one child, `not` negates.
public enum RuleEngine {
    /// Evaluates the given rules (the caller passes the active ones) in priority order: higher first,
    /// ties by name, then id, for determinism. Every rule that matches applies its actions.
    ///
    /// Notify and forward targets are resolved against `managers`: `manager_email` picks that manager
    /// (case-insensitive), else `role` picks every manager with the role, else every manager. A target
    /// that fits nobody is recorded in `problems`. A `notify` with no channels means email.
    /// An empty `rules` list stays empty; pass `defaultRules` for a client that has none.
    public static func evaluate(_ rules: [EscalationRule], facts: EmailFacts, managers: [Manager]) -> RuleOutcome {
        let evaluation = RuleEvaluation(facts: facts)
        var outcome = RuleOutcome()
        for rule in ordered(rules) {
            guard case .match(let reasons) = evaluation.evaluate(rule.conditions, rule: rule.name, path: "conditions") else {
                continue
            }
            outcome.matches.append(RuleMatch(ruleId: rule.id, ruleName: rule.name, actions: rule.actions, reasons: reasons))
            for (index, action) in rule.actions.enumerated() {
                apply(action, of: rule, path: "actions[\(index)]", managers: managers, to: &outcome, evaluation: evaluation)
            }
        }
        outcome.problems = evaluation.problems
        return outcome
    }

    /// The sender_recent_count windows (hours) the rules need, so the caller can prefetch counts in one query.
    public static func countWindows(_ rules: [EscalationRule]) -> Set<Double> {
        var windows = Set<Double>()
        func visit(_ condition: RuleCondition) {
            switch condition {
            case .always: break
            case .all(let children), .any(let children): children.forEach(visit)
            case .not(let child): visit(child)
            case .leaf(let leaf):
                if leaf.fact == .senderRecentCount, let hours = leaf.hours, hours.isFinite, hours > 0 {
                    windows.insert(hours)
                }
            }
        }
        rules.forEach { visit($0.conditions) }
        return windows
    }

    /// The safety defaults of DOMAIN.md's triage conventions. Every business has them as real `escalation_rules` rows
    /// (created with its profile, back-filled by migration 0026 with the same names, conditions and actions), so they
    /// are visible and editable through the API and switched off only by setting `is_active` to false. The analyzer
    /// evaluates exactly the business's rows: adding a rule never removes these. This list is their reference
    /// content (tests compare the rows with it) and what in-memory profiles pass explicitly.
    public static let defaultRules: [EscalationRule] = [
        EscalationRule(
            id: UUID(uuidString: "f10e0000-0000-4000-8000-000000000001")!,
            name: "Safety default: emergencies to the owner",
            conditions: .any([
                .leaf(RuleLeaf(fact: .category, op: .eq, value: .string(Category.urgent.rawValue))),
                .leaf(RuleLeaf(fact: .urgency, op: .eq, value: .string(Urgency.critical.rawValue))),
            ]),
            actions: [.notify(channels: [.email], target: RuleAction.Target(role: .owner)), .markEscalated],
            priority: 10
        ),
        EscalationRule(
            id: UUID(uuidString: "f10e0000-0000-4000-8000-000000000002")!,
            name: "Safety default: escalation cues to the owner",
            conditions: .leaf(RuleLeaf(fact: .escalationCue, op: .eq, value: .bool(true))),
            actions: [.notify(channels: [.email], target: RuleAction.Target(role: .owner)), .markEscalated],
            priority: 9
        ),
    ]

    /// Higher priority first, then name, then id.
    static func ordered(_ rules: [EscalationRule]) -> [EscalationRule] {
        rules.sorted { a, b in
            if a.priority != b.priority { return a.priority > b.priority }
            if a.name != b.name { return a.name < b.name }
            return a.id.uuidString < b.id.uuidString
        }
    }

    private static func apply(
        _ action: RuleAction, of rule: EscalationRule, path: String, managers: [Manager],
        to outcome: inout RuleOutcome, evaluation: RuleEvaluation
    ) {
        switch action {
        case .setPriority(let priority):
            if outcome.priority == nil { outcome.priority = priority }
        case .applyLabel(let category, let subcategory):
            let label = RuleLabel(category: category, subcategory: subcategory)
            if !outcome.labels.contains(label) { outcome.labels.append(label) }
        case .notify(let channels, let target):
            let wanted = channels.isEmpty ? [.email] : channels
            for manager in resolve(target, managers: managers, rule: rule, path: path, evaluation: evaluation) {
                let key = manager.email.lowercased()
                if let index = outcome.notifications.firstIndex(where: { $0.manager.email.lowercased() == key }) {
                    let merged = Set(outcome.notifications[index].channels).union(wanted)
                    outcome.notifications[index].channels = RuleAction.Channel.allCases.filter(merged.contains)
                } else {
                    let ordered = RuleAction.Channel.allCases.filter(wanted.contains)
                    outcome.notifications.append(RuleNotification(manager: manager, channels: ordered, ruleId: rule.id, ruleName: rule.name))
                }
            }
        case .forward(let target):
            for manager in resolve(target, managers: managers, rule: rule, path: path, evaluation: evaluation) {
                let key = manager.email.lowercased()
                if !outcome.forwards.contains(where: { $0.manager.email.lowercased() == key }) {
                    outcome.forwards.append(RuleForward(manager: manager, ruleId: rule.id, ruleName: rule.name))
                }
            }
        case .blockDraft:
            outcome.draftBlocked = true
        case .markEscalated:
            outcome.escalated = true
        }
    }

    private static func resolve(
        _ target: RuleAction.Target, managers: [Manager], rule: EscalationRule, path: String, evaluation: RuleEvaluation
    ) -> [Manager] {
        let found: [Manager]
        let wanted: String
        if let email = target.managerEmail {
            found = managers.filter { $0.email.lowercased() == email.lowercased() }.prefix(1).map { $0 }
            wanted = "no manager has the address \(email)"
        } else if let role = target.role {
            found = managers.filter { $0.roles.contains(role) }
            wanted = "no manager has the role \(role.rawValue)"
        } else {
            found = managers
            wanted = "no managers are configured"
        }
        if found.isEmpty { evaluation.report(rule: rule.name, path: path, wanted) }
        return found
    }
}
