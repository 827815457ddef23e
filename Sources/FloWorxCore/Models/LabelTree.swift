/// The label (Gmail) or folder (Outlook) paths of a business, parents first: one per category of its industry, and
/// under MANAGER and SUPPLIERS one per manager or supplier besides the fixed subcategories. What write-back files
/// mail under, provisioned at once so the tree shows from the start and Gmail's watch can leave FloWorx's own
/// labelling out.
public enum LabelTree {
    /// The paths (`CATEGORY` or `CATEGORY/Subcategory`), parents first, without duplicates.
    public static func paths(_ profile: ClientProfile) -> [String] {
        let categories = profile.industry?.categories ?? Category.common
        var paths: [String] = []
        var seen = Set<String>()
        func add(_ path: String) {
            if seen.insert(path.lowercased()).inserted { paths.append(path) }
        }
        for category in categories {
            add(category.rawValue)
            var subcategories = category.fixedSubcategories
            if category == .manager { subcategories += profile.managers.map(\.name) }
            if category == .suppliers { subcategories += profile.suppliers.map(\.name) }
            // The same names the classifier files under (`ApplyPayload.path`), so nothing is created twice.
            for name in subcategories where !name.isEmpty {
                add(category.rawValue + "/" + name)
            }
        }
        return paths
    }
}
