import FloWorxCore
import FloWorxStore
import Foundation

/// The business profile: name, type (which chooses the categories), mail domain and time zone, in
/// `client_config.business`; the config's other members (contact, services, signature…) are kept as they are.
enum BusinessSectionForm: SectionForm {
    static func stored(_ settings: BusinessSettings) -> Any {
        SectionJSON.config(settings)
    }

    static func posted(_ form: FormData, _ settings: BusinessSettings) -> Any {
        var config = SectionJSON.config(settings)
        var business = config["business"] as? [String: Any] ?? [:]
        business["name"] = form.text("business_name") ?? ""
        business["type"] = form.text("business_type") ?? ""
        business["timezone"] = form.text("timezone") ?? ""
        if let domain = form.text("email_domain") { business["email_domain"] = domain } else { business.removeValue(forKey: "email_domain") }
        config["business"] = business
        if config["version"] == nil { config["version"] = 1 }
        return config
    }

    static func data(_ value: Any, errors: [String: String]) -> [String: Any] {
        let business = (value as? [String: Any])?["business"] as? [String: Any] ?? [:]
        let type = business["type"] as? String ?? ""
        let zone = business["timezone"] as? String ?? "America/New_York"
        var data: [String: Any] = [
            "business_name": business["name"] as? String ?? "",
            "email_domain": business["email_domain"] as? String ?? "",
            "types": Industry.allCases.map { ["value": $0.rawValue, "label": InboxPages.label($0.rawValue), "selected": $0.rawValue == type] },
            "zones": TimeZone.knownTimeZoneIdentifiers.filter { $0.contains("/") && !$0.hasPrefix("Etc/") }.sorted()
                .map { ["value": $0, "selected": $0 == zone] },
        ]
        for (field, message) in errors { data["error_\(field)"] = message }
        return data
    }

    static func field(_ path: String) -> (id: String, label: String) {
        switch path {
        case let p where p.hasPrefix("client_config.business.type"): ("business_type", "Type of business")
        case let p where p.hasPrefix("client_config.business.email_domain"): ("email_domain", "Email domain")
        case let p where p.hasPrefix("client_config.business.timezone"), let p where p.hasPrefix("business_hours.timezone"): ("timezone", "Time zone")
        default: ("business_name", "Business name")
        }
    }
}
