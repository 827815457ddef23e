import Foundation

/// What one processed email leaves behind: analytics events and performance metrics (the email log status and the
/// AI response are written beside them).
public struct ProcessingRecord: Sendable {
    /// `(event_type, event_data)` in the order they happened.
    public var events: [(type: String, data: [String: JSONValue])]
    /// `(metric_type, value)`.
    public var metrics: [(type: String, value: Double)]

    /// Minutes a person would have spent on what FloWorx did: reading and filing the email, routing an escalation,
    /// writing a first draft. Rough, documented figures, summed per email into `time_saved_minutes`.
    public enum TimeSaved {
        public static let sorting = 0.5
        public static let escalation = 2.0
        public static let draft = 4.0
    }

    /// Builds the record of an analyzed email; `draft` is the reply written, if any. Every event carries the
    /// email log id, so analytics can be traced back to the email.
    public init(emailLogId: UUID?, message: EmailMessage, analysis: EmailAnalysis, draft: DraftReply?, draftError: String? = nil, processingMilliseconds: Double) {
        let classification = analysis.classification
        var events: [(type: String, data: [String: JSONValue])] = []
        events.append(("email_received", [
            "message_id": .string(message.messageId),
            "provider": .string(message.provider.rawValue),
            "from_domain": .string(message.from.domain),
            "received_at": .string(ISO8601.format(message.receivedAt)),
            "attachments": .number(Double(message.attachments.count)),
        ]))
        if analysis.preFilter.kind != .none {
            events.append(("email_filtered", [
                "kind": .string(analysis.preFilter.kind.rawValue),
                "reasons": .array(analysis.preFilter.reasons.map(JSONValue.string)),
            ]))
        }
        var classified: [String: JSONValue] = [
            "category": .string(classification.category.rawValue),
            "confidence": .number((classification.confidence * 100).rounded() / 100),
            "urgency": .string(classification.urgency.rawValue),
            "sentiment": .string(classification.sentiment.rawValue),
            "reasons": .array(classification.reasons.prefix(12).map(JSONValue.string)),
            // Recorded so that a rule on escalation_cue can be tested on past mail (RuleTrial).
            "escalation_cue": .bool(classification.escalationCue),
        ]
        if let subcategory = classification.subcategory { classified["subcategory"] = .string(subcategory) }
        let entities = classification.entities
        var found: [String: JSONValue] = [:]
        for (key, value) in [("contact_name", entities.contactName), ("phone", entities.phone), ("address", entities.address),
                             ("order_number", entities.orderNumber), ("invoice_number", entities.invoiceNumber)] {
            if let value { found[key] = .string(value) }
        }
        if !found.isEmpty { classified["entities"] = .object(found) }
        if let status = analysis.status { classified["after_hours"] = .bool(!status.isOpen) }
        events.append(("email_classified", classified))
        for match in analysis.rules.matches {
            events.append(("rule_matched", [
                "rule_id": .string(match.ruleId.uuidString.lowercased()),
                "rule_name": .string(match.ruleName),
                "actions": .array(match.actions.map { .string($0.type) }),
            ]))
        }
        for notification in analysis.rules.notifications {
            events.append(("notification_requested", [
                "manager": .string(notification.manager.name),
                "manager_email": .string(notification.manager.email),
                "channels": .array(notification.channels.map { .string($0.rawValue) }),
                "rule_name": .string(notification.ruleName),
            ]))
        }
        for forward in analysis.rules.forwards {
            events.append(("forward_requested", [
                "manager": .string(forward.manager.name),
                "manager_email": .string(forward.manager.email),
                "rule_name": .string(forward.ruleName),
            ]))
        }
        if analysis.escalated {
            events.append(("email_escalated", [
                "rules": .array(analysis.rules.matches.filter { $0.actions.contains(.markEscalated) }.map { .string($0.ruleName) }),
                "priority": analysis.rules.priority.map { .number(Double($0)) } ?? .null,
            ]))
        }
        if let draft {
            events.append(("draft_created", [
                "model": .string(draft.model),
                "confidence": .number((draft.confidence * 100).rounded() / 100),
                "tokens": draft.tokensUsed.map { .number(Double($0)) } ?? .null,
            ]))
        } else {
            events.append(("draft_skipped", ["reason": .string(draftError ?? analysis.draft.reason)]))
        }
        events.append(("email_processed", [
            "status": .string(analysis.finalStatus),
            "processing_ms": .number((processingMilliseconds * 100).rounded() / 100),
        ]))
        if let emailLogId {
            let id = JSONValue.string(emailLogId.uuidString.lowercased())
            events = events.map { event in
                var data = event.data
                data["email_log_id"] = id
                return (event.type, data)
            }
        }
        self.events = events

        var saved = TimeSaved.sorting
        if analysis.escalated { saved += TimeSaved.escalation }
        if draft != nil { saved += TimeSaved.draft }
        metrics = [("processing_time_ms", processingMilliseconds), ("time_saved_minutes", saved)]
    }

    /// The events with their data as JSON text, as the queue writes them.
    public func encodedEvents() -> [(type: String, dataJSON: String)] {
        events.map { ($0.type, JSONValue.jsonText($0.data)) }
    }
}
