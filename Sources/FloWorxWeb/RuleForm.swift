import FloWorxCore
import Foundation

/// The escalation rule editor's form, as posted and as shown: the name, priority and switch, the condition tree as
/// groups of condition rows (the whole rule matches when all or any groups match; a group when all or any of its rows
/// do), the actions as checkboxes with their settings, or, for a rule the form cannot draw, its JSON. It turns into the
/// rule's `conditions` and `actions` JSON with every problem named by the form field it is about.
struct RuleForm: Sendable {
    /// One condition row: what to look at, how to compare, with what (and the window of a sender count).
    struct Row: Sendable, Hashable {
        var fact = ""
        var op = "eq"
        var value = ""
        var hours = ""
    }

    /// Condition rows combined by `all` or `any`.
    struct Group: Sendable, Hashable {
        var match = "all"
        var rows: [Row] = []
    }

    static let maxGroups = 5
    static let maxRows = 10
    /// The `op` value of "does not contain any of": `{"not": {… "op": "contains_any"}}`.
    static let notContains = "not_contains"

    var name = ""
    var priority = "1"
    var active = true
    var match = "all"
    var groups: [Group] = [Group(rows: [Row(), Row(), Row()])]

    var escalate = false
    var notify = false
    var notifyChannels: Set<String> = ["email"]
    /// `""` every manager, `role:<role>` the managers with that role, `manager:<address>` one manager.
    var notifyTo = "role:owner"
    var forward = false
    var forwardTo = ""
    var blockDraft = false
    var setPriority = false
    var priorityValue = "50"
    var label = false
    var labelCategory = ""
    var labelSubcategory = ""

    /// The rule is edited as JSON (its tree does not fit the form, or the owner asked for it).
    var json = false
    var conditionsJSON = "{}"
    var actionsJSON = "[]"

    init() {}

    // MARK: From a posted form

    /// The form as posted; `command` (the `do` button) may add a row or a group, or switch to JSON.
    init(_ form: FormData) {
        name = form["name"] ?? ""
        priority = form["priority"] ?? ""
        active = form["active"] != nil
        json = form["mode"] == "json"
        conditionsJSON = form["conditions_json"] ?? ""
        actionsJSON = form["actions_json"] ?? ""
        match = form["match"] == "any" ? "any" : "all"
        let groupCount = min(Self.maxGroups, max(1, Int(form["groups"] ?? "") ?? 1))
        groups = (0..<groupCount).map { g in
            let rowCount = min(Self.maxRows, max(1, Int(form["g\(g)_rows"] ?? "") ?? 1))
            return Group(match: form["g\(g)_match"] == "any" ? "any" : "all", rows: (0..<rowCount).map { r in
                let prefix = "g\(g)_c\(r)"
                return Row(fact: form["\(prefix)_fact"] ?? "", op: form["\(prefix)_op"] ?? "eq", value: form["\(prefix)_value"] ?? "", hours: form["\(prefix)_hours"] ?? "")
            })
        }
        escalate = form["escalate"] != nil
        notify = form["notify"] != nil
        notifyChannels = Set(RuleAction.Channel.allCases.map(\.rawValue).filter { form["notify_\($0)"] != nil })
        notifyTo = form["notify_to"] ?? ""
        forward = form["forward"] != nil
        forwardTo = form["forward_to"] ?? ""
        blockDraft = form["block_draft"] != nil
        setPriority = form["set_priority"] != nil
        priorityValue = form["priority_value"] ?? ""
        label = form["label"] != nil
        labelCategory = form["label_category"] ?? ""
        labelSubcategory = form["label_subcategory"] ?? ""
    }

