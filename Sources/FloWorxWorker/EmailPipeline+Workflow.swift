import FloWorxCore
import FloWorxStore
import Foundation

extension EmailPipeline {
    /// The loop guard and classification, then the email's workflow steps after it, each part timed (the per-step
    /// metrics).
    func analyze(
        _ message: EmailMessage, job: ClaimedJob, profile: ClientProfile, workflow: WorkflowCache.Resolved, senderRecentCounts: [Double: Int], now: Date
    ) -> (analysis: EmailAnalysis, outcome: WorkflowOutcome, classification: Duration, rules: Duration) {
        let start = ContinuousClock.now
        let classified = analyzer.analyze(message, profile: EmailAnalyzer.withoutRules(profile), adaptation: profiles.adaptation(job.clientId), now: now)
        let middle = ContinuousClock.now
        let (analysis, outcome) = analyzer.apply(
            workflow.definition, to: classified, message: message, profile: profile, senderRecentCounts: senderRecentCounts, now: now)
        return (analysis, outcome, middle - start, ContinuousClock.now - middle)
    }

    /// The second-opinion items whose workflow has the second opinion on, each with its workflow's threshold.
    func workflowOpinionItems(_ items: [SecondOpinionItem], _ prepared: [Prepared]) -> [SecondOpinionItem] {
        items.compactMap { item in
            let settings = prepared[item.index].workflow.definition.classification
            guard settings.llmSecondOpinion else { return nil }
            var asked = item
            asked.askBelow = settings.threshold
            return asked
        }
    }

    /// Takes a second opinion's analysis, with the workflow's steps run again on the changed classification (the
    /// re-analysis ran the business's own rules and draft policy).
    func reapplyWorkflow(_ item: inout Prepared, opinion: SecondOpinionResult, senderRecentCounts: [Double: Int], now: Date) {
        (item.analysis, item.outcome) = analyzer.apply(
            item.workflow.definition, to: opinion.analysis, message: item.message, profile: item.profile, senderRecentCounts: senderRecentCounts, now: now)
        item.secondOpinionTime = opinion.duration
    }
}
