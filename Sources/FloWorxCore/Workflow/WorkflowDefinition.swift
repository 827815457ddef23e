import Foundation

/// A business's processing pipeline as data (`workflows.workflow_data`): the ordered steps and their settings.
/// Versions are immutable once saved; `WorkflowValidator` checks a definition, and `schemas/workflow_data.schema.json`
/// checks the same shape in the database.
public struct WorkflowDefinition: Sendable, Hashable, Codable {
    /// The shape's version (`schemaVersion`).
    public static let currentSchemaVersion = 1

    /// The shape's version this definition is written in.
    public var schemaVersion: Int
    /// The steps, in the order they run.
    public var steps: [WorkflowStep]

    /// Creates a definition.
    public init(steps: [WorkflowStep], schemaVersion: Int = currentSchemaVersion) {
        self.schemaVersion = schemaVersion
        self.steps = steps
    }

    private enum CodingKeys: String, CodingKey { case schemaVersion, steps }

    /// Decodes a definition; a missing `schemaVersion` is version 1.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        schemaVersion = try container.decodeIfPresent(Int.self, forKey: .schemaVersion) ?? Self.currentSchemaVersion
        steps = try container.decode([WorkflowStep].self, forKey: .steps)
    }

    /// The name a business's default workflow is saved under.
    public static let defaultName = "Default"

    /// The pipeline every business runs until it saves its own: exactly the built-in pipeline (loop guard,
    /// classification with the service's threshold and second opinion, business hours, every active escalation rule,
    /// the business's draft policy, the provider's filing, alerts on).
    public static let `default` = WorkflowDefinition(steps: [
        .loopGuard,
        .classification(WorkflowClassificationStep()),
        .businessHours,
        .escalation(WorkflowEscalationStep()),
        .draft(WorkflowDraftStep()),
        .writeBack(WorkflowWriteBackStep()),
        .notifications(WorkflowNotificationsStep()),
    ])

    /// The definition as compact JSON text with sorted keys (what is stored).
    public func jsonText() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// The first step of `type`, with its index.
    public func step(_ type: WorkflowStepType) -> (index: Int, step: WorkflowStep)? {
        steps.enumerated().first { $0.element.type == type }.map { ($0.offset, $0.element) }
    }

    /// The classification settings (the default ones if the step is absent, which validation does not allow).
    public var classification: WorkflowClassificationStep {
        if case .classification(let settings)? = step(.classification)?.step { return settings }
        return WorkflowClassificationStep()
    }
}
