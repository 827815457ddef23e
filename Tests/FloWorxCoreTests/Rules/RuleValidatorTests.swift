import Foundation
import Testing
import FloWorxCore

@Suite struct RuleValidatorTests {
    typealias Kit = RulesTestKit

    static let goodActions = #"[{"type": "mark_escalated"}]"#
    static let goodConditions = #"{"fact": "category", "op": "eq", "value": "URGENT"}"#

    func problems(conditions: String = goodConditions, actions: String = goodActions) -> [String] {
        RuleValidator.validate(conditions: Kit.json(conditions), actions: Kit.json(actions)).map(\.description)
    }

    static let validRules: [(conditions: String, actions: String)] = [
        ("{}", goodActions),
        (goodConditions, goodActions),
        (
            #"{"all": [{"fact": "category", "op": "in", "value": ["urgent", "SUPPORT"]}, {"any": [{"fact": "after_hours", "op": "eq", "value": true}, {"not": {"fact": "urgency", "op": "lt", "value": "high"}}]}]}"#,
            #"[{"type": "set_priority", "priority": 5}, {"type": "apply_label", "category": "MANAGER", "subcategory": "Escalations"}, {"type": "notify", "channels": ["email", "sms"], "role": "service"}, {"type": "forward", "manager_email": "sid@acmehvac.com"}, {"type": "block_draft"}, {"type": "mark_escalated"}]"#
        ),
        (
            #"{"any": [{"fact": "sender_recent_count", "op": "gte", "value": 3, "hours": 24}, {"fact": "subject", "op": "contains_any", "value": ["no heat", "leak"]}, {"fact": "body", "op": "contains", "value": "flood"}, {"fact": "subcategory", "op": "eq", "value": null}]}"#,
            #"[{"type": "notify"}, {"type": "forward"}, {"type": "apply_label", "category": "URGENT", "subcategory": null}]"#
        ),
        (
            #"{"all": [{"fact": "minutes_without_reply", "op": "gt", "value": 60}, {"fact": "confidence", "op": "not_in", "value": [0.1, 0.2]}, {"fact": "sender_domain", "op": "neq", "value": "acmehvac.com"}, {"fact": "sentiment", "op": "eq", "value": "negative"}]}"#,
            #"[{"type": "set_priority", "priority": -2}]"#
        ),
    ]

    @Test func validRulesHaveNoProblemsAndDecode() throws {
        for rule in Self.validRules {
            #expect(problems(conditions: rule.conditions, actions: rule.actions) == [], "\(rule.conditions)")
            _ = try JSONCoding.decoder().decode(RuleCondition.self, from: Data(rule.conditions.utf8))
            _ = try JSONCoding.decoder().decode([RuleAction].self, from: Data(rule.actions.utf8))
        }
    }

