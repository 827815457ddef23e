/// What the classifier has found so far in one message: category scores, subcategory votes, urgency,
/// sentiment and the reasons behind them. Filled by matching the compiled cues over each field's tokens.
struct Evidence {
    /// Where a token sequence came from; the subject counts more than the body.
    enum Field {
        case subject, body, sender

        var weight: Double {
            switch self {
            case .subject: 1.5
            case .body, .sender: 1.0
            }
        }

        var bit: UInt8 {
            switch self {
            case .subject: 1
            case .body: 2
            case .sender: 4
            }
        }

        var label: String {
            switch self {
            case .subject: "subject"
            case .body: "body"
            case .sender: "sender"
            }
        }
    }

    let table: CueTable
    let month: Int
    /// Score per slot of `table.categories`.
    var scores: [Double]
    /// Subcategory votes: slot, name, weight.
    var subcategoryVotes: [(slot: Int, name: String, weight: Double)] = []
    var urgency: Urgency = .low
    var vulnerable = false
    var calm = false
    var sentiment = 0.0
    var sentimentWords: [String] = []
    var rating: Int? = nil
    /// Whether any sender cue matched (the sender is a known service, not a person).
    var knownService = false
    var reasons: [String] = []
    /// Fields in which each cue has already counted (bit set of `Field.bit`).
    private var seen: [UInt8]

    init(table: CueTable, month: Int) {
        self.table = table
        self.month = month
        scores = [Double](repeating: 0, count: table.categories.count)
        seen = [UInt8](repeating: 0, count: table.cues.count)
    }

    /// Adds weight to a category with a reason.
    mutating func add(_ category: Category, _ weight: Double, because reason: String) {
        let slot = table.index(of: category)
        scores[slot] += weight
        reasons.append("\(reason) → \(table.categories[slot].rawValue) \(Evidence.signed(weight))")
    }

    /// Matches the cues of `index` over `tokens`, left to right, the longest phrase winning at each position.
    mutating func match(_ tokens: [Token], in index: PhraseIndex, field: Field) {
        let cues = table.cues
        var position = 0
        while position < tokens.count {
            var matched = -1
            index.forEachCandidate(tokens[position].hash) { candidate in
                let phrase = cues[candidate].tokens
                guard position + phrase.count <= tokens.count else { return false }
                var offset = 1
                while offset < phrase.count {
                    let token = tokens[position + offset]
                    if token.hash != phrase[offset] || token.flags.contains(.breakBefore) { return false }
                    offset += 1
                }
                matched = candidate
                return true
            }
            guard matched >= 0 else {
                position += 1
                continue
            }
            if seen[matched] & field.bit == 0 {
                seen[matched] |= field.bit
                apply(cues[matched], field: field, negated: Evidence.isNegated(tokens, at: position))
            }
            position += cues[matched].tokens.count
        }
    }

    private mutating func apply(_ cue: CueTable.Cue, field: Field, negated: Bool) {
        var parts: [String] = []
        var ignored = false
        for (effect, negatable) in cue.effects {
            let cancelled = negated && negatable
            switch effect {
            case .category(let slot, let weight):
                if cancelled {
                    ignored = true
                    continue
                }
                let scaled = weight * field.weight
                scores[slot] += scaled
                parts.append("\(table.categories[slot].rawValue) \(Evidence.signed(scaled))")
            case .subcategory(let slot, let name, let weight):
                if !cancelled { subcategoryVotes.append((slot, name, weight * field.weight)) }
            case .urgency(let level):
                if !cancelled && level > urgency {
                    urgency = level
                    parts.append("urgency \(level.rawValue)")
                }
            case .seasonalUrgency(let level, let season):
                if cancelled { continue }
                let inSeason = season.contains(month: month)
                let value: Urgency = inSeason ? level : (level == .critical ? .high : .normal)
                if value > urgency {
                    urgency = value
                    parts.append("urgency \(value.rawValue)\(inSeason ? " (in season)" : "")")
                }
            case .vulnerable:
                if !cancelled { vulnerable = true }
            case .calm:
                calm = true
                parts.append("can wait")
            case .sentiment(let value):
                if value == 0 { continue }
                let signed = cancelled ? -0.8 * value : value
                sentiment += signed * field.weight
                if sentimentWords.count < 6 { sentimentWords.append(cancelled ? "not " + cue.phrase : cue.phrase) }
            case .rating(let stars):
                rating = stars
                parts.append("rating \(stars)")
            }
        }
        if field == .sender { knownService = true }
        if !parts.isEmpty {
            reasons.append("\(field.label) contains \"\(cue.phrase)\" → \(parts.joined(separator: ", "))")
        } else if ignored {
            reasons.append("\(field.label) contains \"\(cue.phrase)\" after a negation: ignored")
        }
    }

    /// Whether a negation word comes within three words before `position`, in the same clause.
    static func isNegated(_ tokens: [Token], at position: Int) -> Bool {
        let words = NegationWords.shared
        var index = position - 1
        while index >= 0 && position - index <= 3 {
            if tokens[index + 1].flags.contains(.breakBefore) { return false }
            let hash = tokens[index].hash
            if words.negators.contains(hash) { return true }
            if hash == words.but { return false }
            index -= 1
        }
        return false
    }

    /// `+0.35` / `-0.60`.
    static func signed(_ value: Double) -> String {
        let hundredths = Int((abs(value) * 100).rounded())
        let fraction = hundredths % 100
        return "\(value < 0 ? "-" : "+")\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// `0.35`.
    static func plain(_ value: Double) -> String {
        let text = signed(value)
        return value < 0 ? text : String(text.dropFirst())
    }

    /// The words that negate what follows them.
    struct NegationWords: Sendable {
        static let shared = NegationWords()
        let negators: [UInt64] = [
            "no", "not", "never", "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "wont", "cant", "cannot", "without",
            "hardly", "nothing", "nor", "havent", "hasnt", "hadnt", "shouldnt", "wouldnt", "couldnt", "neither", "nobody",
        ].map { TokenScanner.hashes(phrase: $0)[0] }
        let but = TokenScanner.hashes(phrase: "but")[0]
    }
}