    /// Applies an editing command: `add_row:<group>`, `add_group`, `json` (edit as JSON) or `form`.
    mutating func apply(command: String) {
        if command == "add_group", groups.count < Self.maxGroups {
            groups.append(Group(rows: [Row(), Row()]))
        } else if command.hasPrefix("add_row:"), let g = Int(command.dropFirst("add_row:".count)), groups.indices.contains(g),
                  groups[g].rows.count < Self.maxRows {
            groups[g].rows.append(Row())
        } else if command == "json", !json, let built = try? build().get() {
            conditionsJSON = Self.pretty(built.conditions)
            actionsJSON = Self.pretty(built.actions)
            json = true
        } else if command == "form", json {
            let conditions = Self.parse(conditionsJSON), actions = Self.parse(actionsJSON)
            if let conditions, let actions,
               let condition = try? JSONCoding.decoder().decode(RuleCondition.self, from: JSONCoding.encoder().encode(conditions)),
               let list = try? JSONCoding.decoder().decode([RuleAction].self, from: JSONCoding.encoder().encode(actions)) {
                let drawn = RuleForm(name: name, priority: priority, active: active, conditions: condition, actions: list)
                if !drawn.json { self = drawn }
            }
        }
    }

    // MARK: From a stored rule

    /// The form of a stored rule; JSON when its tree or actions do not fit the form.
    init(name: String, priority: String, active: Bool, conditions: RuleCondition, actions: [RuleAction]) {
        self.name = name
        self.priority = priority
        self.active = active
        let drawn = Self.groups(conditions)
        let actionsFit = Self.fill(&self, actions: actions)
        if let (top, groups) = drawn, actionsFit {
            match = top
            self.groups = groups.map { group in
                var padded = group
                if padded.rows.count < Self.maxRows { padded.rows.append(Row()) }
                return padded
            }
        } else {
            json = true
            conditionsJSON = Self.pretty(Self.jsonValue(conditions))
            actionsJSON = Self.pretty(Self.jsonValue(actions))
        }
    }

    private static func row(_ condition: RuleCondition) -> Row? {
        switch condition {
        case .leaf(let leaf):
            // `subcategory eq null` has no form value: such a rule is edited as JSON.
            if leaf.value == .null { return nil }
            // `contains` with a list means any of them: the form says so.
            let op = leaf.op == .contains && leaf.value.arrayValue != nil ? RuleLeaf.Operator.containsAny : leaf.op
            return Row(fact: leaf.fact.rawValue, op: op.rawValue, value: text(leaf.value), hours: leaf.hours.map { text(.number($0)) } ?? "")
        case .not(.leaf(let leaf)) where leaf.op == .containsAny:
            return Row(fact: leaf.fact.rawValue, op: notContains, value: text(leaf.value))
        default:
            return nil
        }
    }

    private static func groups(_ condition: RuleCondition) -> (String, [Group])? {
        if let single = row(condition) { return ("all", [Group(rows: [single])]) }
        func children(_ condition: RuleCondition) -> (String, [RuleCondition])? {
            switch condition {
            case .all(let list): ("all", list)
            case .any(let list): ("any", list)
            default: nil
            }
        }
        guard let (top, list) = children(condition), !list.isEmpty, list.count <= maxGroups * maxRows else { return nil }
        let rows = list.compactMap(row)
        if rows.count == list.count, rows.count <= maxRows { return (top, [Group(match: top, rows: rows)]) }
        guard list.count <= maxGroups else { return nil }
        var groups: [Group] = []
        for child in list {
            if let single = row(child) {
                groups.append(Group(rows: [single]))
            } else if let (inner, members) = children(child), !members.isEmpty, members.count <= maxRows {
                let rows = members.compactMap(row)
                guard rows.count == members.count else { return nil }
                groups.append(Group(match: inner, rows: rows))
            } else {
                return nil
            }
        }
        return (top, groups)
    }

    /// Sets the action fields; `false` when an action repeats (the form has one of each).
    private static func fill(_ form: inout RuleForm, actions: [RuleAction]) -> Bool {
        form.notify = false
        form.notifyTo = ""
        var seen = Set<String>()
        for action in actions {
            guard seen.insert(action.type).inserted else { return false }
            switch action {
            case .markEscalated: form.escalate = true
            case .blockDraft: form.blockDraft = true
            case .setPriority(let value):
                form.setPriority = true
                form.priorityValue = String(value)
            case .applyLabel(let category, let subcategory):
                form.label = true
                form.labelCategory = category.rawValue
                form.labelSubcategory = subcategory ?? ""
            case .notify(let channels, let target):
                form.notify = true
                form.notifyChannels = Set((channels.isEmpty ? [.email] : channels).map(\.rawValue))
                form.notifyTo = target.formValue
            case .forward(let target):
                form.forward = true
                form.forwardTo = target.formValue
            }
        }
        return true
    }

