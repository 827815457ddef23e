import FloWorxCore
import FloWorxStore
import Foundation

/// One part of a business's settings, built once as a form component (`Templates/settings-section-<name>.mustache`
/// and its `SectionForm`) that the onboarding wizard and the settings pages both use.
enum SettingsSection: String, CaseIterable, Sendable {
    case business, hours, managers, suppliers, notifications, style

    /// The heading of the section.
    var title: String {
        switch self {
        case .business: "Business profile"
        case .hours: "Opening hours"
        case .managers: "Managers"
        case .suppliers: "Suppliers"
        case .notifications: "Notifications"
        case .style: "Communication style"
        }
    }

    /// The form component.
    var form: any SectionForm.Type {
        switch self {
        case .business: BusinessSectionForm.self
        case .hours: HoursSectionForm.self
        case .managers: ManagersSectionForm.self
        case .suppliers: SuppliersSectionForm.self
        case .notifications: NotificationsSectionForm.self
        case .style: StyleSectionForm.self
        }
    }

    /// The paths of the onboarding document whose problems are this section's.
    var paths: [String] {
        switch self {
        case .business: ["client_config", "business_hours.timezone", "$"]
        case .hours: ["business_hours"]
        case .managers: ["managers"]
        case .suppliers: ["suppliers"]
        case .notifications: ["notification_settings"]
        case .style: ["communication_style"]
        }
    }

    /// Whether a problem at `path` is about this section.
    func owns(_ path: String) -> Bool {
        paths.contains { path == $0 || path.hasPrefix($0 + ".") || path.hasPrefix($0 + "[") }
    }
}

/// A section's form: what it shows (from what is stored, or from what was typed and sent back with problems), what a
/// posted form means as the part of the onboarding document, and which field a problem is about.
protocol SectionForm {
    /// The stored part, as JSON values (`[String: Any]`, `[Any]`…).
    static func stored(_ settings: BusinessSettings) -> Any
    /// The part a posted form asks for, as JSON values; invalid text is kept as typed, for the checks to name.
    static func posted(_ form: FormData, _ settings: BusinessSettings) -> Any
    /// The template's data for `value` (stored or posted), with `errors` by field id.
    static func data(_ value: Any, errors: [String: String]) -> [String: Any]
    /// The field a problem at `path` is about, and how to name it to the owner.
    static func field(_ path: String) -> (id: String, label: String)
}

/// JSON text ⇄ JSON values, for the sections.
enum SectionJSON {
    static func parse(_ text: String?) -> Any? {
        guard let text else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    static func text(_ value: Any) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The stored client config as an object.
    static func config(_ settings: BusinessSettings) -> [String: Any] {
        parse(settings.clientConfigJSON) as? [String: Any] ?? [:]
    }

    /// Whether the business is set up (its config has a business).
    static func onboarded(_ settings: BusinessSettings) -> Bool {
        config(settings)["business"] is [String: Any]
    }

    /// `a, b c` → `["a", "b", "c"]`.
    static func list(_ text: String?, separators: CharacterSet = CharacterSet(charactersIn: ",").union(.whitespacesAndNewlines)) -> [String] {
        (text ?? "").components(separatedBy: separators).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The lines of a text area, trimmed, without blank ones.
    static func lines(_ text: String?) -> [String] {
        (text ?? "").components(separatedBy: .newlines).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// `managers[2].email` → 2 (the index after `prefix`).
    static func index(_ path: String, after prefix: String) -> Int? {
        guard path.hasPrefix(prefix + "[") else { return nil }
        return Int(path.dropFirst(prefix.count + 1).prefix { $0.isNumber })
    }

    /// The member after `prefix[n].`: `managers[2].email` → `email`.
    static func member(_ path: String, after prefix: String) -> String? {
        guard let close = path.firstIndex(of: "]"), path.hasPrefix(prefix + "[") else { return nil }
        let rest = path[path.index(after: close)...]
        guard rest.hasPrefix(".") else { return nil }
        return String(rest.dropFirst().prefix { $0 != "." && $0 != "[" })
    }
}
