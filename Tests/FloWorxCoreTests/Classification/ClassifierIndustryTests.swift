import Testing
import FloWorxCore

@Suite struct ClassifierIndustryTests {
    typealias S = ClassificationSamples

    /// Messages that lean towards every industry extra.
    static let extraLeaning: [(String, String)] = [
        ("Maintenance plan renewal", "Please renew our maintenance plan and book the annual tune-up."),
        ("Pool opening", "Please schedule our pool opening for the season and remove the winter cover."),
        ("Insurance claim for hail damage", "The adjuster is coming Friday about our insurance claim and the deductible."),
        ("No heat", "Our furnace stopped working and there is no heat."),
    ]

    @Test(arguments: Industry.allCases)
    func neverReturnsACategoryTheIndustryDoesNotHave(industry: Industry) {
        let profile = S.profile(industry)
        for (subject, body) in Self.extraLeaning {
            let result = S.classify(subject: subject, body: body, profile)
            #expect(industry.categories.contains(result.category), "\(industry): \(subject) → \(result.category)")
        }
    }

    @Test func extrasFallBackToTheClosestCommonCategory() {
        let plumber = S.profile(.plumbing)
        #expect(S.classify(subject: "Maintenance plan renewal", body: "Please renew our maintenance plan.", plumber).category == .support)
        let pools = S.profile(.poolsSpas)
        #expect(S.classify(subject: "Insurance claim", body: "Our insurance claim adjuster needs your estimate.", pools).category == .support)
        let painter = S.profile(.painting)
        #expect(S.classify(subject: "Closing season", body: "Can you winterize our pool closing this season?", painter).category != .seasonal)
    }

    @Test func profileWithoutAnIndustryUsesTheCommonCategories() {
        let bare = S.profile(nil)
        let result = S.classify(subject: "Tune-up and maintenance plan", body: "Book our annual tune-up please, we'd like a quote.", bare)
        #expect(Category.common.contains(result.category))
        #expect(!result.senderIsInternal)
    }

    @Test func industryVocabularyOnlyCountsForItsIndustry() {
        // "pool is green" is an emergency for a pool company, nothing special for a roofer.
        let forPools = S.classify(subject: "Pool is green", body: "The pool turned green and we have a party Saturday.", S.pools)
        #expect(forPools.category == .urgent)
        let forRoofer = S.classify(subject: "Pool is green", body: "The pool turned green and we have a party Saturday.", S.roofing)
        #expect(forRoofer.category != .urgent)
    }
}
