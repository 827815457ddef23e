import FloWorxCore
import FloWorxIntegrations
import FloWorxStore
import Foundation
import Logging

extension EmailPipeline {
    /// One analyzed email a second opinion may be asked about.
    struct SecondOpinionItem: Sendable {
        var index: Int
        var clientID: UUID
        var emailLogID: UUID?
        var message: EmailMessage
        var analysis: EmailAnalysis
        var profile: ClientProfile
        var senderRecentCounts: [Double: Int]
        /// The workflow's threshold for asking; `nil`: the service's (`SecondOpinionPolicy.askBelowConfidence`).
        var askBelow: Double? = nil
    }

    /// The analysis after a second opinion, and the `llm_second_opinion` analytics event to record.
    struct SecondOpinionResult: Sendable {
        var analysis: EmailAnalysis
        var event: (type: String, dataJSON: String)
        var duration: Duration
    }

    /// Asks `service` about the items its policy wants asked (at most `draftConcurrency` at a time); the others come
    /// back absent, untouched. Never throws: a failed or refused second opinion leaves the offline analysis as it was.
    func secondOpinions(_ items: [SecondOpinionItem], service: SecondOpinionService, now: Date) async -> [Int: SecondOpinionResult] {
        let wanted = items.filter { item in
            var policy = service.policy
            if let threshold = item.askBelow { policy.askBelowConfidence = threshold }
            return policy.shouldAsk(EmailAnalyzer.secondOpinionOffline(item.analysis))
        }
        guard !wanted.isEmpty else { return [:] }
        return await withTaskGroup(of: (Int, SecondOpinionResult?).self) { group in
            var results: [Int: SecondOpinionResult] = [:]
            var iterator = wanted.makeIterator()
            func start(_ item: SecondOpinionItem) {
                group.addTask { (item.index, await secondOpinion(item, service: service, now: now)) }
            }
            for _ in 0..<max(draftConcurrency, 1) {
                guard let item = iterator.next() else { break }
                start(item)
            }
            for await (index, result) in group {
                if let result { results[index] = result }
                if let next = iterator.next() { start(next) }
            }
            return results
        }
    }

    private func secondOpinion(_ item: SecondOpinionItem, service: SecondOpinionService, now: Date) async -> SecondOpinionResult? {
        let begin = ContinuousClock.now
        let offline = EmailAnalyzer.secondOpinionOffline(item.analysis)
        let classification = item.analysis.classification
        let question = TriageSecondOpinionClient.Question(
            subject: item.message.subject, body: EmailAnalyzer.secondOpinionBody(item.message), senderDomain: item.message.from.domain,
            industry: item.profile.industry?.rawValue ?? "", allowedCategories: EmailAnalyzer.secondOpinionCategories(item.profile),
            senderIsKnownSupplier: classification.senderIsSupplier, relayChannel: SecondOpinionPolicy.relayCategories.contains(offline.category))
        let outcome = await EmailTraceScope.stage(EmailTraceKeys.secondOpinion, clientId: item.clientID, messageId: item.message.messageId) {
            await service.consult(clientID: item.clientID, question: question, offline: offline, askBelow: item.askBelow)
        }
        var analysis = item.analysis
        var data: [String: JSONValue] = [
            "category_before": .string(offline.category), "urgency_before": .string(offline.urgency),
            "confidence_before": .number((offline.confidence * 100).rounded() / 100),
        ]
        if let id = item.emailLogID { data["email_log_id"] = .string(id.uuidString.lowercased()) }
        switch outcome {
        case .notAsked:
            return nil
        case .overBudget:
            data["outcome"] = .string("over_budget")
            Self.addUsage(nil, to: &data)
        case .failed(let reason, let usage):
            data["outcome"] = .string("failed")
            data["reason"] = .string(reason)
            Self.addUsage(usage, to: &data)
        case .answered(let answer, let merged):
            analysis = analyzer.reanalyze(item.analysis, merged: merged, message: item.message, profile: item.profile,
                                          senderRecentCounts: item.senderRecentCounts, now: now)
            data["outcome"] = .string("answered")
            data["model"] = .string(answer.model)
            Self.addUsage(answer.usage, to: &data)
            data["llm_category"] = .string(answer.opinion.category)
            data["llm_confidence"] = .number((answer.opinion.confidence * 100).rounded() / 100)
            data["category"] = .string(merged.category)
            data["urgency"] = .string(merged.urgency)
            data["escalate"] = .bool(merged.escalate)
            data["changed"] = .bool(merged.changed)
            data["redacted"] = .object(Dictionary(uniqueKeysWithValues: answer.redacted.map { ($0.key.rawValue, JSONValue.number(Double($0.value))) }))
        }
        let json = (try? JSONCoding.encoder().encode(data)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return SecondOpinionResult(analysis: analysis, event: ("llm_second_opinion", json), duration: ContinuousClock.now - begin)
    }

    private static func addUsage(_ usage: TriageSecondOpinionClient.Usage?, to data: inout [String: JSONValue]) {
        data["prompt_tokens"] = .number(Double(usage?.promptTokens ?? 0))
        data["completion_tokens"] = .number(Double(usage?.completionTokens ?? 0))
        data["total_tokens"] = .number(Double(usage?.totalTokens ?? 0))
    }
}
