/// One step of a workflow definition; encoded as an object whose `type` names the step (`WorkflowStepType`).
public enum WorkflowStep: Sendable, Hashable, Codable {
    /// Recognises automatic mail (auto-replies, bounces, bulk) so it is never answered; always the first step.
    case loopGuard
    case classification(WorkflowClassificationStep)
    /// Evaluates the business hours (after-hours facts for the rules, the SLA clock).
    case businessHours
    case escalation(WorkflowEscalationStep)
    case draft(WorkflowDraftStep)
    case writeBack(WorkflowWriteBackStep)
    case notifications(WorkflowNotificationsStep)
    case webhook(WorkflowWebhookStep)
    case forward(WorkflowForwardStep)
    case addLabel(WorkflowAddLabelStep)
    /// Ends the workflow for the emails meeting the condition (all emails without one): later steps do not run.
    case stop(WorkflowCondition?)

    /// The step's type.
    public var type: WorkflowStepType {
        switch self {
        case .loopGuard: .loopGuard
        case .classification: .classification
        case .businessHours: .businessHours
        case .escalation: .escalation
        case .draft: .draft
        case .writeBack: .writeBack
        case .notifications: .notifications
        case .webhook: .webhook
        case .forward: .forward
        case .addLabel: .addLabel
        case .stop: .stop
        }
    }

    /// The step's condition, for the custom steps that have one.
    public var condition: WorkflowCondition? {
        switch self {
        case .webhook(let step): step.when
        case .forward(let step): step.when
        case .addLabel(let step): step.when
        case .stop(let when): when
        default: nil
        }
    }

    private enum TypeKey: String, CodingKey { case type }
    private enum WhenKey: String, CodingKey { case when }

    /// Decodes a step by its `type`; unknown members are not checked here (`WorkflowValidator` does that).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: TypeKey.self)
        let type = try container.decode(WorkflowStepType.self, forKey: .type)
        switch type {
        case .loopGuard: self = .loopGuard
        case .classification: self = .classification(try WorkflowClassificationStep(from: decoder))
        case .businessHours: self = .businessHours
        case .escalation: self = .escalation(try WorkflowEscalationStep(from: decoder))
        case .draft: self = .draft(try WorkflowDraftStep(from: decoder))
        case .writeBack: self = .writeBack(try WorkflowWriteBackStep(from: decoder))
        case .notifications: self = .notifications(try WorkflowNotificationsStep(from: decoder))
        case .webhook: self = .webhook(try WorkflowWebhookStep(from: decoder))
        case .forward: self = .forward(try WorkflowForwardStep(from: decoder))
        case .addLabel: self = .addLabel(try WorkflowAddLabelStep(from: decoder))
        case .stop: self = .stop(try decoder.container(keyedBy: WhenKey.self).decodeIfPresent(WorkflowCondition.self, forKey: .when))
        }
    }

    /// Encodes the step as `{"type": …, settings…}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: TypeKey.self)
        try container.encode(type, forKey: .type)
        switch self {
        case .loopGuard, .businessHours: break
        case .classification(let step): try step.encode(to: encoder)
        case .escalation(let step): try step.encode(to: encoder)
        case .draft(let step): try step.encode(to: encoder)
        case .writeBack(let step): try step.encode(to: encoder)
        case .notifications(let step): try step.encode(to: encoder)
        case .webhook(let step): try step.encode(to: encoder)
        case .forward(let step): try step.encode(to: encoder)
        case .addLabel(let step): try step.encode(to: encoder)
        case .stop(let when):
            var whenContainer = encoder.container(keyedBy: WhenKey.self)
            try whenContainer.encodeIfPresent(when, forKey: .when)
        }
    }
}