    // MARK: To the rule's JSON

    /// The rule's JSON, or every problem by form field (`name`, `g0_c1_value`, `notify_manager`, `conditions_json`…).
    struct Built: Sendable {
        var name: String
        var priority: Int
        var conditions: JSONValue
        var actions: JSONValue
        var condition: RuleCondition
        var actionList: [RuleAction]
    }

    /// Problems by form field, in the order the form shows them.
    struct Problems: Error {
        var fields: [(field: String, message: String)] = []
        mutating func add(_ field: String, _ message: String) {
            if !fields.contains(where: { $0.field == field }) { fields.append((field, message)) }
        }
    }

    func build() -> Result<Built, Problems> {
        var problems = Problems()
        let trimmedName = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmedName.isEmpty { problems.add("name", "Give the rule a name.") }
        if trimmedName.count > 200 { problems.add("name", "The name is longer than 200 characters.") }
        let order = Int(priority.trimmingCharacters(in: .whitespaces))
        if order == nil || !(-1000...1000).contains(order!) { problems.add("priority", "The order must be a whole number from -1000 to 1000.") }

        var conditions: JSONValue = .object([:])
        var actions: JSONValue = .array([])
        var paths: [(path: String, field: (String) -> String)] = []
        if json {
            if let parsed = Self.parse(conditionsJSON) { conditions = parsed } else { problems.add("conditions_json", "This is not valid JSON.") }
            if let parsed = Self.parse(actionsJSON) { actions = parsed } else { problems.add("actions_json", "This is not valid JSON.") }
            paths = [("conditions", { _ in "conditions_json" }), ("actions", { _ in "actions_json" })]
        } else {
            (conditions, paths) = buildConditions(into: &problems)
            let (list, actionPaths) = buildActions(into: &problems)
            actions = list
            paths += actionPaths
        }
        if problems.fields.isEmpty {
            for problem in RuleValidator.validate(conditions: conditions, actions: actions) {
                let entry = paths.sorted { $0.path.count > $1.path.count }
                    .first { problem.path == $0.path || problem.path.hasPrefix($0.path + ".") || problem.path.hasPrefix($0.path + "[") }
                let rest = entry.map { String(problem.path.dropFirst($0.path.count)) } ?? ""
                let member = rest.split(whereSeparator: { $0 == "." || $0 == "[" }).first.map(String.init) ?? ""
                let field = entry?.field(member) ?? (problem.path.hasPrefix("actions") ? "actions" : "g0_c0_fact")
                problems.add(field, json ? "\(problem.path): \(problem.message)" : Self.sentence(problem.message))
            }
        }
        guard problems.fields.isEmpty, let order,
              let condition = try? JSONCoding.decoder().decode(RuleCondition.self, from: JSONCoding.encoder().encode(conditions)),
              let list = try? JSONCoding.decoder().decode([RuleAction].self, from: JSONCoding.encoder().encode(actions))
        else {
            if problems.fields.isEmpty { problems.add(json ? "conditions_json" : "g0_c0_fact", "The rule could not be read.") }
            return .failure(problems)
        }
        return .success(Built(name: trimmedName, priority: order, conditions: conditions, actions: actions, condition: condition, actionList: list))
    }

