import Foundation

/// The built-in email classifier: deterministic, explainable and fast.
///
/// It scores every category of the client's industry from phrases in the subject (weighted 1.5×) and the new part
/// of the body, from who the sender is (a manager, a supplier, someone on the business's own domain, a bank, a phone
/// system, a social network …) and from the pre-filter's verdict. The best category wins; confidence grows with its
/// lead over the runner-up. Every contribution is listed in `Classification.reasons`.
///
/// All vocabulary is compiled once per industry (phrases hashed and indexed); a call scans each field once.
public struct Classifier: Sendable {
    /// Creates a classifier. The compiled vocabulary is shared by all instances.
    public init() {}

    /// Whether a reply draft suits this category (before client policy and rules): customer-facing ones only.
    private static func isDraftable(_ category: Category) -> Bool {
        switch category {
        case .sales, .support, .urgent, .formsub, .maintenance, .seasonal, .insurance, .wellness: true
        default: false
        }
    }

    /// A category needs at least this score to be chosen; below it the email is MISC.
    private static let minimumScore = 0.35

    /// Classifies `message` for the client of `profile`; `preFilter` is the pre-filter's verdict on it.
    public func classify(_ message: EmailMessage, profile: ClientProfile, preFilter: PreFilterResult) -> Classification {
        let table = CueTable.table(for: profile.industry)
        let domain = message.from.domain
        let manager = SenderDirectory.manager(email: message.from.email, profile: profile)
        let supplier = manager == nil ? SenderDirectory.supplier(email: message.from.email, domain: domain, profile: profile) : nil
        let isInternal = SenderDirectory.isInternal(domain: domain, profile: profile)

        var evidence = Evidence(table: table, month: Self.month(of: message.receivedAt))
        let subject = Array(message.subject.utf8.prefix(400))
        let body = MessageText.body(of: message)
        let sender = Array(((message.from.name ?? "") + " " + message.from.email).utf8)
        var subjectTokens: [Token] = []
        var bodyTokens: [Token] = []
        var senderTokens: [Token] = []
        bodyTokens.reserveCapacity(body.count / 5)
        subject.withUnsafeBufferPointer { TokenScanner.scan($0, into: &subjectTokens) }
        body.withUnsafeBufferPointer { TokenScanner.scan($0, into: &bodyTokens) }
        sender.withUnsafeBufferPointer { TokenScanner.scan($0, into: &senderTokens) }

        evidence.match(senderTokens, in: table.sender, field: .sender)
        // An automatic reply's subject only echoes the message it answers.
        if preFilter.kind != .autoReply && preFilter.kind != .outOfOffice && preFilter.kind != .bounce {
            evidence.match(subjectTokens, in: table.content, field: .subject)
        }
        evidence.match(bodyTokens, in: table.content, field: .body)
        Self.addLayoutEvidence(&evidence, subject: subjectTokens, body: bodyTokens)
        Self.addPreFilterEvidence(&evidence, preFilter)

        // Decide the category.
        var category: Category
        var subcategory: String? = nil
        var confidence: Double
        let ranked = evidence.scores.indices.sorted { evidence.scores[$0] > evidence.scores[$1] }
        let best = ranked[0]
        let bestScore = evidence.scores[best]
        let runnerUp = ranked.count > 1 ? max(0, evidence.scores[ranked[1]]) : 0
        // A website form or phone system on the business's own domain is a machine, not a colleague.
        let machine = [table.index(of: .formsub), table.index(of: .phone)].max { evidence.scores[$0] < evidence.scores[$1] }
        if let manager {
            category = .manager
            subcategory = manager.name
            confidence = 0.95
            evidence.reasons.append("sender is manager \(manager.name) → MANAGER")
        } else if let supplier {
            category = .suppliers
            subcategory = supplier.name
            confidence = 0.95
            evidence.reasons.append("sender is supplier \(supplier.name) → SUPPLIERS")
        } else if isInternal, let machine, evidence.scores[machine] >= 1.0 {
            category = table.categories[machine]
            let score = evidence.scores[machine]
            let other = evidence.scores.indices.filter { $0 != machine }.map { evidence.scores[$0] }.max() ?? 0
            confidence = Self.confidence(best: score, margin: score - max(0, other))
            evidence.reasons.append("sender \(domain) is internal but a \(category.rawValue) system → \(category.rawValue)")
        } else if isInternal {
            category = .manager
            subcategory = Self.topVote(evidence, slot: table.index(of: .manager)) ?? "Unassigned"
            confidence = 0.85
            evidence.reasons.append("sender \(domain) is internal → MANAGER")
        } else if bestScore < Self.minimumScore {
            category = .misc
            confidence = Self.round(max(0.3, 0.6 - bestScore))
            evidence.reasons.append("no category reached \(Evidence.plain(Self.minimumScore)) → MISC")
        } else {
            category = table.categories[best]
            confidence = Self.confidence(best: bestScore, margin: bestScore - runnerUp)
            let second = ranked.count > 1 ? table.categories[ranked[1]].rawValue : "none"
            evidence.reasons.append(
                "\(category.rawValue) \(Evidence.plain(bestScore)) leads \(second) \(Evidence.plain(runnerUp)) → confidence \(Evidence.plain(confidence))"
            )
        }

        var sentiment: Sentiment = evidence.sentiment >= 1.0 ? .positive : (evidence.sentiment <= -0.8 ? .negative : .neutral)
        if Self.isTransactional(category) && sentiment != .neutral {
            // "Your refund has been processed" is a notice, not an unhappy customer.
            sentiment = .neutral
            evidence.reasons.append("sentiment neutral: \(category.rawValue) mail is transactional")
        } else if !evidence.sentimentWords.isEmpty {
            evidence.reasons.append(
                "sentiment \(sentiment.rawValue) (\(Evidence.signed(evidence.sentiment)): \(evidence.sentimentWords.joined(separator: ", ")))"
            )
        }

        if manager == nil && supplier == nil && !(isInternal && category == .manager) {
            subcategory = Self.subcategory(for: category, evidence: evidence, sentiment: sentiment)
        }
        let urgency = Self.urgency(category: category, evidence: evidence, preFilter: preFilter)

        let entities = subject.withUnsafeBufferPointer { subjectBuffer in
            body.withUnsafeBufferPointer { bodyBuffer in
                EntityExtractor.extract(
                    subject: subjectBuffer, subjectTokens: subjectTokens, body: bodyBuffer, bodyTokens: bodyTokens,
                    message: message, profile: profile, machineSender: preFilter.kind != .none || evidence.knownService
                )
            }
        }

        var draftAppropriate = Self.isDraftable(category) || (category == .googleReview && subcategory == "Response Needed")
        if draftAppropriate {
            if preFilter.blocksDraft {
                draftAppropriate = false
                evidence.reasons.append("no draft: pre-filter says \(preFilter.kind.rawValue)")
            } else if isInternal {
                draftAppropriate = false
                evidence.reasons.append("no draft: internal sender")
            }
        }

        return Classification(
            category: category, subcategory: subcategory, confidence: confidence, urgency: urgency, sentiment: sentiment,
            entities: entities, senderIsManager: manager != nil, senderIsSupplier: supplier != nil, senderIsInternal: isInternal,
            draftAppropriate: draftAppropriate, reasons: evidence.reasons
        )
    }

