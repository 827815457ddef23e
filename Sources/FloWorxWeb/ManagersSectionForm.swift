import FloWorxStore
import Foundation

/// Managers (`profiles.managers`, at most 5): name, email, phone, roles (which mail is escalated or forwarded to them)
/// and whether their mail is forwarded. Five rows; blank rows are left out.
enum ManagersSectionForm: SectionForm {
    static let rows = 5
    static let roles = ["owner", "sales", "service", "operations", "accounts", "support", "dispatch", "hr"]

    static func stored(_ settings: BusinessSettings) -> Any {
        SectionJSON.parse(settings.managersJSON) as? [Any] ?? []
    }

    static func posted(_ form: FormData, _ settings: BusinessSettings) -> Any {
        (0..<rows).compactMap { row -> [String: Any]? in
            let name = form.text("manager_\(row)_name"), email = form.text("manager_\(row)_email"), phone = form.text("manager_\(row)_phone")
            let chosen = roles.filter { form["manager_\(row)_role_\($0)"] != nil }
            if name == nil && email == nil && phone == nil && chosen.isEmpty { return nil }
            var manager: [String: Any] = ["name": name ?? "", "email": email ?? "", "roles": chosen, "forward": form["manager_\(row)_forward"] != nil]
            if let phone { manager["phone"] = phone }
            return manager
        }
    }

    static func data(_ value: Any, errors: [String: String]) -> [String: Any] {
        let managers = value as? [Any] ?? []
        // Every stored manager, and blank rows up to five (more than five only when the checks refused a sixth).
        let list = (0..<max(rows, managers.count)).map { row -> [String: Any] in
            let manager = row < managers.count ? managers[row] as? [String: Any] ?? [:] : [:]
            let has = Set((manager["roles"] as? [Any] ?? []).map { "\($0)" })
            var item: [String: Any] = [
                "row": row, "number": row + 1,
                "m_name": manager["name"] as? String ?? "", "m_email": manager["email"] as? String ?? "", "m_phone": manager["phone"] as? String ?? "",
                "m_forward": manager["forward"] as? Bool ?? false,
                "m_roles": roles.map { ["role": $0, "role_label": $0 == "hr" ? "HR" : InboxPages.label($0), "role_checked": has.contains($0), "row": row] as [String: Any] },
            ]
            for member in ["name", "email", "phone", "roles"] {
                if let error = errors["manager_\(row)_\(member)"] { item["m_error_\(member)"] = error }
            }
            return item
        }
        var data: [String: Any] = ["managers": list]
        if let error = errors["managers"] { data["error_managers"] = error }
        return data
    }

    static func field(_ path: String) -> (id: String, label: String) {
        if let index = SectionJSON.index(path, after: "managers"), index < rows, let member = SectionJSON.member(path, after: "managers"),
           ["name", "email", "phone", "roles"].contains(member) {
            return ("manager_\(index)_\(member)", "Manager \(index + 1), \(member)")
        }
        return ("managers", "Managers")
    }
}
