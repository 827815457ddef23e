import FloWorxCore
import FloWorxServer
import FloWorxStore
import Foundation
import Hummingbird

/// Shows and saves the settings sections for both the onboarding wizard and the settings pages: one place where a
/// posted section is checked (by the onboarding API's own checks, `OnboardingRepository.validate`, on the section put
/// into the business's document) and written as the owner (`BusinessSettingsRepository`).
struct SectionEditor: Sendable {
    let web: WebContext

    /// The owner's settings (throws the sign-in redirect's sibling, a 503 page, only when the database fails).
    func settings(_ session: WebSession, _ context: AppRequestContext) async throws -> BusinessSettings {
        let tenant = web.database.tenant(session.identity, liveness: context.liveness)
        if let settings = try await BusinessSettingsRepository.load(on: tenant) { return settings }
        return BusinessSettings()
    }

    /// A problem as the page shows it: `{"field", "message"}`, and the field's error text by id.
    static func describe(_ problems: [OnboardingProblem], section: SettingsSection) -> (list: [[String: Any]], byField: [String: String]) {
        var byField: [String: String] = [:]
        let list = problems.map { problem -> [String: Any] in
            let field = section.form.field(problem.path)
            let message = "\(field.label): \(problem.message)"
            if byField[field.id] == nil { byField[field.id] = message }
            return ["field": field.id, "message": message]
        }
        return (list, byField)
    }

    /// The template data of `section`: its fields (from `value`, else what is stored), its problems, and the flag
    /// that includes its component (`show_<section>`).
    func data(_ section: SettingsSection, settings: BusinessSettings, value: Any? = nil, problems: [OnboardingProblem] = []) -> [String: Any] {
        let described = Self.describe(problems, section: section)
        var data = section.form.data(value ?? section.form.stored(settings), errors: described.byField)
        data["show_\(section.rawValue)"] = true
        data["section"] = section.rawValue
        data["section_title"] = section.title
        if !described.list.isEmpty {
            data["problems"] = described.list
            data["hasProblems"] = true
        }
        return data
    }

    /// Checks and writes the posted `section`; the problems found (nothing is written when there are any).
    func save(_ section: SettingsSection, form: FormData, settings: BusinessSettings, session: WebSession,
              context: AppRequestContext) async throws -> (value: Any, problems: [OnboardingProblem]) {
        let value = section.form.posted(form, settings)
        let problems = try await check(section, value: value, settings: settings)
        guard problems.isEmpty else { return (value, problems) }
        let part: BusinessSettingsRepository.Part
        switch section {
        case .business: part = .clientConfig(SectionJSON.text(value))
        case .hours: part = .hours(SectionJSON.text(value))
        case .managers: part = .managers(SectionJSON.text(value))
        case .suppliers: part = .suppliers(SectionJSON.text(value))
        case .notifications: part = .notifications(NotificationsSectionForm.settings(value))
        case .style: part = .style(StyleSectionForm.style(value))
        }
        do {
            try await BusinessSettingsRepository.save(part, on: web.database.tenant(session.identity, liveness: context.liveness))
        } catch OnboardingError.invalid(let refused) {
            // The database refused it (its JSON validation, a plan limit): shown by the section's field.
            return (value, refused.map { section.owns($0.path) ? $0 : OnboardingProblem(path: section.paths[0], message: $0.message) })
        }
        return (value, [])
    }

    /// The section's problems, by the onboarding API's checks: the section in the business's document, the other
    /// parts as stored (their problems, should there be any, are not this form's to show).
    func check(_ section: SettingsSection, value: Any, settings: BusinessSettings) async throws -> [OnboardingProblem] {
        var document: [String: Any] = ["client_config": SectionJSON.config(settings)]
        switch section {
        case .business: document["client_config"] = value
        case .hours: document["business_hours"] = ["hours": value]
        case .managers: document["managers"] = value
        case .suppliers: document["suppliers"] = value
        case .style: document["communication_style"] = value
        case .notifications: return []  // four switches: nothing can be wrong with them
        }
        do {
            _ = try await OnboardingRepository(database: web.database).validate(Data(SectionJSON.text(document).utf8))
            return []
        } catch OnboardingError.invalid(let problems) {
            return problems.filter { section.owns($0.path) }
        }
    }

    /// The style preview: a draft for the sample email in the style `value`, with the business's profile as the
    /// pipeline loads it (`nil` when the style cannot be read; its problems are shown instead).
    func stylePreview(_ value: Any, session: WebSession) async throws -> String? {
        guard let profile = try await web.profiles.profiles([session.userId])[session.userId] else { return nil }
        return StyleSectionForm.preview(value, profile: profile)
    }
}
