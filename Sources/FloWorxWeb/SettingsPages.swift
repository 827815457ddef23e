import FloWorxCore
import FloWorxServer
import FloWorxStore
import Foundation
import Hummingbird

/// The settings pages (`/settings/{section}`): business profile, hours, managers, suppliers, notifications and
/// communication style — the very section components the onboarding wizard shows (`SectionEditor`) — each saved on
/// its own with the CSRF token, the onboarding API's checks and a "Saved" notice; and the connected mailboxes
/// (`/settings/integrations`: status, reconnect, disconnect).
struct SettingsPages: Sendable {
    let web: WebContext

    var editor: SectionEditor { SectionEditor(web: web) }
    var integrations: IntegrationsSection { IntegrationsSection(web: web) }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("settings") { request, context in
            await web.handle(request) {
                let session = try await web.requireSession(request, context)
                return web.redirect("/settings/business", cookies: session.cookies)
            }
        }
        group.get("settings/integrations") { request, context in
            await web.handle(request) {
                let session = try await web.requireSession(request, context)
                let query = IntegrationsSection.query(request)
                return try await integrationsPage(request, context, session: session, query: query)
            }
        }
        group.post("settings/integrations/:id/connect") { request, context in
            await web.handle(request) {
                let session = try await web.requireSession(request, context)
                let form = try await web.form(request, session: session)
                let back = form["return_to"] == "/onboarding/mailbox" ? "/onboarding/mailbox" : "/settings/integrations"
                return try await integrations.connect(request, context, session: session, provider: context.parameters.get("id") ?? "", returnTo: back) { message, status in
                    try await integrationsPage(request, context, session: session, query: ["error_description": message], status: status)
                }
            }
        }
        group.post("settings/integrations/:id/disconnect") { request, context in
            await web.handle(request) {
                let session = try await web.requireSession(request, context)
                let form = try await web.form(request, session: session)
                return try await integrations.disconnect(request, context, session: session, id: context.parameters.get("id") ?? "", form: form) { message, status in
                    try await integrationsPage(request, context, session: session, query: ["error_description": message], status: status)
                }
            }
        }
        group.get("settings/api-keys") { request, context in
            await web.handle(request) {
                let session = try await web.requireSession(request, context)
                // Only operators: for an owner the page does not exist.
                guard Self.isOperator(session) else { return web.notFound(request, session: session) }
                let host = request.head.authority ?? "127.0.0.1:8080"
                return web.page(request, "settings", title: "API keys", data: [
                    "section_title": "API keys", "show_keys": true, "anon_key": web.api.anonKey, "public_url": "http://\(host)",
                    "sections": Self.sections(current: "api-keys", session: session),
                ], session: session, navigation: "settings")
            }
        }
        group.get("settings/:section") { request, context in
            await web.handle(request) {
                let session = try await web.requireSession(request, context)
                guard let section = context.parameters.get("section").flatMap(SettingsSection.init(rawValue:)) else {
                    return web.notFound(request, session: session)
                }
                let settings = try await editor.settings(session, context)
                guard SectionJSON.onboarded(settings) else { return web.redirect("/onboarding", cookies: session.cookies) }
                return try await page(request, context, session: session, section: section, settings: settings,
                                      saved: request.uri.queryParameters.get("saved") == "1")
            }
        }
        group.post("settings/:section") { request, context in await web.handle(request) { try await submit(request, context) } }
    }

    private func submit(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let session = try await web.requireSession(request, context)
        guard let section = context.parameters.get("section").flatMap(SettingsSection.init(rawValue:)) else {
            return web.notFound(request, session: session)
        }
        let form = try await web.form(request, session: session)
        let settings = try await editor.settings(session, context)
        guard SectionJSON.onboarded(settings) else { return web.redirect("/onboarding", cookies: session.cookies) }
        if section == .style, form["action"] == "preview" {
            return try await page(request, context, session: session, section: section, settings: settings, value: StyleSectionForm.posted(form, settings), preview: true)
        }
        let saved = try await editor.save(section, form: form, settings: settings, session: session, context: context)
        guard saved.problems.isEmpty else {
            return try await page(request, context, session: session, section: section, settings: settings, value: saved.value,
                                  problems: saved.problems, status: .unprocessableContent)
        }
        return web.redirect("/settings/\(section.rawValue)?saved=1", cookies: session.cookies)
    }

    /// Whether the signed-in user is one of the service's operators: `app_metadata.role` is `operator` or `admin` in
    /// the access token (app metadata is written only with the service key, never by the user).
    static func isOperator(_ session: WebSession) -> Bool {
        guard let claims = try? JSONSerialization.jsonObject(with: Data(session.identity.claimsJSON.utf8)) as? [String: Any],
              let role = (claims["app_metadata"] as? [String: Any])?["role"] as? String else { return false }
        return role == "operator" || role == "admin"
    }

    /// The sub-navigation of the settings pages (API keys only for operators).
    static func sections(current: String, session: WebSession) -> [[String: Any]] {
        let extra = [("integrations", "Integrations")] + (isOperator(session) ? [("api-keys", "API keys")] : [])
        return (SettingsSection.allCases.map { ($0.rawValue, $0.title) } + extra).map { key, title in
            ["s_key": key, "s_title": title, "s_current": key == current]
        }
    }

    private func page(_ request: Request, _ context: AppRequestContext, session: WebSession, section: SettingsSection, settings: BusinessSettings,
                      value: Any? = nil, problems: [OnboardingProblem] = [], preview: Bool = false, saved: Bool = false,
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        var data = editor.data(section, settings: settings, value: value, problems: problems)
        data["editable"] = true
        data["saved"] = saved
        data["sections"] = Self.sections(current: section.rawValue, session: session)
        if section == .style, preview || value == nil, problems.isEmpty {
            data["preview"] = try await editor.stylePreview(value ?? StyleSectionForm.stored(settings), session: session)
        }
        return web.page(request, "settings", title: section.title, data: data, session: session, status: status, navigation: "settings")
    }

    private func integrationsPage(_ request: Request, _ context: AppRequestContext, session: WebSession, query: [String: String],
                                  status: HTTPResponse.Status = .ok) async throws -> Response {
        var data = try await integrations.data(session, context, returnTo: "/settings/integrations", allowDisconnect: true, query: query)
        data["section_title"] = "Integrations"
        data["sections"] = Self.sections(current: "integrations", session: session)
        return web.page(request, "settings", title: "Integrations", data: data, session: session, status: status, navigation: "settings")
    }
}