    @Test func conditionProblemsHavePaths() {
        let conditions = #"""
        {"all": [
            {"fact": "category", "op": "eq", "value": "URGENT"},
            {"fact": "category", "op": "equals", "value": "URGENT"},
            {"fact": "mood", "op": "eq", "value": "x"},
            {"fact": "category", "op": "gt", "value": "SALES"},
            {"fact": "urgency", "op": "gte", "value": "severe"},
            {"fact": "confidence", "op": "gte", "value": "0.5"},
            {"fact": "after_hours", "op": "eq"},
            {"fact": "subject", "op": "contains_any", "value": ["leak", ""]},
            {"fact": "sender_recent_count", "op": "gte", "value": 3},
            {"fact": "category", "op": "eq", "value": "URGENT", "hours": 3},
            {"fact": "category", "op": "in", "value": []},
            {"any": []},
            {"not": {"fact": "category", "op": "eq", "value": "NOPE", "extra": 1}},
            {"all": [], "any": []},
            {"something": 1},
            [1, 2],
            {"fact": 3, "op": 4, "value": 1},
            {"fact": "category", "value": "URGENT"},
            {"all": {"fact": "category"}}
        ]}
        """#
        #expect(problems(conditions: conditions) == [
            #"conditions.all[1].op: unknown operator "equals""#,
            #"conditions.all[2].fact: unknown fact "mood""#,
            #"conditions.all[3].op: operator "gt" does not apply to category"#,
            #"conditions.all[4].value: unknown urgency "severe""#,
            "conditions.all[5].value: must be a number",
            "conditions.all[6].value: missing",
            "conditions.all[7].value[1]: keywords must not be empty",
            "conditions.all[8].hours: sender_recent_count needs hours greater than 0",
            "conditions.all[9].hours: hours only applies to sender_recent_count",
            "conditions.all[10].value: an empty list never matches",
            "conditions.all[11].any: an empty any never matches",
            "conditions.all[12].not.extra: unexpected member",
            #"conditions.all[12].not.value: unknown category "NOPE""#,
            "conditions.all[13]: a condition has only one of all, any, not, fact (found all, any)",
            "conditions.all[14]: a condition is {}, or has one of all, any, not, fact",
            "conditions.all[15]: a condition must be an object",
            "conditions.all[16].fact: must be a string",
            "conditions.all[16].op: must be a string",
            "conditions.all[17].op: missing",
            "conditions.all[18].all: must be a list of conditions",
        ])
    }

    @Test func conditionsMustBeAnObject() {
        #expect(problems(conditions: "[]") == ["conditions: a condition must be an object"])
        #expect(problems(conditions: "null") == ["conditions: a condition must be an object"])
    }

    @Test func deepNestingIsRejected() {
        var conditions = Self.goodConditions
        for _ in 0..<RuleValidator.maxDepth { conditions = #"{"not": \#(conditions)}"# }
        #expect(problems(conditions: conditions).count == 1)
        #expect(problems(conditions: conditions).first?.hasSuffix("conditions nest deeper than \(RuleValidator.maxDepth) levels") == true)
        conditions = Self.goodConditions
        for _ in 0..<(RuleValidator.maxDepth - 1) { conditions = #"{"not": \#(conditions)}"# }
        #expect(problems(conditions: conditions) == [])
    }

    @Test func actionProblemsHavePaths() {
        let actions = #"""
        [
            {"type": "set_priority", "priority": 2.5},
            {"type": "set_priority"},
            {"type": "apply_label", "category": "urgent"},
            {"type": "apply_label", "subcategory": 3},
            {"type": "notify", "channels": ["email", "pager"], "role": "boss"},
            {"type": "notify", "channels": []},
            {"type": "notify", "channels": "sms"},
            {"type": "forward", "manager_email": "not-an-address"},
            {"type": "forward", "manager_email": 5},
            {"type": "block_draft", "reason": "x"},
            {"type": "page"},
            {"kind": "mark_escalated"},
            "mark_escalated"
        ]
        """#
        #expect(problems(conditions: "{}", actions: actions) == [
            "actions[0].priority: must be a whole number between -1000000 and 1000000",
            "actions[1].priority: must be a whole number between -1000000 and 1000000",
            #"actions[2].category: unknown category "urgent""#,
            "actions[3].category: missing",
            "actions[3].subcategory: must be a string",
            "actions[4].channels[1]: unknown channel pager; expected email, sms or push",
            "actions[4].role: unknown role boss; expected one of owner, sales, service, operations, accounts, support, dispatch, hr",
            "actions[5].channels: must name at least one channel",
            "actions[6].channels: must be a list",
            #"actions[7].manager_email: "not-an-address" is not an email address"#,
            "actions[8].manager_email: must be a string",
            "actions[9].reason: unexpected member",
            #"actions[10].type: unknown action type "page""#,
            "actions[11].type: missing",
            "actions[12]: an action must be an object",
        ])
    }

    @Test func actionsMustBeANonEmptyList() {
        #expect(problems(actions: "[]") == ["actions: a rule needs at least one action"])
        #expect(problems(actions: "{}") == ["actions: must be a list of actions"])
    }

    @Test func problemsFromBothPartsAreReported() {
        #expect(problems(conditions: #"{"fact": "x"}"#, actions: "[{}]") == [
            #"conditions.fact: unknown fact "x""#, "conditions.op: missing", "conditions.value: missing", "actions[0].type: missing",
        ])
    }

    /// Whatever the validator accepts, the engine evaluates without reporting a problem.
    @Test func acceptedLeavesNeverReportProblemsInTheEngine() throws {
        let values: [JSONValue] = [
            .string("URGENT"), .string("high"), .string("negative"), .string("leak"), .number(3), .number(0.5), .bool(true), .null,
            .array([.string("SALES"), .string("urgent")]), .array([.number(1), .number(2)]), .array([.string("low")]), .array([]),
            .array([.string("")]), .string(""),
        ]
        var accepted = 0
        for fact in RuleLeaf.Fact.allCases {
            for op in RuleLeaf.Operator.allCases {
                for value in values {
                    let hours: JSONValue? = fact == .senderRecentCount ? .number(24) : nil
                    var members: [String: JSONValue] = ["fact": .string(fact.rawValue), "op": .string(op.rawValue), "value": value]
                    members["hours"] = hours
                    let problems = RuleValidator.validate(conditions: .object(members), actions: Kit.json(Self.goodActions))
                    let leaf = RuleLeaf(fact: fact, op: op, value: value, hours: hours?.numberValue)
                    let outcome = RuleEngine.evaluate([Kit.rule("r", .leaf(leaf))], facts: Kit.facts(), managers: [])
                    if problems.isEmpty {
                        accepted += 1
                        #expect(outcome.problems.isEmpty, "\(fact) \(op) \(value)")
                    } else {
                        #expect(outcome.matches.isEmpty || problems.allSatisfy { $0.message.contains("empty list") })
                    }
                }
            }
        }
        #expect(accepted > 100)
    }
}
