import Foundation

/// An `escalation_rules` row: when its conditions match an email, its actions apply.
public struct EscalationRule: Sendable, Hashable {
    public var id: UUID
    public var name: String
    public var conditions: RuleCondition
    public var actions: [RuleAction]
    /// Higher runs first.
    public var priority: Int

    public init(id: UUID, name: String, conditions: RuleCondition, actions: [RuleAction], priority: Int) {
        self.id = id
        self.name = name
        self.conditions = conditions
        self.actions = actions
        self.priority = priority
    }
}

/// `escalation_rules.conditions`: a boolean tree over facts of one email (schema version 1).
///
/// JSON: `{"all": [...]}`, `{"any": [...]}`, `{"not": {...}}`, a leaf
/// `{"fact": "category", "op": "eq", "value": "URGENT"}`, or `{}`, which matches every email.
public indirect enum RuleCondition: Sendable, Hashable, Codable {
    case always
    case all([RuleCondition])
    case any([RuleCondition])
    case not(RuleCondition)
    case leaf(RuleLeaf)

    private enum Keys: String, CodingKey {
        case all, any, not, fact
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let present = container.allKeys
        if present.isEmpty, try decoder.container(keyedBy: AnyKey.self).allKeys.isEmpty {
            self = .always
        } else if container.contains(.all) {
            self = .all(try container.decode([RuleCondition].self, forKey: .all))
        } else if container.contains(.any) {
            self = .any(try container.decode([RuleCondition].self, forKey: .any))
        } else if container.contains(.not) {
            self = .not(try container.decode(RuleCondition.self, forKey: .not))
        } else if container.contains(.fact) {
            self = .leaf(try RuleLeaf(from: decoder))
        } else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "a condition is {}, all, any, not or a fact leaf"
            ))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .always:
            _ = encoder.container(keyedBy: Keys.self)
        case .all(let children):
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(children, forKey: .all)
        case .any(let children):
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(children, forKey: .any)
        case .not(let child):
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(child, forKey: .not)
        case .leaf(let leaf):
            try leaf.encode(to: encoder)
        }
    }
}

/// A coding key that accepts any member name.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// One comparison in a condition tree.
public struct RuleLeaf: Sendable, Hashable, Codable {
    /// What a leaf can look at.
    public enum Fact: String, Sendable, Codable, CaseIterable, Hashable {
        case category, subcategory, confidence, urgency, sentiment
        case senderEmail = "sender_email"
        case senderDomain = "sender_domain"
        case senderIsManager = "sender_is_manager"
        case senderIsSupplier = "sender_is_supplier"
        case senderIsInternal = "sender_is_internal"
        case subject, body
        case afterHours = "after_hours"
        /// The triage conventions call for escalation (`Classification.escalationCue`).
        case escalationCue = "escalation_cue"
        /// Messages from the same sender in the last `hours` hours, this one included.
        case senderRecentCount = "sender_recent_count"
        /// Minutes between the message's arrival and the evaluation.
        case minutesWithoutReply = "minutes_without_reply"
    }

    /// How a fact is compared with `value`.
    public enum Operator: String, Sendable, Codable, CaseIterable, Hashable {
        case eq, neq, `in`
        case notIn = "not_in"
        case gt, gte, lt, lte
        /// Case-insensitive substring (string value) of subject, body, sender.
        case contains
        /// Case-insensitive: any of the listed keywords.
        case containsAny = "contains_any"
        /// Case-insensitive: all of the listed keywords.
        case containsAll = "contains_all"
    }

    public var fact: Fact
    public var op: Operator
    public var value: JSONValue
    /// The window for `sender_recent_count`, in hours.
    public var hours: Double?

    public init(fact: Fact, op: Operator, value: JSONValue, hours: Double? = nil) {
        self.fact = fact
        self.op = op
        self.value = value
        self.hours = hours
    }
}

/// One entry of `escalation_rules.actions` (schema version 1).
///
/// JSON: `{"type": "set_priority", "priority": 5}`, `{"type": "apply_label", "category": "URGENT"}`,
/// `{"type": "notify", "channels": ["email", "sms"], "role": "service"}`,
/// `{"type": "forward", "manager_email": "…"}`, `{"type": "block_draft"}`, `{"type": "mark_escalated"}`.
public enum RuleAction: Sendable, Hashable, Codable {
    /// Where a notification goes.
    public enum Channel: String, Sendable, Codable, Hashable, CaseIterable {
        case email, sms, push
    }

    /// Who a notification or forward targets: a manager by address, a role, or every manager.
    public struct Target: Sendable, Hashable {
        public var managerEmail: String?
        public var role: Manager.Role?

        public init(managerEmail: String? = nil, role: Manager.Role? = nil) {
            self.managerEmail = managerEmail
            self.role = role
        }
    }

    case setPriority(Int)
    case applyLabel(category: Category, subcategory: String?)
    case notify(channels: [Channel], target: Target)
    case forward(target: Target)
    case blockDraft
    case markEscalated

    private enum Keys: String, CodingKey {
        case type, priority, category, subcategory, channels, role
        case managerEmail = "manager_email"
    }

    /// The `type` member of each action.
    public var type: String {
        switch self {
        case .setPriority: "set_priority"
        case .applyLabel: "apply_label"
        case .notify: "notify"
        case .forward: "forward"
        case .blockDraft: "block_draft"
        case .markEscalated: "mark_escalated"
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let type = try c.decode(String.self, forKey: .type)
        func target() throws -> Target {
            Target(
                managerEmail: try c.decodeIfPresent(String.self, forKey: .managerEmail),
                role: try c.decodeIfPresent(Manager.Role.self, forKey: .role)
            )
        }
        switch type {
        case "set_priority":
            self = .setPriority(try c.decode(Int.self, forKey: .priority))
        case "apply_label":
            self = .applyLabel(
                category: try c.decode(Category.self, forKey: .category),
                subcategory: try c.decodeIfPresent(String.self, forKey: .subcategory)
            )
        case "notify":
            self = .notify(channels: try c.decodeIfPresent([Channel].self, forKey: .channels) ?? [.email], target: try target())
        case "forward":
            self = .forward(target: try target())
        case "block_draft":
            self = .blockDraft
        case "mark_escalated":
            self = .markEscalated
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown action type \(type)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(type, forKey: .type)
        switch self {
        case .setPriority(let priority):
            try c.encode(priority, forKey: .priority)
        case .applyLabel(let category, let subcategory):
            try c.encode(category, forKey: .category)
            try c.encodeIfPresent(subcategory, forKey: .subcategory)
        case .notify(let channels, let target):
            try c.encode(channels, forKey: .channels)
            try c.encodeIfPresent(target.managerEmail, forKey: .managerEmail)
            try c.encodeIfPresent(target.role, forKey: .role)
        case .forward(let target):
            try c.encodeIfPresent(target.managerEmail, forKey: .managerEmail)
            try c.encodeIfPresent(target.role, forKey: .role)
        case .blockDraft, .markEscalated:
            break
        }
    }
}
