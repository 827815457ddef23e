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
        // The website's form mailer at the business's own domain (wordpress@…) relays a customer, it is not staff: the
        // model filed it as FORMSUB, not MANAGER (convention 1 is its own-domain rule), so it is not internal mail.
        if base.senderIsInternal && merged.category == .formsub && !base.senderIsManager { merged.senderIsInternal = false }
        return merged
    }

    /// Convention 1 for what the model filed as MANAGER: internal mail is never escalated, whatever it says. Its
    /// urgency is kept at most normal ("internal requests"), so that an on-call note mentioning a baby without heat
    /// does not match a rule on urgency, the safety default "emergencies to the owner" included.
    static func internalMail(_ classification: Classification) -> Classification {
        guard classification.category == .manager, classification.senderIsInternal || classification.senderIsManager,
            classification.urgency > .normal
        else { return classification }
        var result = classification
        result.reasons.append("urgency normal: rule: internal mail (the model said \(classification.urgency.rawValue))")
        result.urgency = .normal
        result.escalationCue = false
        return result
    }

    /// A customer's complaint that threatens legal action, the BBB or a bad review (`ComplaintThreat`) is escalated
    /// at urgency high (DOMAIN.md), whatever the model scored. Customer mail only: from a person or relayed by a phone
    /// or form relay, filed under a customer category other than a review or social notice, not from a supplier or
    /// internal, and not reading as thanks.
    static func threatStage(_ classification: Classification, message: EmailMessage, preFilter: PreFilterResult) -> Classification {
        let relay = [.phone, .formsub].contains(classification.category) && [.autoReply, .noReply].contains(preFilter.kind)
        guard preFilter.kind == .none || relay, classification.sentiment != .positive, !classification.senderIsSupplier,
            !classification.senderIsInternal, TriageModel.customerIssueCategories.contains(classification.category.rawValue),
            ![.googleReview, .socialMedia].contains(classification.category),
            let threat = ComplaintThreat.detect(subject: message.subject, body: message.text)
        else { return classification }
        var result = classification
        if result.urgency < .high { result.urgency = .high }
        result.escalationCue = true
        result.reasons.insert("threat: \"\(threat)\" → \(result.urgency.rawValue), escalation cue", at: 0)
        return result
    }

    /// `String(format: "%.2f", value)` without Foundation's formatter (a third of the reasons' cost). printf rounds the
    /// exact binary value: `x × 100` is rounded once more in floating point, so when it lands on a half its exact
    /// error (a fused multiply-add) says which way the true product lies; exact halves go to even, as printf does.
    static func twoDecimals(_ value: Double) -> String {
        let x = abs(value)
        let product = x * 100
        guard value.isFinite, product < 1e15 else { return String(format: "%.2f", value) }
        let error = (-product).addingProduct(x, 100)
        var scaled = product.rounded(.toNearestOrEven)
        if product - product.rounded(.down) == 0.5 && error != 0 { scaled = error > 0 ? product.rounded(.up) : product.rounded(.down) }
        let hundredths = Int(scaled)
        let fraction = hundredths % 100
        let sign = value < 0 && hundredths > 0 ? "-" : ""
        return "\(sign)\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// "why this category, why this urgency, why escalated", each with its strongest features.
    static func reasons(_ prediction: TriagePrediction) -> [String] {
        func list(_ reasons: [TriagePrediction.Reason]) -> String {
            reasons.map { $0.contribution > 0 ? "\($0.feature) (+\(Self.twoDecimals($0.contribution)))" : $0.feature }
                .joined(separator: ", ")
        }
        var lines = [
            "category \(prediction.category) (\(Self.twoDecimals(prediction.confidence))): \(list(prediction.categoryReasons))",
            "urgency \(prediction.urgency): \(list(prediction.urgencyReasons))",
        ]
        if prediction.escalate {
            lines.append("escalation cue (p \(Self.twoDecimals(prediction.escalationProbability))): \(list(prediction.escalationReasons))")
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

    /// The safety stage after the model: a hazard of the reviewed table (`SafetyHazard`: gas smell, carbon monoxide,
    /// burning or sparking electrics, electric shock, water on electrics, structural danger, pool chemicals →
    /// critical; sewage, flooding, no heat in the cold → high, critical with a vulnerable person) in mail from a
    /// customer raises the urgency to at least
    /// that level and sets the escalation cue, whatever the model scored: a one-line "smell of gas in kitchen" is as
    /// dangerous as a long one.
    ///
    /// Who counts as a customer is decided by structure, not by the model's category (the case this stage exists for
    /// is the model being wrong): mail from a person (the loop guard flagged nothing) that is neither internal nor
    /// from a supplier becomes URGENT (convention 4); machine mail counts only as a phone or form relay, which keeps
    /// its channel's category (convention 2). Reviews, social notices, bulk mail, bounces and auto-replies come from
    /// machines that are not relaying a customer's words now, and are left alone.
    static func safetyStage(_ classification: Classification, message: EmailMessage, preFilter: PreFilterResult) -> Classification {
        let relay = [.phone, .formsub].contains(classification.category) && [.autoReply, .noReply].contains(preFilter.kind)
        guard classification.category != .manager, !classification.senderIsSupplier, preFilter.kind == .none || relay,
            let finding = SafetyHazard.detect(subject: message.subject, body: message.text)
        else { return classification }
        var result = classification
        var level: Urgency = [.sewageBackup, .flooding, .noHeatInCold].contains(finding.hazard) ? .high : .critical
        // DOMAIN.md: no heat in deep cold *with vulnerable people* is critical (a baby, an elderly parent…: the words
        // of the model's `risk_person` cue).
        var vulnerable = false
        if finding.hazard == .noHeatInCold {
            let words = PhraseText.words(SafetyHazard.searchText(subject: message.subject, body: message.text))
            vulnerable = TriageCueFeatures.names(words).first == "risk_person"
            if vulnerable { level = .critical }
        }
        if result.urgency < level { result.urgency = level }
        result.escalationCue = true
        if !relay && ![.phone, .formsub, .urgent].contains(result.category) {
            result.category = .urgent
            result.subcategory = nil
            result.draftAppropriate = true
        }
        result.reasons.insert("safety: \(finding.hazard.title)\(vulnerable ? " with a vulnerable person" : "") (\"\(finding.phrase)\") → \(result.category.rawValue), \(result.urgency.rawValue), escalation cue", at: 0)
        return result
    }
}
