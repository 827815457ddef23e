import Foundation

/// What a draft workflow version would do to emails already received, against what the active version does: both
/// run through the pipeline's own pure analysis (`EmailAnalyzer.analyze(_:profile:workflow:now:)`), each email at the
/// time it arrived (business hours as they were). No LLM second opinion, no draft text, no effect: only decisions.
public struct WorkflowDryRun: Sendable {
    /// One email's decisions under a version.
    public struct Decision: Sendable, Hashable {
        public var category: String
        public var confidence: Double
        public var escalated: Bool
        /// Whether a reply draft would be written.
        public var draft: Bool
        /// What else would happen, in a stable order: `alert:<manager>`, `forward:<address>`, `label:<name>`,
        /// `webhook:<host>`, `write_back:<mode>`, `stopped_at:<step>`.
        public var actions: [String]
    }

    /// One email's comparison.
    public struct Result: Sendable, Hashable {
        public var emailLogId: UUID
        public var active: Decision
        public var draft: Decision
        /// What differs: `category`, `escalation`, `draft`, `actions` (empty: nothing would change).
        public var changes: [String]
    }

    /// One email to replay.
    public struct Email: Sendable {
        public var emailLogId: UUID
        public var message: EmailMessage

        public init(emailLogId: UUID, message: EmailMessage) {
            self.emailLogId = emailLogId
            self.message = message
        }
    }

    let analyzer: EmailAnalyzer

    public init(analyzer: EmailAnalyzer) {
        self.analyzer = analyzer
    }

    /// Replays `emails` under both versions.
    public func compare(_ emails: [Email], profile: ClientProfile, draft: WorkflowDefinition, active: WorkflowDefinition) -> [Result] {
        emails.map { email in
            let before = decision(email.message, profile: profile, workflow: active)
            let after = decision(email.message, profile: profile, workflow: draft)
            var changes: [String] = []
            if before.category != after.category { changes.append("category") }
            if before.escalated != after.escalated { changes.append("escalation") }
            if before.draft != after.draft { changes.append("draft") }
            if before.actions != after.actions { changes.append("actions") }
            return Result(emailLogId: email.emailLogId, active: before, draft: after, changes: changes)
        }
    }

    func decision(_ message: EmailMessage, profile: ClientProfile, workflow: WorkflowDefinition) -> Decision {
        let (analysis, outcome) = analyzer.analyze(message, profile: profile, workflow: workflow, now: message.receivedAt)
        var actions: [String] = []
        if outcome.notifications {
            actions += analysis.rules.notifications.map { "alert:\($0.manager.email.lowercased())" }
        }
        actions += analysis.rules.forwards.map { "forward:\($0.manager.email.lowercased())" }
        actions += outcome.forwards.map { "forward:\($0.step.address.lowercased())" }
        actions += outcome.labels.map { "label:\($0)" }
        actions += outcome.webhooks.map { "webhook:\(URLComponents(string: $0.step.url)?.host ?? $0.step.url)" }
        if outcome.writeBack != .off { actions.append("write_back:\(outcome.writeBack.rawValue)") }
        if let stop = outcome.stoppedAt { actions.append("stopped_at:\(stop)") }
        return Decision(
            category: analysis.classification.category.rawValue, confidence: analysis.classification.confidence,
            escalated: analysis.escalated, draft: analysis.draft.shouldDraft, actions: actions)
    }
}
