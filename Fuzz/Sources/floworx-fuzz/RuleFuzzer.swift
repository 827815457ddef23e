import FloWorxCore
import Foundation

/// Escalation rule JSON, as the data API stores it and the worker reads it back: `{"conditions": …, "actions": …}`,
/// or a bare condition tree.
///
/// Invariants (from `RuleValidator`'s contract): whatever the validator accepts decodes into `RuleCondition` and
/// `[RuleAction]`, survives an encode/decode round trip, and evaluates against an email; every problem names a path
/// under `conditions` or `actions`. Decoding a condition that skipped the validator (an older row) refuses or succeeds.
enum RuleFuzzer {
    static let defaultActions: JSONValue = .array([.object(["type": .string("mark_escalated")])])
    static let now = Date(timeIntervalSince1970: 1_767_225_600)
    static let facts = EmailFacts(
        message: EmailMessage(
            messageId: "fuzz-1", from: EmailAddress(email: "Jane.Doe@Example.com", name: "Jane Doe"),
            to: [EmailAddress(email: "office@acmehvac.com")], subject: "No heat since last night!",
            text: "Our furnace stopped. There's a LEAK near the boiler. Please call 555-1234.", receivedAt: now
        ),
        classification: Classification(
            category: .urgent, subcategory: "No Heat", confidence: 0.92, urgency: .high, sentiment: .negative,
            draftAppropriate: true
        ),
        afterHours: true, senderRecentCounts: [24: 3, 1: 1], now: now.addingTimeInterval(45 * 60)
    )
    static let managers = [
        Manager(name: "Olivia Owner", email: "olivia@acmehvac.com", roles: [.owner]),
        Manager(name: "Sid Service", email: "Sid@AcmeHVAC.com", roles: [.service, .dispatch]),
    ]

    static func run(_ bytes: [UInt8]) {
        let decoder = JSONCoding.decoder()
        let encoder = JSONCoding.encoder()
        // A row that skipped validation: decoding either works or throws.
        _ = try? decoder.decode(RuleCondition.self, from: Data(bytes))
        guard let root = try? decoder.decode(JSONValue.self, from: Data(bytes)) else { return }
        let conditions = root.objectValue?["conditions"] ?? root
        let actions = root.objectValue?["actions"] ?? defaultActions
        let problems = RuleValidator.validate(conditions: conditions, actions: actions)
        for problem in problems {
            invariant(problem.path.hasPrefix("conditions") || problem.path.hasPrefix("actions"), "a problem at \(problem.path)")
        }
        guard problems.isEmpty,
              let conditionData = try? encoder.encode(conditions),
              let actionData = try? encoder.encode(actions)
        else { return }
        let condition: RuleCondition
        let actionList: [RuleAction]
        do {
            condition = try decoder.decode(RuleCondition.self, from: conditionData)
            actionList = try decoder.decode([RuleAction].self, from: actionData)
        } catch {
            return invariant(false, "validated rule does not decode: \(error)")
        }
        let reencoded = try? encoder.encode(condition)
        invariant(reencoded.flatMap { try? decoder.decode(RuleCondition.self, from: $0) } == condition, "a condition does not survive encoding")
        let rule = EscalationRule(id: UUID(uuidString: "00000000-0000-0000-0000-00000000f022")!, name: "fuzz", conditions: condition, actions: actionList, priority: 1)
        _ = RuleEngine.evaluate([rule], facts: facts, managers: managers)
        _ = String(describing: condition)
    }
}
