import Foundation

/// What one business's corrections teach its classifier (issue 10, learning from corrections). Pure: built from the
/// corrections handed to it, the model and the business; no I/O, no clock.
///
/// Three things are learned, applied after the structural rules (own domain → MANAGER, auto-replied → MISC) and before
/// the model's own decision:
/// 1. **senders**: an exact sender address → the category of its most recent correction;
/// 2. **domains**: a sender domain → a category, when its most recent corrections (at least
///    `Settings.domainAgreement` of them in a row) agree; never for a free-mail domain (`freemailDomains`) or the
///    business's own domain;
/// 3. **phrasing**: a per-business additive weight matrix over the model's hashed word features (`w:` unigrams without
///    stop words, `b:` bigrams), trained with a few passive-aggressive steps toward each corrected message's category and
///    away from the strongest competing one until it wins by `Settings.margin`; its product with a message's word
///    vector is added to the model's category scores before the argmax. Each category's column is bounded in L2 norm.
///
/// Guardrails: a correction whose sender is at the business's own domain or is one of its managers teaches nothing
/// (`ignored`); an email moved back to the category FloWorx first chose (`from == to`: its later correction replaced
/// the earlier one) teaches nothing, which undoes what the earlier correction taught;
/// a later opposite correction (it moves mail of the same sender, or of similar phrasing, out of the category an
/// earlier one taught, or back to where the earlier one came from) removes the earlier one from the phrasing set, and
/// the sender and domain maps always take the latest.
public struct TriageAdaptation: Sendable {
    /// One recorded correction: the owner moved an email from `fromCategory` (what FloWorx chose; nil when unknown)
    /// to `toCategory`.
    public struct Correction: Sendable, Hashable {
        /// The corrected email (its email log id): a later correction of the same email replaces an earlier one.
        public var id: String
        public var fromCategory: String?
        public var toCategory: String
        public var correctedAt: Date
        /// The corrected message, as the model reads it (at least sender, subject and body).
        public var input: TriageInput

        public init(id: String, fromCategory: String?, toCategory: String, correctedAt: Date, input: TriageInput) {
            self.id = id
            self.fromCategory = fromCategory
            self.toCategory = toCategory
            self.correctedAt = correctedAt
            self.input = input
        }

        /// The sender address, lower-cased and trimmed.
        public var sender: String { input.fromEmail.trimmingCharacters(in: .whitespaces).lowercased() }
    }

    /// A learned sender or domain rule.
    public struct Rule: Sendable, Hashable {
        public var category: String
        /// How many corrections back it (1 for a sender; the agreeing run for a domain).
        public var corrections: Int
        /// The latest of them.
        public var correctedAt: Date
    }

    /// A correction that teaches nothing, and why.
    public struct Ignored: Sendable, Hashable {
        public var id: String
        public var reason: String
    }

    /// The learning constants; the defaults are what the tests measure.
    public struct Settings: Sendable, Hashable {
        /// Corrections in a row at one domain that make a domain rule.
        public var domainAgreement: Int = 2
        /// The score by which a corrected message's category must beat every other after learning.
        public var margin: Double = 4
        /// The largest step of one update (passive-aggressive PA-I aggressiveness).
        public var maxStep: Double = 3
        /// Passes over the corrections.
        public var epochs: Int = 5
        /// Bound on the L2 norm of each category's column of phrasing weights.
        public var maxNorm: Double = 16
        /// Cosine similarity of word vectors from which a later opposite correction counts as being about the same kind
        /// of mail as an earlier one. Measured on the tests' messages: 0.11–0.38 between two warranty dispatches of
        /// different companies, 0.00–0.11 between a dispatch and a customer's own request.
        public var similarity: Double = 0.15
        /// Phrasing features named in a decision's reasons.
        public var reasonCount: Int = 3

        public init() {}
    }

