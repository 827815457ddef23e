/// The kinds of step a workflow definition may hold (`workflow_data.steps[].type`).
///
/// The built-in steps are the pipeline's own stages; each appears at most once and in pipeline order. The custom steps
/// (`webhook`, `forward`, `addLabel`, `stop`) may appear anywhere after the classification, any number of times.
public enum WorkflowStepType: String, Sendable, Hashable, Codable, CaseIterable {
    case loopGuard
    case classification
    case businessHours
    case escalation
    case draft
    case writeBack
    case notifications
    case webhook
    case forward
    case addLabel
    case stop

    /// Whether this is one of the pipeline's own stages (at most once each, in `pipelineRank` order).
    public var isBuiltIn: Bool { pipelineRank != nil }

    /// The position of a built-in step in the pipeline; `nil` for custom steps.
    public var pipelineRank: Int? {
        switch self {
        case .loopGuard: 0
        case .classification: 1
        case .businessHours: 2
        case .escalation: 3
        case .draft: 4
        case .writeBack: 5
        case .notifications: 6
        case .webhook, .forward, .addLabel, .stop: nil
        }
    }

    /// The members a step of this type may have besides `type`.
    public var allowedMembers: Set<String> {
        switch self {
        case .loopGuard, .businessHours: []
        case .classification: ["threshold", "llmSecondOpinion"]
        case .escalation: ["ruleIds"]
        case .draft: ["categories", "minConfidence", "autoReply"]
        case .writeBack: ["mode"]
        case .notifications: ["enabled"]
        case .webhook: ["url", "secretRef", "timeoutSeconds", "retries", "when"]
        case .forward: ["address", "when"]
        case .addLabel: ["label", "when"]
        case .stop: ["when"]
        }
    }
}
