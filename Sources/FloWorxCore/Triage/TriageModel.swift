import Foundation

/// The exported triage model (Training/model/triage-model.json, format `floworx-triage-model`): three sparse linear
/// models over hashed features and the decision layer of `decide()` in Training/train.py. Pure: it is built from
/// bytes handed to it and does no I/O.
public struct TriageModel: Sendable {
    /// Thrown when the bytes are not a model this code can run.
    public struct FormatError: Error, CustomStringConvertible {
        public var description: String
    }

    public let version: Int
    public let featureVersion: Int
    public let trainingSetSHA256: String
    public let categories: [String]
    public let urgencies: [String]
    /// Industry → the extra categories allowed for it (all others outside the 13 common ones are masked).
    public let industryExtras: [String: [String]]
    public let escalationThreshold: Double
    /// The temperature T of the category confidence, softmax(score / T), fitted on out-of-fold predictions by
    /// Training/calibrate.py so that a confidence reads as the chance the category is right; 1 when absent. It changes
    /// no decision, only the confidence that `auto_reply.min_confidence` compares against.
    public let confidenceTemperature: Double
    public let extractor: TriageFeatureExtractor
    let categoryBias: [Double]
    let urgencyBias: [Double]
    let escalationBias: Double
    /// Bucket → its row in `weights` (-1: no class weighs it), indexed by bucket: one array read per message bucket
    /// scores all classes at once, without hashing.
    let rowOf: [Int32]
    /// Row-major, one row per bucket any class weighs, one column per class: the categories, then the urgencies,
    /// then escalation. Absent weights are 0, as in the reference (`load_model` in train.py makes the same matrix).
    let weights: [Double]
    let columns: Int

    /// The categories a reply may be drafted for (`DRAFT_CATEGORIES` of train.py).
    public static let draftCategories: Set<String> = [
        "URGENT", "SALES", "SUPPORT", "FORMSUB", "SEASONAL", "MAINTENANCE", "PERMITS", "SUBCONTRACTORS", "INSURANCE", "WELLNESS",
    ]
    /// Customer issues: escalated when rated high or critical (`CUSTOMER_ISSUE` of train.py).
    public static let customerIssueCategories: Set<String> = draftCategories.union(["PHONE", "GOOGLE_REVIEW", "SOCIALMEDIA"])
    /// The 13 categories every industry has (the first 13 of the model's list).
    public static let commonCategoryCount = 13
    /// How many contributing features a prediction names per decision.
    public static let reasonCount = 5

    private struct Document: Decodable {
        struct Features: Decodable {
            var hash: String
            var buckets_log2: Int
            var max_body_tokens: Int
            var char_ngrams: [Int]
        }
        struct Sparse: Decodable {
            var buckets: [Int]
            var weights: [Double]
        }
        struct Multi: Decodable {
            var bias: [Double]
            var classes: [Sparse]
        }
        struct Binary: Decodable {
            var bias: Double
            var weights: Sparse
        }
        var format: String
        var version: Int
        var feature_version: Int
        var training_set_sha256: String?
        var features: Features
        var categories: [String]
        var industry_extras: [String: [String]]
        var urgencies: [String]
        var escalation_threshold: Double
        var confidence_temperature: Double?
        var category: Multi
        var urgency: Multi
        var escalation: Binary
    }