    private func buildConditions(into problems: inout Problems) -> (JSONValue, [(path: String, field: (String) -> String)]) {
        var built: [(match: String, leaves: [(JSONValue, String)])] = []
        for (g, group) in groups.enumerated() {
            var leaves: [(JSONValue, String)] = []
            for (r, row) in group.rows.enumerated() {
                let prefix = "g\(g)_c\(r)"
                guard !row.fact.isEmpty else {
                    if !row.value.trimmingCharacters(in: .whitespaces).isEmpty { problems.add("\(prefix)_fact", "Choose what this condition looks at.") }
                    continue
                }
                if let leaf = leaf(row, prefix: prefix, into: &problems) { leaves.append((leaf, prefix)) }
            }
            if !leaves.isEmpty { built.append((group.match, leaves)) }
        }
        if built.isEmpty, problems.fields.isEmpty { problems.add("g0_c0_fact", "Add at least one condition.") }
        var paths: [(path: String, field: (String) -> String)] = []
        func leafPath(_ path: String, _ prefix: String, _ leaf: JSONValue) {
            let inner = leaf["not"] != nil ? path + ".not" : path
            paths.append((inner, { member in ["fact", "op", "value", "hours"].contains(member) ? "\(prefix)_\(member)" : "\(prefix)_value" }))
        }
        if built.count == 1, built[0].leaves.count == 1 {
            leafPath("conditions", built[0].leaves[0].1, built[0].leaves[0].0)
            return (built[0].leaves[0].0, paths)
        }
        if built.count == 1 {
            let group = built[0]
            for (index, (leaf, prefix)) in group.leaves.enumerated() { leafPath("conditions.\(group.match)[\(index)]", prefix, leaf) }
            return (.object([group.match: .array(group.leaves.map(\.0))]), paths)
        }
        var members: [JSONValue] = []
        for (g, group) in built.enumerated() {
            if group.leaves.count == 1 {
                leafPath("conditions.\(match)[\(g)]", group.leaves[0].1, group.leaves[0].0)
                members.append(group.leaves[0].0)
            } else {
                for (index, (leaf, prefix)) in group.leaves.enumerated() { leafPath("conditions.\(match)[\(g)].\(group.match)[\(index)]", prefix, leaf) }
                members.append(.object([group.match: .array(group.leaves.map(\.0))]))
            }
        }
        return (.object([match: .array(members)]), paths)
    }

