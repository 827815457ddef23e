import Foundation

extension EmailAnalyzer {
    /// The offline result of `analysis` as `SecondOpinionPolicy` sees it. Structural decisions, which are never sent
    /// out nor changed: mail from the business's own domain or a manager (MANAGER, convention 1), RFC 3834
    /// `auto-replied` mail, out-of-office notices and bounces filed as MISC (convention 6). `auto-generated` machine
    /// mail (voicemail transcripts, alerts) is not structural: its content decides, so it may be asked about.
    public static func secondOpinionOffline(_ analysis: EmailAnalysis) -> SecondOpinionPolicy.Offline {
        let c = analysis.classification
        let structural = c.senderIsInternal || c.senderIsManager || c.category == .manager
            || (c.category == .misc && [.outOfOffice, .bounce].contains(analysis.preFilter.kind))
            || c.reasons.contains { $0.contains("rule: own domain") || $0.contains("rule: Auto-Submitted: auto-replied") }
        return SecondOpinionPolicy.Offline(
            category: c.category.rawValue, urgency: c.urgency.rawValue, escalate: c.escalationCue, confidence: c.confidence,
            decidedByRule: structural)
    }

    /// The categories a second opinion may answer for `profile`: the industry's, without MANAGER (structural only).
    public static func secondOpinionCategories(_ profile: ClientProfile) -> [String] {
        (profile.industry?.categories ?? Category.common).filter { $0 != .manager }.map(\.rawValue)
    }

    /// The new text of `message` (quoted history left out), as the classifier reads it.
    public static func secondOpinionBody(_ message: EmailMessage) -> String {
        String(decoding: MessageText.body(of: message), as: UTF8.self)
    }

    /// `analysis` with a merged second opinion (`SecondOpinionPolicy.merge`) applied: the classification takes the
    /// merged category, urgency, escalation cue and confidence, its reasons gain the `second opinion: …` lines, and the
    /// escalation rules and the draft decision run again on it (`decide`, shared with `analyze`).
    public func reanalyze(
        _ analysis: EmailAnalysis, merged: SecondOpinionPolicy.Merged, message: EmailMessage, profile: ClientProfile,
        senderRecentCounts: [Double: Int] = [:], now: Date
    ) -> EmailAnalysis {
        var result = analysis
        var classification = analysis.classification
        classification.reasons += merged.reasons
        guard merged.changed else {
            result.classification = classification
            return result
        }
        if let category = Category(rawValue: merged.category), category != classification.category {
            classification.category = category
            classification.subcategory = nil
            // The model's draft rule for the new category: an outside person's mail in a draft category. Only the
            // offline stage can find a relay's customer (Reply-To, form fields), so a move into FORMSUB never drafts.
            classification.draftAppropriate = TriageModel.draftCategories.contains(category.rawValue) && category != .formsub
                && !classification.senderIsInternal && !classification.senderIsSupplier
        }
        if let urgency = Urgency(rawValue: merged.urgency) { classification.urgency = urgency }
        classification.confidence = merged.confidence
        classification.escalationCue = merged.escalate
        result.classification = classification
        (result.rules, result.draft) = decide(
            message, classification: classification, preFilter: analysis.preFilter, status: analysis.status, profile: profile,
            senderRecentCounts: senderRecentCounts, now: now)
        return result
    }
}