    /// Decodes a model file's bytes.
    public init(jsonData: Data) throws {
        let doc = try JSONDecoder().decode(Document.self, from: jsonData)
        guard doc.format == "floworx-triage-model", (1...2).contains(doc.feature_version), doc.features.hash == "fnv1a32-utf8" else {
            throw FormatError(description: "unsupported triage model: format \(doc.format), feature version \(doc.feature_version), hash \(doc.features.hash)")
        }
        guard doc.category.bias.count == doc.categories.count, doc.category.classes.count == doc.categories.count,
            doc.urgency.bias.count == doc.urgencies.count, doc.urgency.classes.count == doc.urgencies.count,
            doc.categories.count >= Self.commonCategoryCount
        else { throw FormatError(description: "class counts do not match the category/urgency lists") }
        version = doc.version
        featureVersion = doc.feature_version
        trainingSetSHA256 = doc.training_set_sha256 ?? ""
        categories = doc.categories
        urgencies = doc.urgencies
        industryExtras = doc.industry_extras
        escalationThreshold = doc.escalation_threshold
        confidenceTemperature = doc.confidence_temperature ?? 1
        guard confidenceTemperature > 0, confidenceTemperature.isFinite else {
            throw FormatError(description: "confidence_temperature must be a positive number")
        }
        extractor = TriageFeatureExtractor(
            bucketsLog2: doc.features.buckets_log2, maxBodyTokens: doc.features.max_body_tokens, charNgrams: doc.features.char_ngrams,
            featureVersion: doc.feature_version)
        categoryBias = doc.category.bias
        urgencyBias = doc.urgency.bias
        escalationBias = doc.escalation.bias
        let classes = doc.category.classes + doc.urgency.classes + [doc.escalation.weights]
        var rows: [Int: Int] = [:]
        for sparse in classes {
            guard sparse.buckets.count == sparse.weights.count else { throw FormatError(description: "buckets and weights differ in length") }
            for bucket in sparse.buckets where rows[bucket] == nil { rows[bucket] = rows.count }
        }
        var weights = [Double](repeating: 0, count: rows.count * classes.count)
        for (column, sparse) in classes.enumerated() {
            for (bucket, weight) in zip(sparse.buckets, sparse.weights) { weights[rows[bucket]! * classes.count + column] += weight }
        }
        guard (1...24).contains(doc.features.buckets_log2), rows.keys.allSatisfy({ $0 >= 0 && $0 < 1 << doc.features.buckets_log2 }) else {
            throw FormatError(description: "buckets must lie in 0..<2^buckets_log2 (buckets_log2 1...24)")
        }
        var rowOf = [Int32](repeating: -1, count: 1 << doc.features.buckets_log2)
        for (bucket, row) in rows { rowOf[bucket] = Int32(row) }
        self.rowOf = rowOf
        self.weights = weights
        columns = classes.count
    }

    /// The model file shipped as a resource of FloWorxCore (a copy of Training/model/triage-model.json made by
    /// Training/export-model.sh). Only its location: the caller reads the bytes and hands them to `init(jsonData:)`.
    public static var bundledModelURL: URL? {
        Bundle.module.url(forResource: "triage-model", withExtension: "json")
    }

    /// The row of `bucket` in `weights`, if any class weighs it.
    @inline(__always) func row(_ bucket: Int) -> Int? {
        guard bucket >= 0, bucket < rowOf.count else { return nil }
        let row = rowOf[bucket]
        return row >= 0 ? Int(row) : nil
    }

    /// The categories allowed for `industry`: the 13 common ones and the industry's extras.
    public func allowedCategories(industry: String) -> Set<String> {
        Set(categories.prefix(Self.commonCategoryCount)).union(industryExtras[industry] ?? [])
    }

    /// Features, scores and decision for one message; `adaptation` is what the business's corrections taught (nil:
    /// the trained model alone, exactly as the reference).
    public func predict(_ input: TriageInput, business: TriageBusiness, adaptation: TriageAdaptation? = nil) -> TriagePrediction {
        predict(extractor.extract(input, business: business), business: business, adaptation: adaptation, sender: input.fromEmail)
    }