    /// Evidence from the shape of the message: a form's labelled fields, a row of review stars.
    private static func addLayoutEvidence(_ evidence: inout Evidence, subject: [Token], body: [Token]) {
        let labels = FormLabels.shared
        var fields = 0
        for (index, token) in body.enumerated() where token.flags.contains(.colonAfter) && labels.hashes.contains(token.hash) {
            if token.flags.contains(.lineStart) || (index > 0 && body[index - 1].flags.contains(.lineStart) && !token.flags.contains(.breakBefore)) {
                fields += 1
            }
        }
        if fields >= 3 {
            evidence.add(.formsub, 1.0, because: "\(fields) labelled form fields")
        }
        if evidence.rating == nil {
            var longest = 0
            var run = 0
            for token in subject + body {
                run = token.hash == TokenScanner.starHash ? run + 1 : 0
                longest = max(longest, run)
            }
            if longest > 0 {
                evidence.rating = min(longest, 5)
                evidence.reasons.append("\(longest) stars shown → rating \(min(longest, 5))")
                evidence.sentiment += longest >= 4 ? 1.0 : (longest <= 2 ? -1.2 : 0)
            }
        }
    }

    /// Automatic and bulk mail leans towards MISC and PROMO.
    private static func addPreFilterEvidence(_ evidence: inout Evidence, _ preFilter: PreFilterResult) {
        switch preFilter.kind {
        case .none, .noReply: break
        case .bulk: evidence.add(.promo, 0.35, because: "bulk mail")
        case .autoReply: evidence.add(.misc, 1.0, because: "automatic reply")
        case .outOfOffice: evidence.add(.misc, 2.0, because: "out-of-office notice")
        case .bounce: evidence.add(.misc, 2.0, because: "delivery failure report")
        }
    }

