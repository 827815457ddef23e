import FloWorxCore
import Foundation

/// One business as its daily digest needs it.
public struct DigestBusiness: Sendable, Hashable {
    public var clientId: UUID
    /// `client_config.business.name`; empty when the profile has none.
    public var name: String
    /// The business's one timezone (`business_hours.timezone`, migration 0027), `UTC` when it has none.
    public var timezone: String
    public var managers: [Manager]
    /// The business's contact address (`client_config.contact.email`).
    public var contactEmail: String?
    /// The account's own address (`auth.users.email`).
    public var accountEmail: String?
    /// `notification_settings.email_notifications` (on when the business has no settings row).
    public var emailNotifications: Bool
    public var createdAt: Date?
    /// The newest local day a scheduled digest was queued for in the last few days, if any.
    public var lastSent: DigestDate?

    public init(
        clientId: UUID, name: String, timezone: String, managers: [Manager] = [], contactEmail: String? = nil, accountEmail: String? = nil,
        emailNotifications: Bool = true, createdAt: Date? = nil, lastSent: DigestDate? = nil
    ) {
        self.clientId = clientId
        self.name = name
        self.timezone = timezone
        self.managers = managers
        self.contactEmail = contactEmail
        self.accountEmail = accountEmail
        self.emailNotifications = emailNotifications
        self.createdAt = createdAt
        self.lastSent = lastSent
    }

    /// The zone to count days in; `UTC` for a name Foundation does not know (the database validates it on write).
    public var zone: TimeZone {
        TimeZone(identifier: timezone) ?? TimeZone(identifier: "UTC")!
    }

    /// Who receives the digest: nobody when email notifications are off.
    public var recipients: [DigestRecipients.Recipient] {
        emailNotifications ? DigestRecipients.resolve(managers: managers, contactEmail: contactEmail, accountEmail: accountEmail) : []
    }
}
