import FloWorxCore
import Foundation
import Testing

/// `WorkflowValidator`: every problem named by its field, the rules a JSON Schema cannot say, and the default.
@Suite struct WorkflowValidatorTests {
    static func problems(_ json: String) throws -> [WorkflowProblem] {
        WorkflowValidator.validate(try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8)))
    }

    static let head = #"{"type": "loopGuard"}, {"type": "classification", "threshold": 0.5, "llmSecondOpinion": false}"#

    @Test func aHugeDefinitionIsOneProblemNotThousands() throws {
        // 3,000 bad steps once gave 6,002 problems; only the allowed 50 steps are examined.
        let steps = (0..<3_000).map { _ in #"{"type": "sms", "to": "x"}"# }.joined(separator: ", ")
        let found = try Self.problems(#"{"schemaVersion": 1, "steps": [\#(Self.head), \#(steps)]}"#)
        #expect(found.first?.field == "steps")
        #expect(found.first?.message.contains("it holds 3002") == true)
        #expect(found.count <= WorkflowValidator.maxSteps + 1)
    }

    @Test func customStepsAndWebhookURLsHaveLimits() throws {
        let forwards = (0...WorkflowValidator.maxForwardSteps).map { #"{"type": "forward", "address": "ops\#($0)@example.com"}"# }.joined(separator: ", ")
        let long = "https://hooks.example/" + String(repeating: "a", count: WorkflowWebhookStep.maxURLLength)
        let found = try Self.problems(#"{"schemaVersion": 1, "steps": [\#(Self.head), {"type": "webhook", "url": "\#(long)"}, \#(forwards)]}"#)
        #expect(found.map(\.field) == ["steps[2].url", "steps[\(3 + WorkflowValidator.maxForwardSteps)].type"])
        #expect(found[0].message == "must be at most \(WorkflowWebhookStep.maxURLLength) characters")
        #expect(found[1].message == "at most \(WorkflowValidator.maxForwardSteps) forward steps are allowed")
    }

    @Test func anUnknownStepTypeIsNamedByItsField() throws {
        let found = try Self.problems(#"{"schemaVersion": 1, "steps": [\#(Self.head), {"type": "escalation"}, {"type": "sms", "to": "x"}]}"#)
        #expect(found.map(\.field) == ["steps[3].type"])
        #expect(found[0].message.hasPrefix("unknown step type \"sms\""))
    }

    @Test func badSettingsAndUnknownMembersAreEachNamed() throws {
        let found = try Self.problems("""
            {"schemaVersion": 1, "extra": true, "steps": [\(Self.head),
              {"type": "draft", "minConfidence": 2, "autoReply": "yes", "categories": ["SALES", "NOPE"]},
              {"type": "writeBack", "mode": "tags"},
              {"type": "webhook", "url": "ftp://x.example", "secretRef": "has space", "timeoutSeconds": 0, "retries": 11, "color": 1},
              {"type": "forward", "address": "not-an-address"},
              {"type": "addLabel", "label": "/lead"}]}
            """)
        #expect(Set(found.map(\.field)) == [
            "extra", "steps[2].minConfidence", "steps[2].autoReply", "steps[2].categories[1]", "steps[3].mode", "steps[4].url", "steps[4].secretRef",
            "steps[4].timeoutSeconds", "steps[4].retries", "steps[4].color", "steps[5].address", "steps[6].label",
        ])
    }

    @Test func builtInStepsComeOnceInPipelineOrderAfterTheLoopGuard() throws {
        let twice = try Self.problems(#"{"steps": [\#(Self.head), {"type": "classification"}]}"#)
        #expect(twice.map(\.field) == ["steps[2].type"])
        let order = try Self.problems(#"{"steps": [\#(Self.head), {"type": "draft"}, {"type": "escalation"}]}"#)
        #expect(order.map(\.field) == ["steps[3].type"])
        let first = try Self.problems(#"{"steps": [{"type": "classification"}, {"type": "loopGuard"}]}"#)
        #expect(first.map(\.field).contains("steps[0].type"))
        let missing = try Self.problems(#"{"steps": [{"type": "loopGuard"}]}"#)
        #expect(missing.map(\.field) == ["steps"])
        let custom = try Self.problems(#"{"steps": [{"type": "loopGuard"}, {"type": "stop"}, {"type": "classification"}]}"#)
        #expect(custom.map(\.field).contains("steps[1].type"))
    }

    @Test func stepsAfterAnUnconditionalStopNeverRun() throws {
        let found = try Self.problems(#"{"steps": [\#(Self.head), {"type": "stop"}, {"type": "addLabel", "label": "x"}]}"#)
        #expect(found.map(\.field) == ["steps[3]"])
        #expect(try Self.problems(#"{"steps": [\#(Self.head), {"type": "stop", "when": {"categories": ["PROMO"]}}, {"type": "addLabel", "label": "x"}]}"#).isEmpty)
    }

    @Test func aConditionOnEscalationNeedsTheEscalationStepBefore() throws {
        let found = try Self.problems(#"{"steps": [\#(Self.head), {"type": "webhook", "url": "https://h.example/x", "when": {"escalated": true}}]}"#)
        #expect(found.map(\.field) == ["steps[2].when.escalated"])
    }

    @Test func theDefaultValidatesAndRoundTrips() throws {
        let text = WorkflowDefinition.default.jsonText()
        let parsed = try WorkflowValidator.parse(Data(text.utf8))
        #expect(parsed == .default)
        let custom = WorkflowDefinition(steps: [
            .loopGuard, .classification(WorkflowClassificationStep(threshold: 0.4, llmSecondOpinion: false)), .escalation(WorkflowEscalationStep()),
            .stop(WorkflowCondition(categories: ["PROMO"])),
            .webhook(WorkflowWebhookStep(url: "https://hooks.example/in", secretRef: "HOOK_SECRET", when: WorkflowCondition(escalated: true))),
            .forward(WorkflowForwardStep(address: "ops@example.com")), .addLabel(WorkflowAddLabelStep(label: "Clients/VIP")),
        ])
        #expect(try WorkflowValidator.parse(Data(custom.jsonText().utf8)) == custom)
    }

    @Test func parseThrowsEveryProblem() throws {
        #expect(throws: WorkflowValidationError.self) { try WorkflowValidator.parse(Data(#"{"steps": [{"type": "nope"}]}"#.utf8)) }
        let error = #expect(throws: WorkflowValidationError.self) { try WorkflowValidator.parse(Data("not json".utf8)) }
        #expect(error?.problems.map(\.field) == ["workflow_data"])
    }
}
