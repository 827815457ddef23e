import FloWorxCore
import Foundation

/// What the rule editor's template (`rule.mustache`) shows of a `RuleForm`: every select with its chosen option,
/// every field with what the owner typed and the problem found in it.
enum RuleEditorData {
    static func make(_ form: RuleForm, managers: [Manager], problems: RuleForm.Problems) -> [String: Any] {
        let errors = Dictionary(problems.fields.map { ($0.field, $0.message) }, uniquingKeysWith: { first, _ in first })
        var data: [String: Any] = [
            "name": form.name, "priority": form.priority, "active": form.active,
            "json": form.json, "conditions_json": form.conditionsJSON, "actions_json": form.actionsJSON,
            "matchAll": form.match == "all", "matchAny": form.match == "any",
            "groupCount": form.groups.count, "canAddGroup": form.groups.count < RuleForm.maxGroups,
            "manyGroups": form.groups.count > 1,
        ]
        data["groups"] = form.groups.enumerated().map { g, group -> [String: Any] in
            [
                "index": g, "number": g + 1, "rowCount": group.rows.count, "canAddRow": group.rows.count < RuleForm.maxRows,
                "matchAll": group.match == "all", "matchAny": group.match == "any",
                "rows": group.rows.enumerated().map { r, row -> [String: Any] in
                    let prefix = "g\(g)_c\(r)"
                    var item: [String: Any] = [
                        "prefix": prefix, "number": r + 1, "value": row.value, "hours": row.hours,
                        "facts": RuleFacts.facts.map { ["value": $0.0.rawValue, "label": $0.1, "selected": $0.0.rawValue == row.fact] },
                        "ops": RuleFacts.operators.map { ["value": $0.0, "label": $0.1, "selected": $0.0 == row.op] },
                    ]
                    for member in ["fact", "op", "value", "hours"] {
                        if let message = errors["\(prefix)_\(member)"] { item["error_\(member)"] = message }
                    }
                    return item
                },
            ]
        }
        data["escalate"] = form.escalate
        data["notify"] = form.notify
        data["channels"] = RuleAction.Channel.allCases.map { channel in
            ["value": channel.rawValue, "label": channel == .sms ? "SMS" : channel.rawValue.capitalized, "checked": form.notifyChannels.contains(channel.rawValue)]
        }
        data["notifyTargets"] = targets(chosen: form.notifyTo, managers: managers)
        data["forward"] = form.forward
        data["forwardTargets"] = targets(chosen: form.forwardTo, managers: managers)
        data["blockDraft"] = form.blockDraft
        data["setPriority"] = form.setPriority
        data["priorityValue"] = form.priorityValue
        data["label"] = form.label
        data["categories"] = RuleFacts.categories.map { ["value": $0, "label": InboxPages.label($0), "selected": $0 == form.labelCategory] }
        data["labelSubcategory"] = form.labelSubcategory
        return data
    }

    /// Who a notify or forward goes to: every manager, the managers with a role, or one manager (an address the rule
    /// names but no manager has any more stays listed, so that saving keeps it).
    private static func targets(chosen: String, managers: [Manager]) -> [[String: Any]] {
        var options: [(String, String)] = [("", "Every manager")]
        options += Manager.Role.allCases.map { ("role:\($0.rawValue)", $0 == .owner ? "The owner" : "Managers with the role \($0.rawValue)") }
        options += managers.map { ("manager:\($0.email)", "\($0.name) (\($0.email))") }
        if !options.contains(where: { $0.0 == chosen }), chosen.hasPrefix("manager:") {
            options.append((chosen, String(chosen.dropFirst("manager:".count))))
        }
        return options.map { ["value": $0.0, "label": $0.1, "selected": $0.0 == chosen] }
    }
}