    /// Free-mail and consumer ISP domains: many unrelated people share them, so they never get a domain rule (a sender
    /// rule for one address at them is fine). Matched exactly and as a parent domain (`mail.yahoo.com`); `yahoo.*`,
    /// `hotmail.*`, `outlook.*`, `live.*`, `gmx.*` match any country suffix.
    public static let freemailDomains: Set<String> = [
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "yahoo.com", "ymail.com",
        "rocketmail.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me", "protonmail.com", "pm.me", "gmx.com",
        "gmx.net", "gmx.de", "mail.com", "zoho.com", "yandex.com", "yandex.ru", "fastmail.com", "hey.com", "tutanota.com",
        "orange.fr", "wanadoo.fr", "free.fr", "sfr.fr", "laposte.net", "bbox.fr", "web.de", "t-online.de", "libero.it",
        "shaw.ca", "telus.net", "videotron.ca", "sympatico.ca", "bell.net", "rogers.com", "cogeco.ca", "comcast.net",
        "att.net", "cox.net", "verizon.net", "earthlink.net", "sbcglobal.net", "bellsouth.net", "charter.net",
        "optonline.net", "btinternet.com", "sky.com", "qq.com", "163.com",
    ]
    /// Free-mail brands whose country domains vary (`yahoo.fr`, `hotmail.co.uk`).
    public static let freemailBrands: Set<String> = ["yahoo", "hotmail", "outlook", "live", "gmx", "aol", "icloud"]

    /// Whether `domain` is a free-mail or consumer ISP domain.
    public static func isFreemail(_ domain: String) -> Bool {
        let d = domain.lowercased()
        if freemailDomains.contains(where: { d == $0 || d.hasSuffix("." + $0) }) { return true }
        // A brand label followed only by short suffix labels: hotmail.co.uk, yahoo.fr (not live.acme.com).
        let labels = d.split(separator: ".").map(String.init)
        for (i, label) in labels.enumerated().dropLast() where freemailBrands.contains(label) {
            if labels[(i + 1)...].allSatisfy({ $0.count <= 3 }) { return true }
        }
        return false
    }

    /// Why a correction from `sender` must not be learned from, or nil when it may.
    public static func guardrail(sender: String, business: TriageBusiness) -> String? {
        let address = sender.trimmingCharacters(in: .whitespaces).lowercased()
        if business.managers.contains(address) { return "sender is a manager of the business" }
        if TriageFeatureExtractor.domainMatches(TriageFeatureExtractor.domain(address), business.domain) {
            return "sender is at the business's own domain"
        }
        if !address.contains("@") { return "no sender address" }
        return nil
    }

    public let settings: Settings
    /// Sender address → its rule.
    public let senders: [String: Rule]
    /// Sender domain → its rule.
    public let domains: [String: Rule]
    /// The corrections that teach nothing.
    public let ignored: [Ignored]
    /// The ids of the corrections the phrasing weights were trained on.
    public let phrasingCorrections: [String]
    /// The model's category order (the columns of `weights`).
    let categories: [String]
    let bucketsLog2: Int
    /// Bucket → one additive weight per category.
    let weights: [Int: [Double]]
    /// Bucket → the feature string it was learned from.
    let names: [Int: String]

    /// No corrections: changes nothing.
    public static func empty(model: TriageModel) -> TriageAdaptation {
        TriageAdaptation(corrections: [], model: model, business: TriageBusiness(industry: "", domain: "", managers: [], supplierDomains: []))
    }

    /// Whether anything was learned.
    public var isEmpty: Bool { senders.isEmpty && domains.isEmpty && weights.isEmpty }

