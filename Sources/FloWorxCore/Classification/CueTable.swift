/// The vocabulary compiled for one industry: phrases hashed and indexed by their first word, effects
/// pointing at the industry's own categories. Built once per industry, then shared read-only.
struct CueTable: Sendable {
    /// A compiled effect; categories are indices into `categories`.
    enum Effect: Sendable {
        case category(Int, Double)
        case subcategory(Int, String, Double)
        case urgency(Urgency)
        case seasonalUrgency(Urgency, CueEffect.Season)
        case vulnerable
        case calm
        case sentiment(Double)
        case rating(Int)
    }

    /// One phrase variant with its effects; a phrase listed in several specs gets all their effects.
    struct Cue: Sendable {
        var phrase: String
        var tokens: [UInt64]
        /// Each effect, and whether a preceding negation cancels it.
        var effects: [(effect: Effect, negatable: Bool)]
    }

    /// The categories this industry can be given, in `Category.allCases` order.
    let categories: [Category]
    /// Index in `categories` of each category of `Category.allCases`, after falling back for missing extras.
    let slot: [Int]
    let cues: [Cue]
    /// Cues for subject and body.
    let content: PhraseIndex
    /// Cues for the sender's name and address.
    let sender: PhraseIndex

    init(industry: Industry?, specs: [CueSpec]) {
        let categories = industry?.categories ?? Category.common
        let ordered = Category.allCases.filter { categories.contains($0) }
        self.categories = ordered
        let slot = Category.allCases.map { category -> Int in
            let target = ordered.contains(category) ? category : CueTable.fallback(for: category)
            return ordered.firstIndex(of: target) ?? ordered.firstIndex(of: .misc)!
        }
        self.slot = slot
        func index(_ category: Category) -> Int { slot[Category.allCases.firstIndex(of: category)!] }

        var cues: [Cue] = []
        var known: [CueKey: Int] = [:]
        var contentEntries: [(UInt64, Int)] = []
        var senderEntries: [(UInt64, Int)] = []
        for spec in specs {
            if let only = spec.industries, let industry, !only.contains(industry) { continue }
            if spec.industries != nil && industry == nil { continue }
            let effects: [Effect] = spec.effects.map { effect in
                switch effect {
                case .category(let category, let weight): .category(index(category), weight)
                case .subcategory(let category, let name, let weight): .subcategory(index(category), name, weight)
                case .urgency(let urgency): .urgency(urgency)
                case .seasonalUrgency(let urgency, let season): .seasonalUrgency(urgency, season)
                case .vulnerable: .vulnerable
                case .calm: .calm
                case .sentiment(let value): .sentiment(value)
                case .rating(let stars): .rating(stars)
                }
            }
            for phrase in spec.phrases {
                let tokens = TokenScanner.hashes(phrase: phrase)
                guard let first = tokens.first else { continue }
                let key = CueKey(tokens: tokens, sender: spec.field == .sender)
                if let existing = known[key] {
                    cues[existing].effects += effects.map { ($0, spec.negatable) }
                    continue
                }
                known[key] = cues.count
                cues.append(Cue(phrase: phrase, tokens: tokens, effects: effects.map { ($0, spec.negatable) }))
                switch spec.field {
                case .content: contentEntries.append((first, cues.count - 1))
                case .sender: senderEntries.append((first, cues.count - 1))
                }
            }
        }
        self.cues = cues
        let lengths = cues.map(\.tokens.count)
        content = PhraseIndex(entries: contentEntries, lengths: lengths)
        sender = PhraseIndex(entries: senderEntries, lengths: lengths)
    }

    /// Identifies a phrase within one field, to merge duplicates.
    private struct CueKey: Hashable {
        var tokens: [UInt64]
        var sender: Bool
    }

    /// The slot of `category` in this table.
    func index(of category: Category) -> Int {
        slot[Category.allCases.firstIndex(of: category)!]
    }

    /// The closest common category for an industry extra the business does not have.
    static func fallback(for category: Category) -> Category {
        switch category {
        case .maintenance, .seasonal, .insurance: .support
        case .wellness: .sales
        case .subcontractors: .suppliers
        case .permits: .misc
        default: category
        }
    }

    /// The compiled table of each industry, and of a profile without one.
    static let byIndustry: [Industry: CueTable] = Dictionary(
        uniqueKeysWithValues: Industry.allCases.map { ($0, CueTable(industry: $0, specs: Vocabulary.all)) }
    )
    static let generic = CueTable(industry: nil, specs: Vocabulary.all)

    /// The table for `industry`.
    static func table(for industry: Industry?) -> CueTable {
        guard let industry, let table = byIndustry[industry] else { return generic }
        return table
    }
}