    /// One condition row's leaf, its value typed by what it looks at; `nil` (with the problem) when it cannot be.
    private func leaf(_ row: Row, prefix: String, into problems: inout Problems) -> JSONValue? {
        guard let fact = RuleLeaf.Fact(rawValue: row.fact) else {
            problems.add("\(prefix)_fact", "Choose what this condition looks at from the list.")
            return nil
        }
        let negated = row.op == Self.notContains
        guard negated || RuleLeaf.Operator(rawValue: row.op) != nil else {
            problems.add("\(prefix)_op", "Choose how to compare from the list.")
            return nil
        }
        let op = negated ? RuleLeaf.Operator.containsAny.rawValue : row.op
        let listed = ["in", "not_in", "contains_any", "contains_all"].contains(op)
        let raw = row.value.trimmingCharacters(in: .whitespacesAndNewlines)
        let items = listed ? raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } : (raw.isEmpty ? [] : [raw])
        let field = "\(prefix)_value"
        var values: [JSONValue] = []
        switch RuleFacts.kind(fact) {
        case .boolean:
            switch raw.lowercased() {
            case "", "yes", "true": values = [.bool(true)]
            case "no", "false": values = [.bool(false)]
            default:
                problems.add(field, "Write yes or no.")
                return nil
            }
        case .number(let range):
            for item in items {
                guard let number = Double(item), number.isFinite, range.contains(number) else {
                    problems.add(field, "\"\(item)\" is not a number from \(RuleFacts.render(.number(range.lowerBound))) to \(RuleFacts.render(.number(range.upperBound))).")
                    return nil
                }
                values.append(.number(number))
            }
        case .choice(let known):
            for item in items {
                let name = known == RuleFacts.categories ? item.uppercased().replacingOccurrences(of: " ", with: "_") : item.lowercased()
                guard known.contains(name) else {
                    problems.add(field, "\"\(item)\" is not one of: \(known.joined(separator: ", ")).")
                    return nil
                }
                values.append(.string(name))
            }
        case .text:
            for item in items {
                guard item.count <= 500 else {
                    problems.add(field, "Each text can be at most 500 characters.")
                    return nil
                }
                values.append(.string(item))
            }
        }
        guard !values.isEmpty else {
            problems.add(field, listed ? "Write one or more values, separated by commas." : "Write a value.")
            return nil
        }
        var members: [String: JSONValue] = [
            "fact": .string(fact.rawValue), "op": .string(op), "value": listed ? .array(values) : values[0],
        ]
        if fact == .senderRecentCount {
            guard let hours = Double(row.hours.trimmingCharacters(in: .whitespaces)), hours > 0, hours <= 8760 else {
                problems.add("\(prefix)_hours", "Write the number of hours to count over (up to 8760).")
                return nil
            }
            members["hours"] = .number(hours)
        }
        return negated ? .object(["not": .object(members)]) : .object(members)
    }

    private func buildActions(into problems: inout Problems) -> (JSONValue, [(path: String, field: (String) -> String)]) {
        var list: [JSONValue] = []
        var paths: [(path: String, field: (String) -> String)] = []
        func target(_ to: String, into members: inout [String: JSONValue]) {
            if to.hasPrefix("manager:") {
                members["manager_email"] = .string(String(to.dropFirst("manager:".count)))
            } else if to.hasPrefix("role:") {
                members["role"] = .string(String(to.dropFirst("role:".count)))
            }
        }
        if notify {
            var members: [String: JSONValue] = ["type": .string("notify"), "channels": .array(RuleAction.Channel.allCases.map(\.rawValue).filter(notifyChannels.contains).map(JSONValue.string))]
            target(notifyTo, into: &members)
            paths.append(("actions[\(list.count)]", { $0 == "channels" ? "notify_email" : "notify_to" }))
            list.append(.object(members))
        }
        if forward {
            var members: [String: JSONValue] = ["type": .string("forward")]
            target(forwardTo, into: &members)
            paths.append(("actions[\(list.count)]", { _ in "forward_to" }))
            list.append(.object(members))
        }
        if setPriority {
            if let value = Int(priorityValue.trimmingCharacters(in: .whitespaces)), (0...100).contains(value) {
                list.append(.object(["type": .string("set_priority"), "priority": .number(Double(value))]))
            } else {
                problems.add("priority_value", "The priority must be a whole number from 0 to 100.")
            }
        }
        if label {
            var members: [String: JSONValue] = ["type": .string("apply_label"), "category": .string(labelCategory)]
            let subcategory = labelSubcategory.trimmingCharacters(in: .whitespaces)
            if subcategory.count > 200 { problems.add("label_subcategory", "The subcategory can be at most 200 characters.") }
            if !subcategory.isEmpty { members["subcategory"] = .string(subcategory) }
            paths.append(("actions[\(list.count)]", { $0 == "subcategory" ? "label_subcategory" : "label_category" }))
            list.append(.object(members))
        }
        if blockDraft { list.append(.object(["type": .string("block_draft")])) }
        if escalate { list.append(.object(["type": .string("mark_escalated")])) }
        if list.isEmpty, !problems.fields.contains(where: { $0.field == "priority_value" }) {
            problems.add("actions", "Choose at least one thing the rule does.")
        }
        paths.append(("actions", { _ in "actions" }))
        return (.array(list), paths)
    }

    // MARK: Helpers

    /// `must be a list` → `Must be a list.`
    static func sentence(_ message: String) -> String {
        let text = message.prefix(1).uppercased() + message.dropFirst()
        return text.hasSuffix(".") ? text : text + "."
    }

    static func parse(_ text: String) -> JSONValue? {
        guard !text.isEmpty, text.utf8.count <= 65536 else { return nil }
        return try? JSONCoding.decoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    static func jsonValue<T: Encodable>(_ value: T) -> JSONValue {
        (try? JSONCoding.decoder().decode(JSONValue.self, from: JSONCoding.encoder().encode(value))) ?? .null
    }

    static func pretty(_ value: JSONValue) -> String {
        let encoder = JSONCoding.encoder()
        encoder.outputFormatting.insert(.prettyPrinted)
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// How a stored value is written in a form field: lists as `a, b`, booleans as yes / no.
    static func text(_ value: JSONValue) -> String {
        switch value {
        case .bool(let flag): flag ? "yes" : "no"
        case .array(let items): items.map(text).joined(separator: ", ")
        case .null: ""
        default: RuleFacts.render(value)
        }
    }
}

extension RuleAction.Target {
    /// The editor's value for a target: `manager:<address>`, `role:<role>`, or `""` for every manager.
    var formValue: String {
        if let managerEmail { return "manager:\(managerEmail)" }
        return role.map { "role:\($0.rawValue)" } ?? ""
    }
}
