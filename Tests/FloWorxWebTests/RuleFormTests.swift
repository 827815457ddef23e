import FloWorxCore
@testable import FloWorxWeb
import Foundation
import Testing

/// The rule editor's form: a stored rule drawn into the form and saved again unchanged is the same rule, and what the
/// form cannot draw is edited as JSON.
@Suite struct RuleFormTests {
    private func leaf(_ fact: RuleLeaf.Fact, _ op: RuleLeaf.Operator, _ value: JSONValue, hours: Double? = nil) -> RuleCondition {
        .leaf(RuleLeaf(fact: fact, op: op, value: value, hours: hours))
    }

    /// Draws `conditions` and `actions` into the form, then builds the rule from the form as a browser posts it back.
    private func roundTrip(_ conditions: RuleCondition, _ actions: [RuleAction]) throws -> (RuleForm, RuleForm.Built?) {
        let drawn = RuleForm(name: "Rule", priority: "3", active: true, conditions: conditions, actions: actions)
        var fields: [String: String] = ["name": drawn.name, "priority": drawn.priority, "active": "1", "match": drawn.match,
                                        "groups": "\(drawn.groups.count)", "mode": drawn.json ? "json" : "form",
                                        "conditions_json": drawn.conditionsJSON, "actions_json": drawn.actionsJSON]
        for (g, group) in drawn.groups.enumerated() {
            fields["g\(g)_match"] = group.match
            fields["g\(g)_rows"] = "\(group.rows.count)"
            for (r, row) in group.rows.enumerated() {
                fields["g\(g)_c\(r)_fact"] = row.fact
                fields["g\(g)_c\(r)_op"] = row.op
                fields["g\(g)_c\(r)_value"] = row.value
                fields["g\(g)_c\(r)_hours"] = row.hours
            }
        }
        for (flag, on) in [("escalate", drawn.escalate), ("notify", drawn.notify), ("forward", drawn.forward), ("block_draft", drawn.blockDraft),
                           ("set_priority", drawn.setPriority), ("label", drawn.label)] where on { fields[flag] = "1" }
        for channel in drawn.notifyChannels { fields["notify_\(channel)"] = "1" }
        fields["notify_to"] = drawn.notifyTo
        fields["forward_to"] = drawn.forwardTo
        fields["priority_value"] = drawn.priorityValue
        fields["label_category"] = drawn.labelCategory
        fields["label_subcategory"] = drawn.labelSubcategory
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let body = fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
        let posted = RuleForm(FormData(text: body))
        return (drawn, try? posted.build().get())
    }

    @Test func storedRulesSurviveTheFormUnchanged() throws {
        let actions: [RuleAction] = [.notify(channels: [.email, .sms], target: RuleAction.Target(role: .service)), .setPriority(10), .markEscalated]
        let trees: [RuleCondition] = [
            leaf(.escalationCue, .eq, .bool(true)),
            .any([leaf(.category, .eq, .string("URGENT")), leaf(.urgency, .eq, .string("critical"))]),
            .all([leaf(.sentiment, .eq, .string("negative")), leaf(.senderIsInternal, .eq, .bool(false)),
                  .any([leaf(.body, .containsAny, .array([.string("lawyer"), .string("refund")])), leaf(.subject, .containsAny, .array([.string("bbb")]))])]),
            .all([leaf(.afterHours, .eq, .bool(true)), leaf(.urgency, .gte, .string("high")),
                  .not(leaf(.body, .containsAny, .array([.string("invoice")]))), leaf(.senderRecentCount, .gte, .number(3), hours: 24)]),
            .any([leaf(.confidence, .lt, .number(0.5)), leaf(.category, .in, .array([.string("SALES"), .string("SUPPORT")]))]),
        ]
        for tree in trees {
            let (drawn, built) = try roundTrip(tree, actions)
            #expect(!drawn.json, "drawn in the form: \(tree)")
            #expect(built?.condition == tree)
            #expect(built?.actionList == actions)
        }
        let labelled: [RuleAction] = [.applyLabel(category: .banking, subcategory: "Invoice"), .forward(target: RuleAction.Target(managerEmail: "ann@example.com")), .blockDraft]
        // The form writes the actions in its own order (notify, forward, priority, label, no draft, escalate); the order of
        // actions of different kinds changes nothing the rule does.
        #expect(try roundTrip(leaf(.senderIsSupplier, .eq, .bool(true)), labelled).1.map { Set($0.actionList) } == Set(labelled))
    }

    @Test func whatTheFormCannotDrawIsEditedAsJSONAndKept() throws {
        let cases: [(RuleCondition, [RuleAction])] = [
            (.always, [.markEscalated]),
            (.not(.any([leaf(.urgency, .eq, .string("low"))])), [.markEscalated]),
            (leaf(.subcategory, .eq, .null), [.markEscalated]),
            (leaf(.urgency, .eq, .string("high")), [.setPriority(1), .setPriority(2)]),
        ]
        for (tree, actions) in cases {
            let (drawn, built) = try roundTrip(tree, actions)
            #expect(drawn.json, "as JSON: \(tree)")
            #expect(built?.condition == tree)
            #expect(built?.actionList == actions)
        }
        // `contains` with a list means any of them, which the form says as "contains any of".
        let (_, built) = try roundTrip(leaf(.subject, .contains, .array([.string("leak"), .string("flood")])), [.markEscalated])
        #expect(built?.condition == leaf(.subject, .containsAny, .array([.string("leak"), .string("flood")])))
    }
}
