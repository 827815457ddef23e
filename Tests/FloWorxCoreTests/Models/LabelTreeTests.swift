import FloWorxCore
import Foundation
import Testing

/// The label tree a business's mailbox gets: its industry's categories, parents before children, the fixed
/// subcategories and one per manager and supplier, each path once.
@Suite struct LabelTreeTests {
    static func profile(_ industry: Industry?, managers: [Manager] = [], suppliers: [Supplier] = []) -> ClientProfile {
        let business = industry.map { ClientConfig.Business(name: "Acme", type: $0) }
        return ClientProfile(clientId: UUID(), config: ClientConfig(business: business), managers: managers, suppliers: suppliers)
    }

    @Test func anHVACBusinessGetsItsCategoriesAndPeople() {
        let paths = LabelTree.paths(Self.profile(.hvac, managers: [Manager(name: "Sam Sales", email: "sam@acme.example")],
                                                 suppliers: [Supplier(name: "Ferguson"), Supplier(name: "ferguson")]))
        #expect(paths.contains("MAINTENANCE") && !paths.contains("SEASONAL"), "the industry's extras only")
        #expect(paths.contains("MANAGER/Unassigned") && paths.contains("MANAGER/Sam Sales"))
        #expect(paths.filter { $0.lowercased() == "suppliers/ferguson" } == ["SUPPLIERS/Ferguson"], "one path per name, whatever its case")
        #expect(paths.contains("BANKING/e-Transfer") && paths.contains("PHONE/Voicemails"))
        for (index, path) in paths.enumerated() where path.contains("/") {
            let parent = String(path.split(separator: "/")[0])
            #expect(paths.firstIndex(of: parent).map { $0 < index } == true, "\(parent) comes before \(path)")
        }
    }

    @Test func withoutAnIndustryOnlyTheCommonCategories() {
        let paths = LabelTree.paths(Self.profile(nil))
        #expect(Set(paths.filter { !$0.contains("/") }) == Set(Category.common.map(\.rawValue)))
        #expect(LabelTree.paths(Self.profile(.generalContractor)).contains("PERMITS"))
    }
}
