import Foundation
import FloWorxCore

/// Builders shared by the rule engine tests.
enum RulesTestKit {
    static let received = ISO8601.parse("2026-01-05T12:00:00Z")!

    static func message(
        from email: String = "Jane.Doe@Example.com", name: String? = "Jane Doe",
        subject: String = "No heat since last night!",
        text: String = "Our furnace stopped. There's a LEAK near the boiler. Please call 555-1234."
    ) -> EmailMessage {
        EmailMessage(
            messageId: "m-1", from: EmailAddress(email: email, name: name), to: [EmailAddress(email: "office@acmehvac.com")],
            subject: subject, text: text, receivedAt: received
        )
    }

    static func classification(
        _ category: FloWorxCore.Category = .urgent, subcategory: String? = "No Heat", confidence: Double = 0.92,
        urgency: Urgency = .high, sentiment: Sentiment = .negative,
        manager: Bool = false, supplier: Bool = false, isInternal: Bool = false
    ) -> Classification {
        Classification(
            category: category, subcategory: subcategory, confidence: confidence, urgency: urgency, sentiment: sentiment,
            senderIsManager: manager, senderIsSupplier: supplier, senderIsInternal: isInternal, draftAppropriate: true
        )
    }

    /// The standard email: URGENT/No Heat, 0.92, high, negative, after hours, 45 minutes old,
    /// 3 messages from the sender in 24 hours and 1 in the last hour.
    static func facts(
        message: EmailMessage = message(), classification: Classification = classification(),
        afterHours: Bool = true, counts: [Double: Int] = [24: 3, 1: 1], minutesOld: Double = 45
    ) -> EmailFacts {
        EmailFacts(
            message: message, classification: classification, afterHours: afterHours,
            senderRecentCounts: counts, now: received.addingTimeInterval(minutesOld * 60)
        )
    }

    static func leaf(_ fact: RuleLeaf.Fact, _ op: RuleLeaf.Operator, _ value: JSONValue, hours: Double? = nil) -> RuleCondition {
        .leaf(RuleLeaf(fact: fact, op: op, value: value, hours: hours))
    }

    static func rule(
        _ name: String, priority: Int = 1, id: UUID = UUID(), _ conditions: RuleCondition, _ actions: [RuleAction] = [.markEscalated]
    ) -> EscalationRule {
        EscalationRule(id: id, name: name, conditions: conditions, actions: actions, priority: priority)
    }

    static let managers = [
        Manager(name: "Olivia Owner", email: "olivia@acmehvac.com", roles: [.owner]),
        Manager(name: "Sam Sales", email: "sam@acmehvac.com", roles: [.sales]),
        Manager(name: "Sid Service", email: "Sid@AcmeHVAC.com", roles: [.service, .dispatch]),
        Manager(name: "Sue Service", email: "sue@acmehvac.com", roles: [.service]),
    ]

    /// Parses a JSON text into a `JSONValue`.
    static func json(_ text: String) -> JSONValue {
        try! JSONCoding.decoder().decode(JSONValue.self, from: Data(text.utf8))
    }
}
