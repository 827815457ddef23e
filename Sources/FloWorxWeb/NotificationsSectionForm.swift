import FloWorxCore
import FloWorxStore
import Foundation

/// Notification settings (`notification_settings`): which channels alerts may use, and whether escalations alert at all.
enum NotificationsSectionForm: SectionForm {
    static let switches = [
        ("email_notifications", "Email", "Alerts and the daily digest by email."),
        ("sms_notifications", "Text messages (SMS)", "Alerts by text message to the managers' phones."),
        ("push_notifications", "Browser notifications", "Alerts in the browsers where you allowed them."),
        ("escalation_alerts", "Escalation alerts", "Off: urgent mail is still marked escalated, but nobody is alerted."),
    ]

    static func stored(_ settings: BusinessSettings) -> Any {
        value(settings.notifications)
    }

    static func value(_ settings: NotificationSettings) -> [String: Any] {
        ["email_notifications": settings.email, "sms_notifications": settings.sms, "push_notifications": settings.push,
         "escalation_alerts": settings.escalationAlerts]
    }

    static func posted(_ form: FormData, _ settings: BusinessSettings) -> Any {
        Dictionary(uniqueKeysWithValues: switches.map { ($0.0, form[$0.0] != nil) })
    }

    /// The posted value as the model.
    static func settings(_ value: Any) -> NotificationSettings {
        let flags = value as? [String: Bool] ?? [:]
        return NotificationSettings(email: flags["email_notifications"] ?? false, sms: flags["sms_notifications"] ?? false,
                                    push: flags["push_notifications"] ?? false, escalationAlerts: flags["escalation_alerts"] ?? false)
    }

    static func data(_ value: Any, errors: [String: String]) -> [String: Any] {
        let flags = value as? [String: Bool] ?? [:]
        var data: [String: Any] = [
            "switches": switches.map { ["n_name": $0.0, "n_label": $0.1, "n_help": $0.2, "n_checked": flags[$0.0] ?? false] as [String: Any] },
        ]
        if let error = errors["notifications"] { data["error_notifications"] = error }
        return data
    }

    static func field(_ path: String) -> (id: String, label: String) {
        ("notifications", "Notifications")
    }
}
