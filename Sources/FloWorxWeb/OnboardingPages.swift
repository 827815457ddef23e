import FloWorxCore
import FloWorxServer
import FloWorxStore
import Foundation
import Hummingbird

/// The onboarding wizard after sign-up, one step per page: the business (its type chooses the categories), opening
/// hours, managers, suppliers, notifications, communication style (with a preview draft) and the mailbox.
///
/// Each step is the settings section of the same name (`SectionEditor`: the same component, checks and writes as
/// `/settings`) and is saved for real when it is completed; the first step goes through the onboarding API
/// (`POST /api/v1/onboarding`), which creates the business with its safety-default rules and a style for its trade.
/// The steps completed are remembered per business (`onboarding.progress`), so an owner who leaves comes back to the
/// first step not done, from any browser.
struct OnboardingPages: Sendable {
    let web: WebContext

    /// The steps, in order: the sections, then the mailbox.
    static let steps: [(key: String, title: String)] = SettingsSection.allCases.map { ($0.rawValue, $0.title) } + [("mailbox", "Connect your mailbox")]

    var editor: SectionEditor { SectionEditor(web: web) }
    var integrations: IntegrationsSection { IntegrationsSection(web: web) }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("onboarding") { request, context in
            await web.handle(request) {
                let session = try await web.requireSession(request, context)
                let (_, done) = try await progress(session, context)
                guard let next = Self.steps.first(where: { !done.contains($0.key) }) else { return web.redirect("/inbox", cookies: session.cookies) }
                return web.redirect("/onboarding/\(next.key)", cookies: session.cookies)
            }
        }
        group.get("onboarding/:step") { request, context in
            await web.handle(request) {
                let session = try await web.requireSession(request, context)
                guard let step = context.parameters.get("step"), Self.steps.contains(where: { $0.key == step }) else {
                    return web.notFound(request, session: session)
                }
                let (settings, done) = try await progress(session, context)
                if step != "business" && !done.contains("business") { return web.redirect("/onboarding/business", cookies: session.cookies) }
                let query = IntegrationsSection.query(request)
                return try await page(request, context, session: session, step: step, settings: settings, done: done, query: query)
            }
        }
        group.post("onboarding/:step") { request, context in await web.handle(request) { try await submit(request, context) } }
    }

    /// The owner's settings and the steps completed (the business step is done once the business exists).
    private func progress(_ session: WebSession, _ context: AppRequestContext) async throws -> (BusinessSettings, Set<String>) {
        let settings = try await editor.settings(session, context)
        var done = try await OnboardingProgressRepository.completed(on: web.database.tenant(session.identity, liveness: context.liveness))
        if SectionJSON.onboarded(settings) { done.insert("business") }
        return (settings, done)
    }

    private func submit(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let session = try await web.requireSession(request, context)
        guard let step = context.parameters.get("step"), Self.steps.contains(where: { $0.key == step }) else {
            return web.notFound(request, session: session)
        }
        let form = try await web.form(request, session: session)
        let (settings, done) = try await progress(session, context)
        let tenant = web.database.tenant(session.identity, liveness: context.liveness)
        if step != "business" && !done.contains("business") { return web.redirect("/onboarding/business", cookies: session.cookies) }

        guard let section = SettingsSection(rawValue: step) else {
            // The mailbox step: its connect buttons post to /settings/integrations/…/connect; this is "finish".
            try await OnboardingProgressRepository.complete("mailbox", finished: true, on: tenant)
            return web.redirect(done.union(["mailbox"]).isSuperset(of: Self.steps.map(\.key)) ? "/inbox?welcome=1" : "/onboarding", cookies: session.cookies)
        }
        if section == .style, form["action"] == "preview" {
            return try await page(request, context, session: session, step: step, settings: settings, done: done,
                                  value: StyleSectionForm.posted(form, settings), preview: true)
        }
        let saved: (value: Any, problems: [OnboardingProblem])
        if section == .business && !done.contains("business") {
            saved = try await createBusiness(form, settings: settings, session: session, request: request, context: context)
        } else {
            saved = try await editor.save(section, form: form, settings: settings, session: session, context: context)
        }
        guard saved.problems.isEmpty else {
            return try await page(request, context, session: session, step: step, settings: settings, done: done, value: saved.value,
                                  problems: saved.problems, status: .unprocessableContent)
        }
        try await OnboardingProgressRepository.complete(step, finished: false, on: tenant)
        let completed = done.union([step])
        let index = Self.steps.firstIndex { $0.key == step } ?? 0
        let next = Self.steps[(index + 1)...].first { !completed.contains($0.key) } ?? Self.steps.first { !completed.contains($0.key) }
        return web.redirect(next.map { "/onboarding/\($0.key)" } ?? "/inbox?welcome=1", cookies: session.cookies)
    }

    /// The first step: the business is created by the onboarding API (its checks name each problem by path; a 409
    /// means another tab created it meanwhile, and the step is saved as an edit instead).
    private func createBusiness(_ form: FormData, settings: BusinessSettings, session: WebSession, request: Request,
                                context: AppRequestContext) async throws -> (value: Any, problems: [OnboardingProblem]) {
        let value = BusinessSectionForm.posted(form, settings)
        let zone = ((value as? [String: Any])?["business"] as? [String: Any])?["timezone"] as? String ?? ""
        let document: [String: Any] = ["client_config": value, "business_hours": ["timezone": zone]]
        let answer = try await web.api.call(.post, "/api/v1/onboarding", json: document, bearer: session.accessToken, original: request, context: context)
        switch answer.status.code {
        case 200..<300:
            return (value, [])
        case 409:
            return try await editor.save(.business, form: form, settings: editor.settings(session, context), session: session, context: context)
        default:
            let errors = answer.object["errors"] as? [[String: Any]] ?? [["path": "$", "message": answer.message]]
            let problems = errors.map { OnboardingProblem(path: $0["path"] as? String ?? "$", message: $0["message"] as? String ?? "is not valid") }
            return (value, problems)
        }
    }

    /// One step's page: the progress, the step's section (stored values, or what was typed with its problems).
    private func page(_ request: Request, _ context: AppRequestContext, session: WebSession, step: String, settings: BusinessSettings,
                      done: Set<String>, value: Any? = nil, problems: [OnboardingProblem] = [], preview: Bool = false,
                      query: [String: String] = [:], status: HTTPResponse.Status = .ok) async throws -> Response {
        let index = Self.steps.firstIndex { $0.key == step } ?? 0
        var data: [String: Any]
        if let section = SettingsSection(rawValue: step) {
            data = editor.data(section, settings: settings, value: value, problems: problems)
            data["editable"] = true
            if section == .style, preview || value == nil, problems.isEmpty {
                data["preview"] = try await editor.stylePreview(value ?? StyleSectionForm.stored(settings), session: session)
            }
        } else {
            data = try await integrations.data(session, context, returnTo: "/onboarding/mailbox", allowDisconnect: false, query: query)
            data["section_title"] = Self.steps[index].title
        }
        data["step_number"] = index + 1
        data["step_count"] = Self.steps.count
        if index > 0 { data["previous"] = Self.steps[index - 1].key }
        let reachable = done.contains("business")
        data["steps"] = Self.steps.map { key, title in
            ["w_key": key, "w_title": title, "w_done": done.contains(key), "w_current": key == step, "w_link": reachable || key == "business"] as [String: Any]
        }
        return web.page(request, "onboarding", title: "Set up your business", data: data, session: session, status: status)
    }
}
