import FloWorxCore
import Foundation

/// A business's settings as its owner edits them in the web app (onboarding wizard and settings pages): the stored
/// JSON documents as text, exactly as the database holds them, so that a page can show and write back members it does
/// not edit itself (a config's services, a style's category guidance).
public struct BusinessSettings: Sendable, Hashable {
    /// `profiles.client_config` (an object; `{}` before onboarding).
    public var clientConfigJSON: String
    /// `profiles.managers` (a list).
    public var managersJSON: String
    /// `profiles.suppliers` (a list).
    public var suppliersJSON: String
    /// `business_hours.hours`, `nil` without a row.
    public var hoursJSON: String?
    /// `business_hours.timezone`, `nil` without a row.
    public var timezone: String?
    /// The active communication style, `nil` without one.
    public var style: Style?
    /// The business's notification settings (the column defaults without a row).
    public var notifications: NotificationSettings

    /// Settings as read (or, before onboarding, empty ones).
    public init(clientConfigJSON: String = "{}", managersJSON: String = "[]", suppliersJSON: String = "[]", hoursJSON: String? = nil,
                timezone: String? = nil, style: Style? = nil, notifications: NotificationSettings = NotificationSettings()) {
        self.clientConfigJSON = clientConfigJSON
        self.managersJSON = managersJSON
        self.suppliersJSON = suppliersJSON
        self.hoursJSON = hoursJSON
        self.timezone = timezone
        self.style = style
        self.notifications = notifications
    }

    /// The active `communication_styles` row.
    public struct Style: Sendable, Hashable {
        public var name: String
        public var tone: String
        public var formality: String
        /// JSON lists and object as text.
        public var traitsJSON: String
        public var phrasesJSON: String
        public var patternsJSON: String

        /// A style to write.
        public init(name: String, tone: String, formality: String, traitsJSON: String, phrasesJSON: String, patternsJSON: String) {
            self.name = name
            self.tone = tone
            self.formality = formality
            self.traitsJSON = traitsJSON
            self.phrasesJSON = phrasesJSON
            self.patternsJSON = patternsJSON
        }
    }

    /// One connected (or once connected) mailbox, as its owner sees it.
    public struct Integration: Sendable, Hashable {
        public var id: UUID
        /// `gmail` or `outlook`.
        public var provider: String
        /// `pending`, `active`, `error` or `revoked` (`integrations.status`).
        public var status: String
        /// The mailbox's address, once the provider named it.
        public var address: String?
        /// Sync is paused until the owner reconnects (consent withdrawn, or disconnected).
        public var paused: Bool
        public var lastSyncAt: Date?
        /// The last sync failure the mailbox code recorded.
        public var lastError: String?
    }
}
