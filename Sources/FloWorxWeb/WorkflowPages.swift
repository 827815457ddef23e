import FloWorxCore
import FloWorxServer
import Foundation
import HTTPTypes
import Hummingbird

/// The workflow pages (issue 16): the business's versions with their metrics, a readable view of one version's
/// steps, a new version edited as JSON (field-named errors beside the form), deploy and roll back, and the dry run of
/// any version against the last emails, compared with the active version. Every read and write is a call of
/// `/api/v1/workflows` in-process with the owner's token (`InternalAPI`), so the API's validation, its row-level
/// security and its dry run (`WorkflowDryRunRoutes`) are the ones used: another business's version is the API's 404
/// and this app's not-found page.
struct WorkflowPages: Sendable {
    let web: WebContext

    /// Emails a dry run replays unless the form says otherwise, and the most it may ask for.
    static let defaultDryRunLimit = 20
    static let maximumDryRunLimit = 100

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("workflows") { request, context in await web.handle(request) { try await list(request, context) } }
        group.post("workflows") { request, context in await web.handle(request) { try await save(request, context) } }
        group.get("workflows/:version") { request, context in await web.handle(request) { try await show(request, context) } }
        group.post("workflows/:version/deploy") { request, context in await web.handle(request) { try await deploy(request, context, rollback: false) } }
        group.post("workflows/:version/rollback") { request, context in await web.handle(request) { try await deploy(request, context, rollback: true) } }
        group.post("workflows/:version/dry-run") { request, context in await web.handle(request) { try await dryRun(request, context) } }
    }

    // MARK: List and save

    private func list(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let session = try await web.requireSession(request, context)
        return try await listPage(request, context, session: session)
    }

    private func listPage(
        _ request: Request, _ context: AppRequestContext, session: WebSession, form: (name: String, text: String)? = nil,
        problems: [[String: Any]] = [], more: Int = 0, error: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let versions = try await versions(request, context, session: session)
        let active = versions.first { $0["is_active"] as? Bool == true }
        var data: [String: Any] = [
            "versions": versions.map { describe($0, session: session) },
            "name": form?.name ?? "",
            "definition": form?.text ?? Self.pretty(Self.json(active?["workflow_data"])),
            "activeVersion": (active?["version"]).flatMap(Self.int) ?? 0,
        ]
        if !problems.isEmpty {
            data["problems"] = problems
            data["hasProblems"] = true
            if more > 0 { data["more"] = more }
        }
        let query = request.uri.queryParameters
        if let number = query.get("deployed").flatMap(Int.init) { data["notice"] = "Version \(number) is deployed: the next email is processed with it." }
        if let number = query.get("rolledback").flatMap(Int.init) { data["notice"] = "Rolled back to version \(number): the next email is processed with it." }
        if let error { data["error"] = error }
        return web.page(request, "workflows", title: "Workflow", data: data, session: session, status: status, navigation: "workflows")
    }

    private func save(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let session = try await web.requireSession(request, context)
        let form = try await web.form(request, session: session)
        let name = form.text("name") ?? ""
        let text = form["definition"] ?? ""
        let typed = (name: name, text: text)
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else {
            let problem: [String: Any] = ["field": "definition", "message": "is not a JSON object: check the quotes, commas and brackets"]
            return try await listPage(request, context, session: session, form: typed, problems: [problem], status: .unprocessableContent)
        }
        var body: [String: Any] = ["workflow_data": object]
        if !name.isEmpty { body["name"] = name }
        let answer = try await web.api.call(.post, "/api/v1/workflows", json: body, bearer: session.accessToken, original: request, context: context)
        guard answer.ok, let version = Self.int(answer.object["version"]) else {
            let errors = (answer.object["errors"] as? [[String: Any]]) ?? []
            let problems: [[String: Any]] = errors.map { ["field": $0["path"] as? String ?? "", "message": $0["message"] as? String ?? ""] }
            let more = max(0, (Self.int(answer.object["total"]) ?? problems.count) - problems.count)
            return try await listPage(
                request, context, session: session, form: typed, problems: problems, more: more, error: problems.isEmpty ? answer.message : nil,
                status: answer.status == .contentTooLarge ? .contentTooLarge : .unprocessableContent)
        }
        return web.redirect("/workflows/\(version)?saved=1", cookies: session.cookies)
    }

    // MARK: One version

    private func show(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let session = try await web.requireSession(request, context)
        return try await versionPage(request, context, session: session)
    }

    /// One version's page; `dryRun` is the API's dry-run answer to show, `limit` the form's value.
    private func versionPage(
        _ request: Request, _ context: AppRequestContext, session: WebSession, dryRun: [String: Any]? = nil, limit: String? = nil,
        limitError: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        guard let number = Self.versionNumber(context) else { return web.notFound(request, session: session) }
        let versions = try await versions(request, context, session: session)
        guard let version = versions.first(where: { Self.int($0["version"]) == number }) else { return web.notFound(request, session: session) }
        let active = versions.first { $0["is_active"] as? Bool == true }.flatMap { Self.int($0["version"]) } ?? 0
        var data = describe(version, session: session)
        let definition = Self.json(version["workflow_data"])
        data["steps"] = (definition["steps"]?.arrayValue ?? []).enumerated().map { Self.step($0.element, number: $0.offset + 1) }
        data["json"] = Self.pretty(definition)
        data["canDeploy"] = !(version["is_active"] as? Bool ?? false) && number > active
        data["canRollBack"] = !(version["is_active"] as? Bool ?? false) && number < active
        data["activeVersion"] = active
        data["limit"] = limit ?? String(Self.defaultDryRunLimit)
        data["maxLimit"] = Self.maximumDryRunLimit
        if let limitError { data["limitError"] = limitError }
        if let error { data["error"] = error }
        if request.uri.queryParameters.get("saved") == "1" { data["notice"] = "Version \(number) is saved. Dry-run it, then deploy it." }
        if let dryRun { data["dryRun"] = Self.comparison(dryRun) }
        return web.page(request, "workflow", title: "Workflow version \(number)", data: data, session: session, status: status, navigation: "workflows")
    }

    private func deploy(_ request: Request, _ context: AppRequestContext, rollback: Bool) async throws -> Response {
        let session = try await web.requireSession(request, context)
        _ = try await web.form(request, session: session)
        guard let number = Self.versionNumber(context) else { return web.notFound(request, session: session) }
        let answer = rollback
            ? try await web.api.call(.post, "/api/v1/workflows/rollback", json: ["version": number], bearer: session.accessToken, original: request, context: context)
            : try await web.api.call(.post, "/api/v1/workflows/\(number)/activate", bearer: session.accessToken, original: request, context: context)
        if answer.status == .notFound { return web.notFound(request, session: session) }
        guard answer.ok else {
            return try await versionPage(request, context, session: session, error: answer.message, status: answer.status == .conflict ? .conflict : .unprocessableContent)
        }
        return web.redirect("/workflows?\(rollback ? "rolledback" : "deployed")=\(number)", cookies: session.cookies)
    }

    private func dryRun(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let session = try await web.requireSession(request, context)
        let form = try await web.form(request, session: session)
        guard let number = Self.versionNumber(context) else { return web.notFound(request, session: session) }
        let typed = form.text("limit") ?? String(Self.defaultDryRunLimit)
        guard let limit = Int(typed), (1...Self.maximumDryRunLimit).contains(limit) else {
            return try await versionPage(
                request, context, session: session, limit: typed, limitError: "Enter a whole number from 1 to \(Self.maximumDryRunLimit).",
                status: .unprocessableContent)
        }
        let answer = try await web.api.call(
            .post, "/api/v1/workflows/\(number)/dry-run", json: ["limit": limit], bearer: session.accessToken, original: request, context: context)
        if answer.status == .notFound { return web.notFound(request, session: session) }
        guard answer.ok else {
            return try await versionPage(request, context, session: session, limit: typed, error: answer.message, status: answer.status == .conflict ? .conflict : .unprocessableContent)
        }
        return try await versionPage(request, context, session: session, dryRun: answer.object, limit: typed)
    }

    // MARK: Helpers

    /// Every version of the owner's business, newest first (the API's list, which creates the default on first read).
    private func versions(_ request: Request, _ context: AppRequestContext, session: WebSession) async throws -> [[String: Any]] {
        let answer = try await web.api.call(.get, "/api/v1/workflows", bearer: session.accessToken, original: request, context: context)
        guard answer.ok else { throw WorkflowPageError(message: "the workflow list answered \(answer.status.code): \(answer.message)") }
        return answer.object["workflows"] as? [[String: Any]] ?? []
    }

    private static func versionNumber(_ context: AppRequestContext) -> Int? {
        guard let text = context.parameters.get("version"), let number = Int(text), number >= 1, number <= 1_000_000 else { return nil }
        return number
    }

    /// What the list and the version page show of a version.
    private func describe(_ version: [String: Any], session: WebSession) -> [String: Any] {
        let number = Self.int(version["version"]) ?? 0
        let metrics = version["metrics"] as? [String: Any] ?? [:]
        let name = version["name"] as? String ?? ""
        var row: [String: Any] = [
            "version": number, "name": name, "active": version["is_active"] as? Bool ?? false, "valid": version["valid"] as? Bool ?? true,
            "href": "/workflows/\(number)",
            // Only the owner's account writes a business's versions; version 1 named "Default" is the one FloWorx made.
            "savedBy": number == 1 && name == WorkflowDefinition.defaultName ? "FloWorx (the built-in default)" : "you",
            "executions": Self.int(metrics["execution_count"]) ?? 0, "successes": Self.int(metrics["success_count"]) ?? 0,
            "errors": Self.int(metrics["error_count"]) ?? 0,
            "average": Self.double(metrics["avg_execution_time"]).map { String(format: "%.1f ms", $0) } ?? "–",
        ]
        if let text = version["created_at"] as? String, let date = ISO8601.parse(text) {
            row["saved"] = WebFormat.dateTime(date)
            row["savedISO"] = text
        }
        if let text = version["deployed_at"] as? String, let date = ISO8601.parse(text) {
            row["deployed"] = WebFormat.dateTime(date)
            row["deployedISO"] = text
        }
        return row
    }

    /// The dry-run answer as the page shows it: totals, and per email both decisions with what changed marked.
    static func comparison(_ answer: [String: Any]) -> [String: Any] {
        let changes = answer["changes"] as? [String: Any] ?? [:]
        let results = (answer["results"] as? [[String: Any]] ?? []).map { result -> [String: Any] in
            let changed = Set(result["changes"] as? [String] ?? [])
            func decision(_ value: Any?) -> [String: Any] {
                let object = value as? [String: Any] ?? [:]
                let actions = object["actions"] as? [String] ?? []
                return [
                    "category": InboxPages.label(object["category"] as? String ?? ""),
                    "escalated": object["escalated"] as? Bool == true ? "escalated" : "not escalated",
                    "draft": object["draft"] as? Bool == true ? "draft" : "no draft",
                    "actions": actions.isEmpty ? "none" : actions.joined(separator: ", "),
                ]
            }
            let id = result["email_log_id"] as? String ?? ""
            let subject = (result["subject"] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? "(no subject)"
            return [
                "id": id, "href": "/inbox/\(id)", "subject": subject, "from": result["from"] as? String ?? "",
                "changed": !changed.isEmpty, "changes": changed.sorted().joined(separator: ", "),
                "categoryChanged": changed.contains("category"), "escalationChanged": changed.contains("escalation"),
                "draftChanged": changed.contains("draft"), "actionsChanged": changed.contains("actions"),
                "active": decision(result["active"]), "draft": decision(result["draft"]),
            ]
        }
        return [
            "emails": int(answer["emails"]) ?? results.count, "changed": int(answer["changed"]) ?? 0,
            "activeVersion": int(answer["active_version"]).map(String.init) ?? "the default",
            "summary": changes.keys.sorted().map { "\($0): \(int(changes[$0]) ?? 0)" }.joined(separator: ", "),
            "results": results, "empty": results.isEmpty,
        ]
    }

    /// One step in words: its title, what it does, and its settings.
    static func step(_ value: JSONValue, number: Int) -> [String: Any] {
        let object = value.objectValue ?? [:]
        let type = object["type"]?.stringValue ?? "?"
        let (title, what) = stepWords[type] ?? (type, "")
        let settings = object.keys.filter { $0 != "type" }.sorted().map { key in
            ["name": settingNames[key] ?? key, "value": words(object[key] ?? .null)]
        }
        return ["number": number, "title": title, "what": what, "settings": settings, "hasSettings": !settings.isEmpty]
    }

    static let stepWords: [String: (String, String)] = [
        "loopGuard": ("Loop guard", "Recognises automatic mail (auto-replies, bounces, bulk) so it is never answered."),
        "classification": ("Classification", "The triage model sorts the email into one of your categories."),
        "businessHours": ("Business hours", "Notes whether the email arrived outside your opening hours."),
        "escalation": ("Escalation rules", "Runs your escalation rules."),
        "draft": ("Reply draft", "Writes a reply draft when your draft policy allows it."),
        "writeBack": ("Mailbox filing", "Files the email in your mailbox (labels or folders)."),
        "notifications": ("Notifications", "Sends the alerts your rules ask for."),
        "webhook": ("Call a webhook", "Posts the email's outcome to a URL, signed."),
        "forward": ("Forward", "Forwards the email to an address."),
        "addLabel": ("Add a label", "Adds a label (an Outlook category) to the email in your mailbox."),
        "stop": ("Stop", "Ends the workflow here."),
    ]

    static let settingNames: [String: String] = [
        "threshold": "Ask the second opinion below confidence", "llmSecondOpinion": "LLM second opinion", "ruleIds": "Rules",
        "categories": "Categories", "minConfidence": "Minimum confidence", "autoReply": "Auto-reply", "mode": "Mode", "enabled": "Enabled",
        "url": "URL", "secretRef": "Signing secret", "timeoutSeconds": "Timeout (seconds)", "retries": "Retries", "address": "Address",
        "label": "Label", "when": "Only when",
    ]

    /// A setting's value in words: on/off, lists joined, a condition as "categories: …; escalated".
    static func words(_ value: JSONValue) -> String {
        switch value {
        case .null: return "none"
        case .bool(let flag): return flag ? "on" : "off"
        case .string(let text): return text
        case .number(let number): return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .array(let list): return list.map(words).joined(separator: ", ")
        case .object(let object):
            return object.keys.sorted().map { key -> String in
                if key == "escalated", let flag = object[key]?.boolValue { return flag ? "escalated" : "not escalated" }
                return "\(settingNames[key]?.lowercased() ?? key): \(words(object[key] ?? .null))"
            }.joined(separator: "; ")
        }
    }

    /// The API's JSON (as `JSONSerialization` read it) as a `JSONValue`, which keeps booleans and numbers apart.
    static func json(_ value: Any?) -> JSONValue {
        guard let value, let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]) else { return .null }
        return (try? JSONDecoder().decode(JSONValue.self, from: data)) ?? .null
    }

    /// A definition as editable JSON: one step per line, `type` first (JSONSerialization alone orders keys at random
    /// or alphabetically, which puts settings before the step's type).
    static func pretty(_ value: JSONValue) -> String {
        let steps = value["steps"]?.arrayValue ?? []
        let schema = value["schemaVersion"]?.numberValue.map { Int($0) } ?? WorkflowDefinition.currentSchemaVersion
        var lines = ["{", "  \"schemaVersion\": \(schema),", "  \"steps\": ["]
        for (index, step) in steps.enumerated() {
            lines.append("    " + compact(step, first: "type") + (index == steps.count - 1 ? "" : ","))
        }
        lines.append("  ]")
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    /// Compact JSON of `value` with the key `first` first and the others sorted.
    static func compact(_ value: JSONValue, first: String? = nil) -> String {
        switch value {
        case .object(let object):
            let keys = object.keys.sorted { a, b in a == first ? b != first : (b == first ? false : a < b) }
            return "{" + keys.map { compact(.string($0)) + ": " + compact(object[$0] ?? .null) }.joined(separator: ", ") + "}"
        case .array(let list):
            return "[" + list.map { compact($0) }.joined(separator: ", ") + "]"
        case .number(let number) where number == number.rounded() && abs(number) < 1e15:
            return String(Int64(number))
        default:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
        }
    }

    static func int(_ value: Any?) -> Int? {
        double(value).flatMap { Int(exactly: $0.rounded()) }
    }

    static func double(_ value: Any?) -> Double? {
        switch value {
        case let number as Int: Double(number)
        case let number as Double: number
        case let number as NSNumber: number.doubleValue
        default: nil
        }
    }
}

/// The workflow API failed in a way a page cannot explain (the handler's 503 page says so).
struct WorkflowPageError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
