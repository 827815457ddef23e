import FloWorxStore
import Foundation

/// Suppliers (`profiles.suppliers`, at most 10): name, order address, the domains their mail comes from (transactional
/// mail from them is sorted under SUPPLIERS) and a category. The stored ones and two blank rows.
enum SuppliersSectionForm: SectionForm {
    static let maximum = 10

    static func stored(_ settings: BusinessSettings) -> Any {
        SectionJSON.parse(settings.suppliersJSON) as? [Any] ?? []
    }

    static func posted(_ form: FormData, _ settings: BusinessSettings) -> Any {
        (0..<maximum + 2).compactMap { row -> [String: Any]? in
            let name = form.text("supplier_\(row)_name"), email = form.text("supplier_\(row)_email"), category = form.text("supplier_\(row)_category")
            let domains = SectionJSON.list(form["supplier_\(row)_domains"])
            if name == nil && email == nil && category == nil && domains.isEmpty { return nil }
            var supplier: [String: Any] = ["name": name ?? "", "domains": domains]
            if let email { supplier["email"] = email }
            if let category { supplier["category"] = category }
            return supplier
        }
    }

    static func data(_ value: Any, errors: [String: String]) -> [String: Any] {
        let suppliers = value as? [Any] ?? []
        let count = min(maximum, suppliers.count + 2)
        let list = (0..<max(count, suppliers.count)).map { row -> [String: Any] in
            let supplier = row < suppliers.count ? suppliers[row] as? [String: Any] ?? [:] : [:]
            var item: [String: Any] = [
                "row": row, "number": row + 1,
                "s_name": supplier["name"] as? String ?? "", "s_email": supplier["email"] as? String ?? "",
                "s_domains": (supplier["domains"] as? [Any] ?? []).map { "\($0)" }.joined(separator: ", "),
                "s_category": supplier["category"] as? String ?? "",
            ]
            for member in ["name", "email", "domains", "category"] {
                if let error = errors["supplier_\(row)_\(member)"] { item["s_error_\(member)"] = error }
            }
            return item
        }
        var data: [String: Any] = ["suppliers": list]
        if let error = errors["suppliers"] { data["error_suppliers"] = error }
        return data
    }

    static func field(_ path: String) -> (id: String, label: String) {
        if let index = SectionJSON.index(path, after: "suppliers"), index < maximum + 2, let member = SectionJSON.member(path, after: "suppliers"),
           ["name", "email", "domains", "category"].contains(member) {
            return ("supplier_\(index)_\(member)", "Supplier \(index + 1), \(member)")
        }
        return ("suppliers", "Suppliers")
    }
}