    /// Scores and decision for already extracted features (`decide()` of train.py). With `adaptation`, its phrasing
    /// deltas are added to the category scores before the industry mask and the argmax, and its sender or domain rule
    /// for `sender` decides the category after the structural rules.
    public func predict(
        _ features: TriageFeatures, business: TriageBusiness, adaptation: TriageAdaptation? = nil, sender: String? = nil
    ) -> TriagePrediction {
        let x = features.vector
        let facts = features.facts
        var sums = [Double](repeating: 0, count: columns)
        for (bucket, value) in x {
            guard let row = row(bucket) else { continue }
            let base = row * columns
            for column in 0..<columns { sums[column] += value * weights[base + column] }
        }
        let nc = categories.count
        var categoryScores = (0..<nc).map { categoryBias[$0] + sums[$0] }
        let adjustment = adaptation.map { $0.adjustment(features, sender: sender, categories: categories) }
        if let adjustment { for i in 0..<nc { categoryScores[i] += adjustment.deltas[i] } }
        let urgencyScores = urgencyBias.indices.map { urgencyBias[$0] + sums[nc + $0] }
        let escalationScore = escalationBias + sums[columns - 1]

        let allowed = allowedCategories(industry: business.industry)
        var best = -1
        for (i, name) in categories.enumerated() where allowed.contains(name) {
            if best < 0 || categoryScores[i] > categoryScores[best] { best = i }
        }
        let maxScore = categoryScores[best]
        var denominator = 0.0
        for (i, name) in categories.enumerated() where allowed.contains(name) {
            denominator += exp((categoryScores[i] - maxScore) / confidenceTemperature)
        }
        var category = categories[best]
        var confidence = 1 / denominator
        var categoryRule: String?
        if facts.ownDomain {  // Convention 1: internal mail is MANAGER, never escalated or drafted.
            (category, confidence, categoryRule) = ("MANAGER", 1, "rule: own domain")
        } else if facts.autoSubmitted == "auto-replied" {  // Convention 6: RFC 3834 auto-replies are MISC.
            (category, confidence, categoryRule) = ("MISC", 1, "rule: Auto-Submitted: auto-replied")
        } else if let rule = adjustment?.rule, allowed.contains(rule.category) {  // a learned sender or domain
            (category, confidence, categoryRule) = (rule.category, 1, rule.reason)
        }
        var urgencyIndex = 0
        for i in urgencyScores.indices where urgencyScores[i] > urgencyScores[urgencyIndex] { urgencyIndex = i }
        let urgency = urgencies[urgencyIndex]
        let pEscalate = 1 / (1 + exp(-escalationScore))
        let customerIssue = Self.customerIssueCategories.contains(category) && !facts.supplier
        let highOrCritical = urgency == "high" || urgency == "critical"
        let escalate = (pEscalate >= escalationThreshold || (customerIssue && highOrCritical)) && !facts.ownDomain && category != "MISC"
        var draft = Self.draftCategories.contains(category) && !facts.ownDomain && !facts.supplier && !facts.listUnsubscribe
            && !["bulk", "list", "junk", "auto_reply"].contains(facts.precedence)
        if draft && category == "FORMSUB" {
            draft = facts.customerInForm && urgency != "low"  // the customer is in Reply-To or the fields; low = form spam
        } else if draft {
            draft = !facts.noreply && (facts.autoSubmitted == "none" || facts.autoSubmitted == "no")
        }

        let categoryIndex = categories.firstIndex(of: category)
        // Category (when known), urgency and escalation reasons, in one pass over the features.
        let top = reasons(features, columns: [categoryIndex ?? -1, nc + urgencyIndex, columns - 1])
        var categoryReasons = categoryRule.map { [TriagePrediction.Reason(feature: $0, contribution: 0)] } ?? []
        if let index = categoryIndex {
            if let adjustment, !facts.ownDomain, facts.autoSubmitted != "auto-replied" {  // not after a structural rule
                categoryReasons += adjustment.phrasingReasons(for: index, count: adaptation!.settings.reasonCount)
            }
            categoryReasons += top[0]
        }
        var escalationReasons = top[2]
        if escalate && customerIssue && highOrCritical {
            escalationReasons.insert(.init(feature: "rule: customer issue rated \(urgency)", contribution: 0), at: 0)
        }
        return TriagePrediction(
            category: category, confidence: confidence, urgency: urgency, escalate: escalate, escalationProbability: pEscalate,
            draft: draft, categoryScores: categoryScores, urgencyScores: urgencyScores, escalationScore: escalationScore,
            categoryReasons: categoryReasons, urgencyReasons: top[1],
            escalationReasons: escalationReasons)
    }

    /// The features with the largest positive `value × weight` for one class, named by their feature strings.
    /// For each of `wanted` (a negative column gets none), reading each feature's row once.
    private func reasons(_ features: TriageFeatures, columns wanted: [Int]) -> [[TriagePrediction.Reason]] {
        // The top few by contribution, then bucket (a total order, so the result is what a full sort would give),
        // kept in a short sorted list instead of sorting every contribution.
        func before(_ a: (Int, Double), _ b: (Int, Double)) -> Bool { a.1 != b.1 ? a.1 > b.1 : a.0 < b.0 }
        var tops = [[(Int, Double)]](repeating: [], count: wanted.count)
        for i in tops.indices { tops[i].reserveCapacity(Self.reasonCount + 1) }
        for (bucket, value) in features.vector {
            guard let row = row(bucket) else { continue }
            for (i, column) in wanted.enumerated() where column >= 0 {
                let contribution = value * weights[row * columns + column]
                guard contribution > 0 else { continue }
                let candidate = (bucket, contribution)
                if tops[i].count == Self.reasonCount, let last = tops[i].last, !before(candidate, last) { continue }
                let index = tops[i].firstIndex { before(candidate, $0) } ?? tops[i].count
                tops[i].insert(candidate, at: index)
                if tops[i].count > Self.reasonCount { tops[i].removeLast() }
            }
        }
        return tops.map { top in
            top.map { TriagePrediction.Reason(feature: features.featureName($0.0) ?? "bucket \($0.0)", contribution: $0.1) }
        }
    }
}