    /// Learns from `corrections` (any order) of the business `business`.
    public init(corrections: [Correction], model: TriageModel, business: TriageBusiness, settings: Settings = Settings()) {
        self.settings = settings
        let categories = model.categories
        let bucketsLog2 = model.extractor.bucketsLog2
        self.categories = categories
        self.bucketsLog2 = bucketsLog2
        let allowed = model.allowedCategories(industry: business.industry)

        // The latest correction per email, oldest first (ties by id, so the result never depends on input order).
        var latest: [String: Correction] = [:]
        for c in corrections where latest[c.id].map({ $0.correctedAt <= c.correctedAt }) ?? true { latest[c.id] = c }
        let ordered = latest.values.sorted { ($0.correctedAt, $0.id) < ($1.correctedAt, $1.id) }

        var ignored: [Ignored] = []
        var kept: [Correction] = []
        for c in ordered {
            if let reason = Self.guardrail(sender: c.sender, business: business) {
                ignored.append(Ignored(id: c.id, reason: reason))
            } else if c.fromCategory == c.toCategory {
                ignored.append(Ignored(id: c.id, reason: "moved back to the category FloWorx chose"))
            } else if !allowed.contains(c.toCategory) {
                ignored.append(Ignored(id: c.id, reason: "\(c.toCategory) is not a category of this business"))
            } else {
                kept.append(c)
            }
        }

        // Senders: the latest wins.
        var senders: [String: Rule] = [:]
        var byDomain: [String: [Correction]] = [:]
        for c in kept {
            senders[c.sender] = Rule(category: c.toCategory, corrections: 1, correctedAt: c.correctedAt)
            let domain = TriageFeatureExtractor.domain(c.sender)
            if !domain.isEmpty && !Self.isFreemail(domain) { byDomain[domain, default: []].append(c) }
        }
        // Domains: the run of latest corrections that agree.
        var domains: [String: Rule] = [:]
        for (domain, list) in byDomain {
            let last = list[list.count - 1]
            let run = list.reversed().prefix { $0.toCategory == last.toCategory }.count
            if run >= settings.domainAgreement {
                domains[domain] = Rule(category: last.toCategory, corrections: run, correctedAt: last.correctedAt)
            }
        }
        self.senders = senders
        self.domains = domains

        // Phrasing: a later opposite correction removes the earlier one.
        var examples: [(correction: Correction, x: [Int: Double], names: [Int: String], base: [Double])] = []
        for c in kept {
            let features = model.extractor.extract(c.input, business: business)
            let (x, names) = Self.phrasing(features, bucketsLog2: bucketsLog2)
            examples.removeAll { e in
                guard e.correction.toCategory != c.toCategory else { return false }
                let opposite = c.fromCategory == e.correction.toCategory || c.toCategory == e.correction.fromCategory
                return opposite && (e.correction.sender == c.sender || Self.cosine(e.x, x) >= settings.similarity)
            }
            if x.isEmpty { continue }
            examples.append((c, x, names, model.predict(features, business: business).categoryScores))
        }
        var weights: [Int: [Double]] = [:]
        var names: [Int: String] = [:]
        let allowedIndices = categories.indices.filter { allowed.contains(categories[$0]) }
        for _ in 0..<settings.epochs {
            var updated = false
            for e in examples {
                guard let target = categories.firstIndex(of: e.correction.toCategory) else { continue }
                var scores = e.base
                for (bucket, value) in e.x {
                    guard let w = weights[bucket] else { continue }
                    for i in allowedIndices { scores[i] += value * w[i] }
                }
                guard let rival = allowedIndices.filter({ $0 != target }).max(by: { scores[$0] < scores[$1] }) else { continue }
                let gap = scores[target] - scores[rival]
                guard gap < settings.margin else { continue }
                // Both columns move by step × x (‖x‖ = 1): the gap grows by 2 × step.
                let step = min(settings.maxStep, (settings.margin - gap) / 2)
                for (bucket, value) in e.x {
                    var w = weights[bucket] ?? [Double](repeating: 0, count: categories.count)
                    w[target] += step * value
                    w[rival] -= step * value
                    weights[bucket] = w
                    if names[bucket] == nil { names[bucket] = e.names[bucket] }
                }
                updated = true
            }
            Self.bound(&weights, columns: categories.count, maxNorm: settings.maxNorm)
            if !updated { break }
        }
        self.weights = weights
        self.names = names
        self.ignored = ignored
        phrasingCorrections = examples.map(\.correction.id)
    }

    /// What the adaptation does to one message: deltas to add to the category scores, a sender or domain rule that
    /// decides the category, and the reasons to give.
    public struct Adjustment: Sendable {
        /// One delta per category, in the model's order.
        public var deltas: [Double]
        /// The learned sender or domain rule that matches, with its reason.
        public var rule: (category: String, reason: String)?
        /// Bucket → per-category contribution, for naming the phrasing reasons of the chosen category.
        var contributions: [(name: String, values: [Double])]

