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
    /// Whether the triage conventions call for escalation beyond urgency alone: a customer issue rated high or
    /// critical, a complaint threatening a review, the BBB or legal action, a request for the owner or a manager.
    /// The `escalation_cue` rule fact; the safety-default rule escalates on it.
    public var escalationCue: Bool
    /// Human-readable reasons, e.g. `subject contains "no heat" (+URGENT)`.
    public var reasons: [String]

    public init(
        category: Category, subcategory: String? = nil, confidence: Double, urgency: Urgency,
        sentiment: Sentiment, entities: ExtractedEntities = ExtractedEntities(),
        senderIsManager: Bool = false, senderIsSupplier: Bool = false, senderIsInternal: Bool = false,
        draftAppropriate: Bool, escalationCue: Bool = false, reasons: [String] = []
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
        self.escalationCue = escalationCue
        self.reasons = reasons
    }

    enum CodingKeys: String, CodingKey {
        case category, subcategory, confidence, urgency, sentiment, entities
        case senderIsManager = "sender_is_manager"
        case senderIsSupplier = "sender_is_supplier"
        case senderIsInternal = "sender_is_internal"
        case draftAppropriate = "draft_appropriate"
        case escalationCue = "escalation_cue"
        case reasons
    }

    /// Decodes a classification; `escalation_cue` is absent from those recorded before it existed (false).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        category = try c.decode(Category.self, forKey: .category)
        subcategory = try c.decodeIfPresent(String.self, forKey: .subcategory)
        confidence = try c.decode(Double.self, forKey: .confidence)
        urgency = try c.decode(Urgency.self, forKey: .urgency)
        sentiment = try c.decode(Sentiment.self, forKey: .sentiment)
        entities = try c.decode(ExtractedEntities.self, forKey: .entities)
        senderIsManager = try c.decode(Bool.self, forKey: .senderIsManager)
        senderIsSupplier = try c.decode(Bool.self, forKey: .senderIsSupplier)
        senderIsInternal = try c.decode(Bool.self, forKey: .senderIsInternal)
        draftAppropriate = try c.decode(Bool.self, forKey: .draftAppropriate)
        escalationCue = try c.decodeIfPresent(Bool.self, forKey: .escalationCue) ?? false
        reasons = try c.decode([String].self, forKey: .reasons)
    }
}
