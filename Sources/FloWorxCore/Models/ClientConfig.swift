import Foundation

/// `profiles.client_config`: who the business is and how FloWorx may act for it (schema version 1).
///
/// Every member is optional so that the column's default, `{}`, is a valid (unconfigured) profile.
public struct ClientConfig: Sendable, Codable, Hashable {
    public var version: Int?
    public var business: Business?
    public var contact: Contact?
    public var services: [Service]?
    public var signature: String?
    public var autoReply: AutoReplyPolicy?
    /// Dates (`YYYY-MM-DD`, in the business's timezone) on which the business is closed.
    public var holidays: [String]?
    public var sla: SLA?

    public init(
        version: Int? = 1, business: Business? = nil, contact: Contact? = nil, services: [Service]? = nil,
        signature: String? = nil, autoReply: AutoReplyPolicy? = nil, holidays: [String]? = nil, sla: SLA? = nil
    ) {
        self.version = version
        self.business = business
        self.contact = contact
        self.services = services
        self.signature = signature
        self.autoReply = autoReply
        self.holidays = holidays
        self.sla = sla
    }

    enum CodingKeys: String, CodingKey {
        case version, business, contact, services, signature
        case autoReply = "auto_reply"
        case holidays, sla
    }

    /// The business itself.
    public struct Business: Sendable, Codable, Hashable {
        public var name: String
        public var type: Industry
        /// The business's own mail domain; senders from it are internal.
        public var emailDomain: String?
        public var timezone: String?
        public var currency: String?
        public var website: String?
        public var serviceArea: String?

        public init(
            name: String, type: Industry, emailDomain: String? = nil, timezone: String? = nil,
            currency: String? = nil, website: String? = nil, serviceArea: String? = nil
        ) {
            self.name = name
            self.type = type
            self.emailDomain = emailDomain
            self.timezone = timezone
            self.currency = currency
            self.website = website
            self.serviceArea = serviceArea
        }

        enum CodingKeys: String, CodingKey {
            case name, type
            case emailDomain = "email_domain"
            case timezone, currency, website
            case serviceArea = "service_area"
        }
    }

    /// The person customers deal with.
    public struct Contact: Sendable, Codable, Hashable {
        public var name: String?
        public var role: String?
        public var email: String?
        public var afterHoursPhone: String?

        public init(name: String? = nil, role: String? = nil, email: String? = nil, afterHoursPhone: String? = nil) {
            self.name = name
            self.role = role
            self.email = email
            self.afterHoursPhone = afterHoursPhone
        }

        enum CodingKeys: String, CodingKey {
            case name, role, email
            case afterHoursPhone = "after_hours_phone"
        }
    }

    /// One service the business sells.
    public struct Service: Sendable, Codable, Hashable {
        public var name: String
        public var description: String?
        /// A price or price range; drafts quote it only when `AutoReplyPolicy.includePricing` is true.
        public var pricing: String?

        public init(name: String, description: String? = nil, pricing: String? = nil) {
            self.name = name
            self.description = description
            self.pricing = pricing
        }
    }

    /// When FloWorx may prepare a reply draft.
    public struct AutoReplyPolicy: Sendable, Codable, Hashable {
        public var enabled: Bool
        /// Drafts only for classifications at least this confident (0–1).
        public var minConfidence: Double?
        /// Drafts only for these categories; all draftable ones when absent.
        public var categories: [Category]?
        /// Whether drafts may state prices from `services[].pricing`.
        public var includePricing: Bool?

        public init(enabled: Bool, minConfidence: Double? = nil, categories: [Category]? = nil, includePricing: Bool? = nil) {
            self.enabled = enabled
            self.minConfidence = minConfidence
            self.categories = categories
            self.includePricing = includePricing
        }

        enum CodingKeys: String, CodingKey {
            case enabled
            case minConfidence = "min_confidence"
            case categories
            case includePricing = "include_pricing"
        }
    }

    /// Service-level targets.
    public struct SLA: Sendable, Codable, Hashable {
        public var firstResponseMinutes: Int?

        public init(firstResponseMinutes: Int? = nil) {
            self.firstResponseMinutes = firstResponseMinutes
        }

        enum CodingKeys: String, CodingKey {
            case firstResponseMinutes = "first_response_minutes"
        }
    }
}

/// One entry of `profiles.managers` (at most 5).
public struct Manager: Sendable, Codable, Hashable {
    /// Roles a manager can hold; rules notify or forward by role.
    public enum Role: String, Sendable, Codable, CaseIterable, Hashable {
        case owner, sales, service, operations, accounts, support, dispatch, hr
    }

    public var name: String
    public var email: String
    public var phone: String?
    public var roles: [Role]
    /// Whether mail categorised for this manager is forwarded to them.
    public var forward: Bool

    public init(name: String, email: String, phone: String? = nil, roles: [Role] = [], forward: Bool = false) {
        self.name = name
        self.email = email
        self.phone = phone
        self.roles = roles
        self.forward = forward
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        email = try c.decode(String.self, forKey: .email)
        phone = try c.decodeIfPresent(String.self, forKey: .phone)
        roles = try c.decodeIfPresent([Role].self, forKey: .roles) ?? []
        forward = try c.decodeIfPresent(Bool.self, forKey: .forward) ?? false
    }
}

/// One entry of `profiles.suppliers` (at most 10).
public struct Supplier: Sendable, Codable, Hashable {
    public var name: String
    public var email: String?
    /// Mail domains the supplier sends from, e.g. `["ferguson.com"]`.
    public var domains: [String]
    /// What the supplier provides, e.g. `parts` or `chemicals`.
    public var category: String?

    public init(name: String, email: String? = nil, domains: [String] = [], category: String? = nil) {
        self.name = name
        self.email = email
        self.domains = domains
        self.category = category
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        email = try c.decodeIfPresent(String.self, forKey: .email)
        domains = try c.decodeIfPresent([String].self, forKey: .domains) ?? []
        category = try c.decodeIfPresent(String.self, forKey: .category)
    }
}

/// Everything about one client that the pipeline needs: the profile row, its style, hours and rules.
public struct ClientProfile: Sendable, Hashable {
    public var clientId: UUID
    public var config: ClientConfig
    public var managers: [Manager]
    public var suppliers: [Supplier]
    /// The active communication style, if the client has one.
    public var style: CommunicationStyle?
    /// The business hours, if configured.
    public var hours: BusinessHours?
    /// Active rules, highest priority first.
    public var rules: [EscalationRule]
    /// Which channels alerts may use (`notification_settings`).
    public var notificationSettings: NotificationSettings

    public init(
        clientId: UUID, config: ClientConfig, managers: [Manager] = [], suppliers: [Supplier] = [],
        style: CommunicationStyle? = nil, hours: BusinessHours? = nil, rules: [EscalationRule] = [],
        notificationSettings: NotificationSettings = NotificationSettings()
    ) {
        self.notificationSettings = notificationSettings
        self.clientId = clientId
        self.config = config
        self.managers = managers
        self.suppliers = suppliers
        self.style = style
        self.hours = hours
        self.rules = rules
    }

    /// The client's industry; `nil` when the profile does not say.
    public var industry: Industry? { config.business?.type }
}
