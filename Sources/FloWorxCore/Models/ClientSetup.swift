import Foundation

/// A whole client configuration as one JSON document: what demo data, fixtures and onboarding tools load.
///
/// Shape: `{"client_config", "managers", "suppliers", "business_hours": {"timezone", "hours"},
/// "communication_style", "escalation_rules": [{"name", "priority", "is_active", "conditions", "actions"}]}`.
public struct ClientSetup: Sendable, Codable {
    public var clientConfig: ClientConfig
    public var managers: [Manager]
    public var suppliers: [Supplier]
    public var businessHours: HoursSetup?
    public var communicationStyle: CommunicationStyle?
    public var escalationRules: [RuleSetup]

    /// `business_hours`: the zone and the `hours` document.
    public struct HoursSetup: Sendable, Codable {
        public var timezone: String
        public var hours: BusinessHoursDocument
    }

    /// One `escalation_rules` row.
    public struct RuleSetup: Sendable, Codable {
        public var name: String
        public var priority: Int
        public var isActive: Bool
        public var conditions: RuleCondition
        public var actions: [RuleAction]

        enum CodingKeys: String, CodingKey {
            case name, priority
            case isActive = "is_active"
            case conditions, actions
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            priority = try c.decodeIfPresent(Int.self, forKey: .priority) ?? 1
            isActive = try c.decodeIfPresent(Bool.self, forKey: .isActive) ?? true
            conditions = try c.decodeIfPresent(RuleCondition.self, forKey: .conditions) ?? .always
            actions = try c.decodeIfPresent([RuleAction].self, forKey: .actions) ?? []
        }
    }

    enum CodingKeys: String, CodingKey {
        case clientConfig = "client_config"
        case managers, suppliers
        case businessHours = "business_hours"
        case communicationStyle = "communication_style"
        case escalationRules = "escalation_rules"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        clientConfig = try c.decodeIfPresent(ClientConfig.self, forKey: .clientConfig) ?? ClientConfig()
        managers = try c.decodeIfPresent([Manager].self, forKey: .managers) ?? []
        suppliers = try c.decodeIfPresent([Supplier].self, forKey: .suppliers) ?? []
        businessHours = try c.decodeIfPresent(HoursSetup.self, forKey: .businessHours)
        communicationStyle = try c.decodeIfPresent(CommunicationStyle.self, forKey: .communicationStyle)
        escalationRules = try c.decodeIfPresent([RuleSetup].self, forKey: .escalationRules) ?? []
    }
}
