import Foundation

/// Contact and reference details found in an email.
public struct ExtractedEntities: Sendable, Codable, Hashable {
    public var contactName: String?
    public var phone: String?
    public var address: String?
    public var orderNumber: String?
    public var invoiceNumber: String?

    public init(contactName: String? = nil, phone: String? = nil, address: String? = nil, orderNumber: String? = nil, invoiceNumber: String? = nil) {
        self.contactName = contactName
        self.phone = phone
        self.address = address
        self.orderNumber = orderNumber
        self.invoiceNumber = invoiceNumber
    }

    enum CodingKeys: String, CodingKey {
        case contactName = "contact_name"
        case phone, address
        case orderNumber = "order_number"
        case invoiceNumber = "invoice_number"
    }
}

/// What the classifier decided about one email, and why.
public struct Classification: Sendable, Codable, Hashable {
    public var category: Category
    public var subcategory: String?
    /// 0–1.
    public var confidence: Double
    public var urgency: Urgency
    public var sentiment: Sentiment
    public var entities: ExtractedEntities
    public var senderIsManager: Bool
    public var senderIsSupplier: Bool
    public var senderIsInternal: Bool
    /// Whether a reply draft suits this kind of email (before client policy and rules).
    public var draftAppropriate: Bool
    /// Human-readable reasons, e.g. `subject contains "no heat" (+URGENT)`.
    public var reasons: [String]

    public init(
        category: Category, subcategory: String? = nil, confidence: Double, urgency: Urgency,
        sentiment: Sentiment, entities: ExtractedEntities = ExtractedEntities(),
        senderIsManager: Bool = false, senderIsSupplier: Bool = false, senderIsInternal: Bool = false,
        draftAppropriate: Bool, reasons: [String] = []
    ) {
        self.category = category
        self.subcategory = subcategory
        self.confidence = confidence
        self.urgency = urgency
        self.sentiment = sentiment
        self.entities = entities
        self.senderIsManager = senderIsManager
        self.senderIsSupplier = senderIsSupplier
        self.senderIsInternal = senderIsInternal
        self.draftAppropriate = draftAppropriate
        self.reasons = reasons
    }

    enum CodingKeys: String, CodingKey {
        case category, subcategory, confidence, urgency, sentiment, entities
        case senderIsManager = "sender_is_manager"
        case senderIsSupplier = "sender_is_supplier"
        case senderIsInternal = "sender_is_internal"
        case draftAppropriate = "draft_appropriate"
        case reasons
    }
}
