import Foundation
import Testing
import FloWorxCore

@Suite struct RuleEngineTests {
    typealias Kit = RulesTestKit

    static let isUrgent = Kit.leaf(.category, .eq, .string("URGENT"))
    static let isSales = Kit.leaf(.category, .eq, .string("SALES"))
    static let afterHours = Kit.leaf(.afterHours, .eq, .bool(true))
    static let critical = Kit.leaf(.urgency, .eq, .string("critical"))

    func names(_ rules: [EscalationRule], _ facts: EmailFacts = Kit.facts(), managers: [Manager] = Kit.managers) -> [String] {
        RuleEngine.evaluate(rules, facts: facts, managers: managers).matches.map(\.ruleName)
    }

    @Test func emptyConditionMatchesEverything() {
        let outcome = RuleEngine.evaluate([Kit.rule("all mail", .always)], facts: Kit.facts(), managers: [])
        #expect(outcome.matches.map(\.reasons) == [["always"]])
    }

    @Test func nestedAllAnyNot() {
        let rules = [
            Kit.rule("all true", .all([Self.isUrgent, Self.afterHours])),
            Kit.rule("all one false", .all([Self.isUrgent, Self.isSales])),
            Kit.rule("any one true", .any([Self.isSales, Self.afterHours])),
            Kit.rule("any none", .any([Self.isSales, Self.critical])),
            Kit.rule("not false", .not(Self.isSales)),
            Kit.rule("not true", .not(Self.isUrgent)),
            Kit.rule("deep", .all([.any([Self.isSales, .not(.any([Self.critical, Self.isSales]))]), .not(.not(Self.afterHours))])),
            Kit.rule("deep false", .any([.all([Self.isUrgent, .not(Self.afterHours)]), .not(.all([Self.isUrgent, Self.afterHours]))])),
            Kit.rule("empty all", .all([])),
            Kit.rule("empty any", .any([])),
        ]
        #expect(Set(names(rules)) == ["all true", "any one true", "not false", "deep", "empty all"])
    }