        /// The phrasing features that pushed `category` most, as reasons (`correction-learned phrasing: w:dispatch`, its
        /// push in `contribution`).
        public func phrasingReasons(for category: Int, count: Int) -> [TriagePrediction.Reason] {
            var pushes: [(name: String, value: Double)] = []
            for c in contributions where c.values[category] >= 0.05 { pushes.append((c.name, c.values[category])) }
            pushes.sort { $0.value != $1.value ? $0.value > $1.value : $0.name < $1.name }
            return pushes.prefix(count).map { TriagePrediction.Reason(feature: "correction-learned phrasing: \($0.name)", contribution: $0.value) }
        }
    }

    /// The adjustment for a message with `features` from `sender` (nil: phrasing only), for a model whose categories
    /// are `categories` (the model this was built with).
    public func adjustment(_ features: TriageFeatures, sender: String?, categories modelCategories: [String]) -> Adjustment {
        var deltas = [Double](repeating: 0, count: modelCategories.count)
        var contributions: [(name: String, values: [Double])] = []
        if !weights.isEmpty, modelCategories == categories {
            let (x, _) = Self.phrasing(features, bucketsLog2: bucketsLog2)
            for (bucket, value) in x {
                guard let w = weights[bucket] else { continue }
                let values = w.map { $0 * value }
                for i in deltas.indices { deltas[i] += values[i] }
                contributions.append((names[bucket] ?? "bucket \(bucket)", values))
            }
        }
        var rule: (String, String)?
        if let sender = sender?.trimmingCharacters(in: .whitespaces).lowercased(), !sender.isEmpty {
            let domain = TriageFeatureExtractor.domain(sender)
            if let r = senders[sender] {
                rule = (r.category, "correction: sender \(sender) → \(r.category) (\(Self.day(r.correctedAt)))")
            } else if let (name, r) = domains[domain].map({ (domain, $0) })
                ?? domains.filter({ TriageFeatureExtractor.domainMatches(domain, $0.key) }).min(by: { $0.key < $1.key }).map({ ($0.key, $0.value) })
            {
                rule = (r.category, "correction: domain \(name) → \(r.category) (\(r.corrections) corrections, latest \(Self.day(r.correctedAt)))")
            }
        }
        return Adjustment(deltas: deltas, rule: rule, contributions: contributions)
    }

    /// The message's word vector: `w:` for every subject and body token that is not a stop word, `b:` for every
    /// adjacent pair (as the model's features), hashed into the model's buckets, `log(1 + count)`, L2-normalised.
    static func phrasing(_ features: TriageFeatures, bucketsLog2: Int) -> ([Int: Double], [Int: String]) {
        var counts: [Int: Int] = [:]
        var names: [Int: String] = [:]
        func add(_ feature: String) {
            let b = TriageHash.bucket(feature, bucketsLog2: bucketsLog2)
            counts[b, default: 0] += 1
            if names[b] == nil { names[b] = feature }
        }
        for sequence in [TriageText.tokens(features.normalizedSubject), features.bodyTokens] {
            for (i, token) in sequence.enumerated() {
                if !stopWords.contains(token) { add("w:" + token) }
                if i > 0 { add("b:" + sequence[i - 1] + " " + token) }
            }
        }
        var x = counts.mapValues { log1p(Double($0)) }
        let norm = x.values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm > 0 { x = x.mapValues { $0 / norm } }
        return (x, names)
    }

    /// Words too common to say anything about one kind of mail.
    static let stopWords: Set<String> = TriageFeatureExtractor.stopWords.reduce(into: Set(["a", "an", "i", "on", "at", "be", "are", "or", "as", "if", "me", "us", "de", "la", "que"])) {
        $0.formUnion($1.1)
    }

    static func cosine(_ a: [Int: Double], _ b: [Int: Double]) -> Double {
        a.reduce(0) { $0 + $1.value * (b[$1.key] ?? 0) }  // both are unit vectors
    }

    /// Scales each category's column of `weights` down to `maxNorm` when it is longer.
    static func bound(_ weights: inout [Int: [Double]], columns: Int, maxNorm: Double) {
        for column in 0..<columns {
            let norm = weights.values.reduce(0) { $0 + $1[column] * $1[column] }.squareRoot()
            guard norm > maxNorm else { continue }
            let scale = maxNorm / norm
            for key in weights.keys { weights[key]![column] *= scale }
        }
    }

    static func day(_ date: Date) -> String {
        String(ISO8601.format(date).prefix(10))
    }
}