    private static func subcategory(for category: Category, evidence: Evidence, sentiment: Sentiment) -> String? {
        switch category {
        case .googleReview:
            let unhappy = (evidence.rating.map { $0 <= 3 } ?? false) || sentiment == .negative
            return unhappy ? "Response Needed" : "New Review"
        case .manager:
            return topVote(evidence, slot: evidence.table.index(of: .manager)) ?? "Unassigned"
        case .banking, .phone:
            return topVote(evidence, slot: evidence.table.index(of: category))
        default:
            return nil
        }
    }

    /// The subcategory with the most votes in a slot (ties go to the alphabetically first).
    private static func topVote(_ evidence: Evidence, slot: Int) -> String? {
        var totals: [(name: String, weight: Double)] = []
        for vote in evidence.subcategoryVotes where vote.slot == slot {
            if let index = totals.firstIndex(where: { $0.name == vote.name }) {
                totals[index].weight += vote.weight
            } else {
                totals.append((vote.name, vote.weight))
            }
        }
        return totals.max { $0.weight < $1.weight || ($0.weight == $1.weight && $0.name > $1.name) }?.name
    }

    /// Notices between businesses and systems: their wording carries no customer's feelings or emergencies.
    private static func isTransactional(_ category: Category) -> Bool {
        switch category {
        case .banking, .suppliers, .promo, .socialMedia: true
        default: false
        }
    }

    private static func urgency(category: Category, evidence: Evidence, preFilter: PreFilterResult) -> Urgency {
        // A payment memo, an invoice or a review may mention an emergency; none of them is one.
        if isTransactional(category) || category == .googleReview || category == .recruitment {
            return category == .promo || category == .socialMedia ? .low : .normal
        }
        var level = max(Urgency.normal, evidence.urgency)
        if category == .urgent { level = max(level, .high) }
        if evidence.calm && level < .critical { level = .low }
        if category == .promo || category == .socialMedia || (category == .misc && preFilter.kind != .none) { level = .low }
        if evidence.vulnerable && level == .high { level = .critical }
        return level
    }

    /// 0.3 for no lead, about 0.7 for a lead of 0.5, 0.9 for 1.2 and more; scaled down when even the best
    /// category has little evidence (below 1.0), so one weak phrase never makes a confident decision.
    private static func confidence(best: Double, margin: Double) -> Double {
        let lead = 1 - exp(-max(0, margin) / 0.6)
        return round(min(0.99, 0.3 + 0.69 * lead * min(1, best)))
    }

    private static func round(_ value: Double) -> Double {
        (value * 100).rounded() / 100
    }

    /// The month (1–12) of a date in UTC; close enough for the season.
    private static func month(of date: Date) -> Int {
        CivilDay.date(Int((date.timeIntervalSince1970 / 86_400).rounded(.down))).month
    }

    /// Field labels of website form notifications.
    private struct FormLabels: Sendable {
        static let shared = FormLabels()
        let hashes: Set<UInt64> = Set([
            "name", "email", "e-mail", "phone", "telephone", "message", "address", "comments", "comment", "service", "city", "postal",
            "zip", "subject", "details", "inquiry", "company", "budget", "date", "time", "code",
        ].compactMap { TokenScanner.hashes(phrase: $0).last })
    }
}
