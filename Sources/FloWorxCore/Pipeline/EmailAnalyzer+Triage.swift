import Foundation

extension EmailAnalyzer {
    /// Puts the triage model's decisions onto the rule-based classification of the same message.
    ///
    /// The model decides category, confidence, urgency, the escalation cue and whether a reply suits the message (the
    /// conventions of DOMAIN.md, learned from Training/). The rule-based classifier still supplies what the model does
    /// not predict: sentiment, extracted entities, the sender kinds (manager, supplier, internal) and a subcategory
    /// when both agree on the category. The reasons are the model's: the top features behind each decision.
    static func merge(_ prediction: TriagePrediction, into base: Classification) -> Classification {
        var merged = base
        if let category = Category(rawValue: prediction.category) {
            merged.category = category
            if category != base.category { merged.subcategory = nil }
        }
        if let urgency = Urgency(rawValue: prediction.urgency) { merged.urgency = urgency }
        merged.confidence = prediction.confidence
        merged.draftAppropriate = prediction.draft
        merged.escalationCue = prediction.escalate
        merged.reasons = reasons(prediction)
        return merged
    }

    /// "why this category, why this urgency, why escalated", each with its strongest features.
    static func reasons(_ prediction: TriagePrediction) -> [String] {
        func list(_ reasons: [TriagePrediction.Reason]) -> String {
            reasons.map { $0.contribution > 0 ? "\($0.feature) (+\(String(format: "%.2f", $0.contribution)))" : $0.feature }
                .joined(separator: ", ")
        }
        var lines = [
            "category \(prediction.category) (\(String(format: "%.2f", prediction.confidence))): \(list(prediction.categoryReasons))",
            "urgency \(prediction.urgency): \(list(prediction.urgencyReasons))",
        ]
        if prediction.escalate {
            lines.append("escalation cue (p \(String(format: "%.2f", prediction.escalationProbability))): \(list(prediction.escalationReasons))")
        }
        return lines
    }

    /// Convention 6 for what the loop guard recognised as an out-of-office notice or a bounce, whatever the headers
    /// say (many carry no `Auto-Submitted: auto-replied`): MISC, low, never escalated or drafted.
    static func automaticReply(_ classification: Classification, preFilter: PreFilterResult) -> Classification {
        var result = classification
        result.category = .misc
        result.subcategory = nil
        result.urgency = .low
        result.confidence = 1
        result.escalationCue = false
        result.draftAppropriate = false
        result.reasons = ["category MISC: rule: \(preFilter.kind.rawValue) (\(preFilter.reasons.joined(separator: "; ")))", "urgency low: rule: \(preFilter.kind.rawValue)"]
        return result
    }
}