    @Test func reasonsComeFromTheConditionsThatHeld() {
        let rule = Kit.rule("r", .any([Self.isSales, Self.afterHours, .not(.any([Self.isSales, Self.critical]))]))
        let outcome = RuleEngine.evaluate([rule], facts: Kit.facts(), managers: [])
        #expect(outcome.matches.first?.reasons == [
            "after_hours eq true",
            "not ((category eq SALES or urgency eq critical))",
        ])
    }

    @Test func priorityOrderHigherFirstThenNameThenId() {
        let low = UUID(uuidString: "00000000-0000-4000-8000-000000000001")!
        let high = UUID(uuidString: "00000000-0000-4000-8000-000000000002")!
        let rules = [
            Kit.rule("b", priority: 5, .always),
            Kit.rule("z", priority: 10, .always),
            Kit.rule("a", priority: 5, .always),
            Kit.rule("same", priority: 1, id: high, .always),
            Kit.rule("same", priority: 1, id: low, .always),
            Kit.rule("negative", priority: -3, .always),
        ]
        let outcome = RuleEngine.evaluate(rules, facts: Kit.facts(), managers: [])
        #expect(outcome.matches.map(\.ruleName) == ["z", "a", "b", "same", "same", "negative"])
        #expect(outcome.matches[3].ruleId == low)
        #expect(RuleEngine.evaluate(rules.reversed(), facts: Kit.facts(), managers: []) == outcome)
    }

    @Test func firstSetPriorityWins() {
        let rules = [
            Kit.rule("low", priority: 1, .always, [.setPriority(3)]),
            Kit.rule("high", priority: 9, .always, [.setPriority(10)]),
            Kit.rule("middle", priority: 5, .always, [.setPriority(7)]),
            Kit.rule("higher but no match", priority: 20, Self.isSales, [.setPriority(1)]),
        ]
        #expect(RuleEngine.evaluate(rules, facts: Kit.facts(), managers: []).priority == 10)
        #expect(RuleEngine.evaluate([Kit.rule("none", .always, [.blockDraft])], facts: Kit.facts(), managers: []).priority == nil)
    }

    @Test func labelsAreDeduplicatedInOrder() {
        let rules = [
            Kit.rule("one", priority: 2, .always, [.applyLabel(category: .urgent, subcategory: nil), .applyLabel(category: .manager, subcategory: "Escalations")]),
            Kit.rule("two", priority: 1, .always, [.applyLabel(category: .manager, subcategory: "Escalations"), .applyLabel(category: .urgent, subcategory: "No Heat")]),
        ]
        let outcome = RuleEngine.evaluate(rules, facts: Kit.facts(), managers: [])
        #expect(outcome.labels == [
            RuleLabel(category: .urgent), RuleLabel(category: .manager, subcategory: "Escalations"), RuleLabel(category: .urgent, subcategory: "No Heat"),
        ])
    }

    @Test func notificationsResolveByEmailRoleOrEveryone() {
        let byEmail = Kit.rule("by email", priority: 3, .always, [.notify(channels: [.sms], target: .init(managerEmail: "SID@acmehvac.com"))])
        let byRole = Kit.rule("by role", priority: 2, .always, [.notify(channels: [.push, .email], target: .init(role: .service))])
        let everyone = Kit.rule("everyone", priority: 1, .always, [.notify(channels: [.email], target: .init())])
        let outcome = RuleEngine.evaluate([everyone, byRole, byEmail], facts: Kit.facts(), managers: Kit.managers)
        let summary = outcome.notifications.map { "\($0.manager.name) \($0.channels.map(\.rawValue)) \($0.ruleName)" }
        #expect(summary == [
            "Sid Service [\"email\", \"sms\", \"push\"] by email",
            "Sue Service [\"email\", \"push\"] by role",
            "Olivia Owner [\"email\"] everyone",
            "Sam Sales [\"email\"] everyone",
        ])
        #expect(outcome.problems.isEmpty)
    }

    @Test func emptyChannelsMeanEmail() {
        let rule = Kit.rule("r", .always, [.notify(channels: [], target: .init(role: .owner))])
        let outcome = RuleEngine.evaluate([rule], facts: Kit.facts(), managers: Kit.managers)
        #expect(outcome.notifications.map(\.channels) == [[.email]])
    }

    @Test func unresolvedTargetsAreReported() {
        let rules = [
            Kit.rule("ghost", .always, [.notify(channels: [.email], target: .init(managerEmail: "ghost@acmehvac.com")), .forward(target: .init(role: .hr))]),
            Kit.rule("nobody", priority: 0, .always, [.notify(channels: [.email], target: .init())]),
        ]
        let outcome = RuleEngine.evaluate(rules, facts: Kit.facts(), managers: Kit.managers)
        #expect(outcome.notifications.map(\.manager.name) == ["Olivia Owner", "Sam Sales", "Sid Service", "Sue Service"])
        #expect(outcome.forwards.isEmpty)
        #expect(outcome.problems == [
            "ghost: actions[0]: no manager has the address ghost@acmehvac.com",
            "ghost: actions[1]: no manager has the role hr",
        ])
        let lonely = RuleEngine.evaluate([rules[1]], facts: Kit.facts(), managers: [])
        #expect(lonely.problems == ["nobody: actions[0]: no managers are configured"])
    }

    @Test func forwardsAreOnePerManager() {
        let rules = [
            Kit.rule("a", priority: 2, .always, [.forward(target: .init(role: .service))]),
            Kit.rule("b", priority: 1, .always, [.forward(target: .init(managerEmail: "sue@ACMEHVAC.com")), .forward(target: .init(role: .owner))]),
        ]
        let outcome = RuleEngine.evaluate(rules, facts: Kit.facts(), managers: Kit.managers)
        #expect(outcome.forwards.map { "\($0.manager.email) \($0.ruleName)" } == [
            "Sid@AcmeHVAC.com a", "sue@acmehvac.com a", "olivia@acmehvac.com b",
        ])
    }

    @Test func blockDraftAndEscalatedOnlyFromMatchedRules() {
        let quiet = RuleEngine.evaluate([Kit.rule("no", Self.isSales, [.blockDraft, .markEscalated])], facts: Kit.facts(), managers: [])
        #expect(!quiet.draftBlocked && !quiet.escalated && quiet.matches.isEmpty)
        let loud = RuleEngine.evaluate(
            [Kit.rule("block", Self.isUrgent, [.blockDraft]), Kit.rule("escalate", Self.afterHours, [.markEscalated])],
            facts: Kit.facts(), managers: []
        )
        #expect(loud.draftBlocked && loud.escalated)
        let blockOnly = RuleEngine.evaluate([Kit.rule("block", Self.isUrgent, [.blockDraft])], facts: Kit.facts(), managers: [])
        #expect(blockOnly.draftBlocked && !blockOnly.escalated)
    }

    @Test func matchesCarryTheirActions() {
        let actions: [RuleAction] = [.setPriority(4), .markEscalated]
        let outcome = RuleEngine.evaluate([Kit.rule("r", .always, actions)], facts: Kit.facts(), managers: [])
        #expect(outcome.matches.first?.actions == actions)
    }

    @Test func noRulesNoOutcome() {
        #expect(RuleEngine.evaluate([], facts: Kit.facts(), managers: Kit.managers) == RuleOutcome())
    }

    @Test func defaultRulesEscalateUrgentOrCriticalToTheOwner() {
        let urgent = RuleEngine.evaluate(RuleEngine.defaultRules, facts: Kit.facts(), managers: Kit.managers)
        #expect(urgent.escalated)
        #expect(urgent.notifications.map(\.manager.email) == ["olivia@acmehvac.com"])
        #expect(urgent.notifications.first?.channels == [.email])
        #expect(urgent.matches.first?.reasons == ["category eq URGENT"])

        let criticalSales = Kit.facts(classification: Kit.classification(.sales, urgency: .critical))
        let critical = RuleEngine.evaluate(RuleEngine.defaultRules, facts: criticalSales, managers: Kit.managers)
        #expect(critical.escalated)
        #expect(critical.matches.first?.reasons == ["urgency eq critical"])

        let routine = Kit.facts(classification: Kit.classification(.sales, urgency: .high))
        let none = RuleEngine.evaluate(RuleEngine.defaultRules, facts: routine, managers: Kit.managers)
        #expect(!none.escalated && none.notifications.isEmpty && none.matches.isEmpty)
    }

    @Test func defaultRulesSurviveAJSONRoundTrip() throws {
        for rule in RuleEngine.defaultRules {
            let conditions = try JSONCoding.encoder().encode(rule.conditions)
            let actions = try JSONCoding.encoder().encode(rule.actions)
            let problems = RuleValidator.validate(
                conditions: try JSONCoding.decoder().decode(JSONValue.self, from: conditions),
                actions: try JSONCoding.decoder().decode(JSONValue.self, from: actions)
            )
            #expect(problems.isEmpty)
            #expect(try JSONCoding.decoder().decode(RuleCondition.self, from: conditions) == rule.conditions)
        }
    }

    @Test func badLeavesNeverMatchEvenUnderNot() {
        let bad = Kit.leaf(.category, .gt, .string("SALES"))
        let rules = [
            Kit.rule("not bad", .not(bad)),
            Kit.rule("all bad", .all([Self.isUrgent, bad])),
            Kit.rule("not any bad", .not(.any([Self.isSales, bad]))),
            Kit.rule("any rescues", .any([bad, Self.isUrgent])),
        ]
        let outcome = RuleEngine.evaluate(rules, facts: Kit.facts(), managers: [])
        #expect(outcome.matches.map(\.ruleName) == ["any rescues"])
        #expect(outcome.problems.sorted() == [
            "all bad: conditions.all[1].op: operator \"gt\" does not apply to category",
            "any rescues: conditions.any[0].op: operator \"gt\" does not apply to category",
            "not any bad: conditions.not.any[1].op: operator \"gt\" does not apply to category",
            "not bad: conditions.not.op: operator \"gt\" does not apply to category",
        ])
    }

    @Test func missingCountWindowIsReportedNotGuessed() {
        let rule = Kit.rule("flood", Kit.leaf(.senderRecentCount, .gte, .number(1), hours: 6))
        let outcome = RuleEngine.evaluate([rule], facts: Kit.facts(), managers: [])
        #expect(outcome.matches.isEmpty)
        #expect(outcome.problems == ["flood: conditions.hours: no sender count for a 6h window was provided"])
    }

    @Test func countWindowsCollectsEveryWindow() {
        let rules = [
            Kit.rule("a", .all([Kit.leaf(.senderRecentCount, .gte, .number(3), hours: 24), .not(Kit.leaf(.senderRecentCount, .lt, .number(2), hours: 1))])),
            Kit.rule("b", .any([Self.isUrgent, Kit.leaf(.senderRecentCount, .gt, .number(5), hours: 0.5), Kit.leaf(.senderRecentCount, .gt, .number(9), hours: 24)])),
            Kit.rule("bad", .any([Kit.leaf(.senderRecentCount, .gt, .number(5)), Kit.leaf(.senderRecentCount, .gt, .number(5), hours: -2)])),
            Kit.rule("none", Self.isUrgent),
        ]
        #expect(RuleEngine.countWindows(rules) == [24, 1, 0.5])
        #expect(RuleEngine.countWindows([]) == [])
    }

    @Test func evaluationIsDeterministic() {
        let rules = (0..<30).map { index in
            Kit.rule("rule \(index % 7)", priority: index % 3, .any([Self.isUrgent, Self.isSales]), [.setPriority(index), .applyLabel(category: .urgent, subcategory: "\(index % 4)")])
        }
        let first = RuleEngine.evaluate(rules, facts: Kit.facts(), managers: Kit.managers)
        for _ in 0..<5 {
            #expect(RuleEngine.evaluate(rules.shuffled(), facts: Kit.facts(), managers: Kit.managers) == first)
        }
    }
}
