import FloWorxCore
import FloWorxServer
import FloWorxStore
import Foundation
import Hummingbird
import PostgresNIO

/// The escalation rules: the business's rules in plain words (the safety defaults marked), in the order they run, each
/// switched on or off; an editor for one rule (condition groups, actions, or its JSON) that validates with the rule
/// engine's own validator and names each problem beside its field; and "test this rule on the last 100 emails", which
/// runs the rule being edited, unsaved, through the real `RuleEngine` over what was recorded of the business's latest
/// processed mail (`RuleTrial`). Every read and write runs as the signed-in owner, so row-level security decides.
struct RulesPages: Sendable {
    let web: WebContext

    /// How many of the latest processed emails a test runs over.
    static let trialSize = 100

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("rules") { request, context in await web.handle(request) { try await list(request, context) } }
        group.get("rules/new") { request, context in
            await web.handle(request) {
                let session = try await web.requireSession(request, context)
                var form = RuleForm()
                form.notify = true
                return try await editor(request, context, session: session, id: nil, form: form)
            }
        }
        group.post("rules/new") { request, context in await web.handle(request) { try await submit(request, context, existing: false) } }
        group.get("rules/:id") { request, context in await web.handle(request) { try await edit(request, context) } }
        group.post("rules/:id") { request, context in await web.handle(request) { try await submit(request, context, existing: true) } }
        group.post("rules/:id/active") { request, context in await web.handle(request) { try await switchRule(request, context) } }
        group.post("rules/:id/delete") { request, context in await web.handle(request) { try await delete(request, context) } }
    }

    // MARK: List

    private func list(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let session = try await web.requireSession(request, context)
        let rules = try await RulesRepository.list(on: web.database.tenant(session.identity, liveness: context.liveness))
        let rows: [[String: Any]] = rules.map { rule in
            let stored = Self.decode(rule)
            let reference = RuleEngine.defaultRules.first { $0.name == rule.name }
            var row: [String: Any] = [
                "id": rule.id.uuidString.lowercased(), "name": rule.name, "priority": rule.priority, "active": rule.isActive,
                "when": stored.map { RuleWording.conditions($0.conditions) } ?? "(conditions FloWorx cannot read)",
                "then": stored.map { RuleWording.actions($0.actions) } ?? "(actions FloWorx cannot read)",
                "isDefault": reference != nil,
            ]
            if let reference, let stored, stored.conditions != reference.conditions || stored.actions != reference.actions { row["changed"] = true }
            return row
        }
        var data: [String: Any] = ["rules": rows, "empty": rows.isEmpty, "trialSize": Self.trialSize]
        let query = request.uri.queryParameters
        if query.get("saved") != nil { data["notice"] = "Rule saved." }
        if query.get("deleted") != nil { data["notice"] = "Rule deleted." }
        if let state = query.get("switched") { data["notice"] = state == "on" ? "Rule switched on." : "Rule switched off." }
        return web.page(request, "rules", title: "Escalation rules", data: data, session: session, navigation: "rules")
    }

    // MARK: Editor

    private func edit(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let session = try await web.requireSession(request, context)
        guard let id = Self.id(context), let rule = try await RulesRepository.rule(id: id, on: web.database.tenant(session.identity, liveness: context.liveness))
        else { return web.notFound(request, session: session) }
        var form: RuleForm
        if let stored = Self.decode(rule) {
            form = RuleForm(name: rule.name, priority: String(rule.priority), active: rule.isActive, conditions: stored.conditions, actions: stored.actions)
        } else {
            form = RuleForm()
            (form.name, form.priority, form.active, form.json) = (rule.name, String(rule.priority), rule.isActive, true)
            (form.conditionsJSON, form.actionsJSON) = (rule.conditionsJSON, rule.actionsJSON)
        }
        if request.uri.queryParameters.get("json") == "1" { form.apply(command: "json") }
        return try await editor(request, context, session: session, id: id, form: form)
    }

    private func submit(_ request: Request, _ context: AppRequestContext, existing: Bool) async throws -> Response {
        let session = try await web.requireSession(request, context)
        let posted = try await web.form(request, session: session)
        let tenant = web.database.tenant(session.identity, liveness: context.liveness)
        var id: UUID?
        if existing {
            guard let known = Self.id(context), try await RulesRepository.rule(id: known, on: tenant) != nil else { return web.notFound(request, session: session) }
            id = known
        }
        var form = RuleForm(posted)
        let command = posted["do"] ?? "save"
        guard command == "save" || command == "test" else {
            form.apply(command: command)
            return try await editor(request, context, session: session, id: id, form: form)
        }
        var problems: RuleForm.Problems
        switch form.build() {
        case .failure(let found):
            problems = found
        case .success(let built):
            if command == "test" {
                let rule = EscalationRule(id: id ?? UUID(), name: built.name, conditions: built.condition, actions: built.actionList, priority: built.priority)
                return try await editor(request, context, session: session, id: id, form: form, trial: try await trial(rule, session: session, tenant: tenant))
            }
            problems = RuleForm.Problems()
            let others = try await RulesRepository.list(on: tenant).filter { $0.id != id }
            if others.contains(where: { $0.name.lowercased() == built.name.lowercased() }) {
                problems.add("name", "Another of your rules has this name; rule names are unique.")
                break
            }
            do {
                let conditions = RuleForm.pretty(built.conditions), actions = RuleForm.pretty(built.actions)
                if let id {
                    let rule = RulesRepository.Rule(id: id, name: built.name, conditionsJSON: conditions, actionsJSON: actions, priority: built.priority, isActive: form.active)
                    guard try await RulesRepository.update(rule, on: tenant) else { return web.notFound(request, session: session) }
                } else {
                    id = try await RulesRepository.create(
                        clientId: session.userId, name: built.name, conditionsJSON: conditions, actionsJSON: actions, priority: built.priority,
                        isActive: form.active, on: tenant)
                }
                return web.redirect("/rules?saved=\(id!.uuidString.lowercased())", cookies: session.cookies)
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23514" {
                // The database's own JSON schema check refused it (a limit the form does not know): nothing was written.
                problems.add(form.json ? "conditions_json" : "g0_c0_fact", error.serverInfo?[.message] ?? "The rule was refused.")
            }
        }
        return try await editor(request, context, session: session, id: id, form: form, problems: problems, status: .unprocessableContent)
    }

    private func switchRule(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let session = try await web.requireSession(request, context)
        let posted = try await web.form(request, session: session)
        let on = posted["active"] == "1"
        guard let id = Self.id(context),
              try await RulesRepository.setActive(id: id, on, on: web.database.tenant(session.identity, liveness: context.liveness))
        else { return web.notFound(request, session: session) }
        return web.redirect("/rules?switched=\(on ? "on" : "off")#rule-\(id.uuidString.lowercased())", cookies: session.cookies)
    }

    private func delete(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let session = try await web.requireSession(request, context)
        _ = try await web.form(request, session: session)
        guard let id = Self.id(context), try await RulesRepository.delete(id: id, on: web.database.tenant(session.identity, liveness: context.liveness))
        else { return web.notFound(request, session: session) }
        return web.redirect("/rules?deleted=1", cookies: session.cookies)
    }

    // MARK: Test on the last emails

    /// What the rule would have done to the latest processed emails.
    struct Trial {
        var tested: Int
        var matches: [[String: Any]]
        var problems: [String]
    }

    private func trial(_ rule: EscalationRule, session: WebSession, tenant: TenantDatabase) async throws -> Trial {
        guard let profile = try await web.profiles.profiles([session.userId])[session.userId] else { return Trial(tested: 0, matches: [], problems: []) }
        let windows = RuleEngine.countWindows([rule]).sorted()
        let recorded = try await RulesRepository.recentEmails(limit: Self.trialSize, windows: windows, on: tenant)
        let emails = recorded.map { email in
            let classification = email.classificationJSON.flatMap { RuleForm.parse($0)?.objectValue } ?? [:]
            return RuleTrial.Email(
                from: email.fromEmail, to: email.toEmail, subject: email.subject ?? "", body: email.body ?? "", receivedAt: email.receivedAt,
                processedAt: email.processedAt, classification: classification, correctedCategory: email.correctedCategory,
                senderRecentCounts: email.senderRecentCounts)
        }
        let outcomes = RuleTrial.run(rule, on: emails, profile: profile)
        let zone = WebFormat.zone(of: profile)
        var matches: [[String: Any]] = []
        var problems: [String] = []
        for (email, outcome) in zip(recorded, outcomes) {
            guard let outcome else { continue }
            for problem in outcome.problems where !problems.contains(problem) && problems.count < 5 { problems.append(problem) }
            guard let match = outcome.matches.first else { continue }
            matches.append([
                "id": email.id.uuidString.lowercased(), "subject": email.subject.flatMap { $0.isEmpty ? nil : $0 } ?? "(no subject)",
                "from": email.fromEmail, "received": WebFormat.dateTime(email.receivedAt, in: zone),
                "receivedISO": WebFormat.iso(email.receivedAt),
                "why": match.reasons.joined(separator: "; "), "did": RuleWording.outcome(outcome),
            ])
        }
        return Trial(tested: outcomes.compactMap { $0 }.count, matches: matches, problems: problems)
    }

    // MARK: Rendering

    private func editor(
        _ request: Request, _ context: AppRequestContext, session: WebSession, id: UUID?, form: RuleForm, problems: RuleForm.Problems = .init(),
        trial: Trial? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let managers = try await web.profiles.profiles([session.userId])[session.userId]?.managers ?? []
        var data = RuleEditorData.make(form, managers: managers, problems: problems)
        data["action"] = id.map { "/rules/\($0.uuidString.lowercased())" } ?? "/rules/new"
        data["isNew"] = id == nil
        if let id { data["id"] = id.uuidString.lowercased() }
        data["isDefault"] = RuleEngine.defaultRules.contains { $0.name == form.name }
        data["trialSize"] = Self.trialSize
        if !problems.fields.isEmpty {
            data["hasProblems"] = true
            data["problems"] = problems.fields.map { ["field": $0.field, "message": $0.message] }
            for (field, message) in problems.fields { data["error_\(field)"] = message }
        }
        if let trial {
            data["trial"] = true
            data["tested"] = trial.tested
            data["matched"] = trial.matches.count
            data["matches"] = trial.matches
            data["hasMatches"] = !trial.matches.isEmpty
            if !trial.problems.isEmpty { data["trialProblems"] = trial.problems }
        }
        let title = id == nil ? "New rule" : (form.name.isEmpty ? "Rule" : form.name)
        return web.page(request, "rule", title: title, data: data, session: session, status: status, navigation: "rules")
    }

    // MARK: Helpers

    private static func id(_ context: AppRequestContext) -> UUID? {
        context.parameters.get("id").flatMap(UUID.init(uuidString:))
    }

    /// A stored rule's conditions and actions, or `nil` when they do not decode (the database validates them, so only
    /// a rule written before a schema change could).
    static func decode(_ rule: RulesRepository.Rule) -> (conditions: RuleCondition, actions: [RuleAction])? {
        let decoder = JSONCoding.decoder()
        guard let conditions = try? decoder.decode(RuleCondition.self, from: Data(rule.conditionsJSON.utf8)),
              let actions = try? decoder.decode([RuleAction].self, from: Data(rule.actionsJSON.utf8))
        else { return nil }
        return (conditions, actions)
    }
}
