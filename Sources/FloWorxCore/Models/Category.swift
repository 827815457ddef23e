/// A primary business category: a Gmail label or Outlook folder in the client's mailbox.
public enum Category: String, Sendable, Codable, CaseIterable, Hashable {
    case urgent = "URGENT"
    case sales = "SALES"
    case support = "SUPPORT"
    case manager = "MANAGER"
    case suppliers = "SUPPLIERS"
    case banking = "BANKING"
    case formsub = "FORMSUB"
    case googleReview = "GOOGLE_REVIEW"
    case phone = "PHONE"
    case recruitment = "RECRUITMENT"
    case promo = "PROMO"
    case socialMedia = "SOCIALMEDIA"
    case misc = "MISC"
    // Industry extras.
    case seasonal = "SEASONAL"
    case maintenance = "MAINTENANCE"
    case permits = "PERMITS"
    case subcontractors = "SUBCONTRACTORS"
    case insurance = "INSURANCE"
    case wellness = "WELLNESS"

    /// The categories every business gets, whatever its industry.
    public static let common: [Category] = [
        .urgent, .sales, .support, .manager, .suppliers, .banking, .formsub,
        .googleReview, .phone, .recruitment, .promo, .socialMedia, .misc,
    ]

    /// Fixed subcategories; MANAGER and SUPPLIERS also get one per manager or supplier.
    public var fixedSubcategories: [String] {
        switch self {
        case .manager: ["Unassigned", "Escalations"]
        case .banking: ["Invoice", "Receipts", "Refund", "BankAlert", "e-Transfer"]
        case .googleReview: ["New Review", "Response Needed"]
        case .phone: ["Missed Calls", "Voicemails"]
        default: []
        }
    }
}

/// The kind of business a client runs; it chooses the industry extras among the categories.
public enum Industry: String, Sendable, Codable, CaseIterable, Hashable {
    case hvac
    case plumbing
    case electrical
    case poolsSpas = "pools_spas"
    case hotTubs = "hot_tubs"
    case saunasIceBaths = "saunas_ice_baths"
    case roofing
    case generalContractor = "general_contractor"
    case painting
    case flooring
    case landscaping
    case insulation

    /// The categories of this industry: the common ones plus its extras.
    public var categories: [Category] {
        Category.common + extras
    }

    /// The industry-specific categories.
    public var extras: [Category] {
        switch self {
        case .hvac: [.maintenance]
        case .poolsSpas, .hotTubs: [.seasonal]
        case .saunasIceBaths: [.wellness, .seasonal]
        case .roofing: [.insurance]
        case .generalContractor: [.permits, .subcontractors]
        case .plumbing, .electrical, .painting, .flooring, .landscaping, .insulation: []
        }
    }
}

/// How soon an email needs a person.
public enum Urgency: String, Sendable, Codable, CaseIterable, Comparable {
    case low, normal, high, critical

    private var rank: Int {
        switch self {
        case .low: 0
        case .normal: 1
        case .high: 2
        case .critical: 3
        }
    }

    public static func < (lhs: Urgency, rhs: Urgency) -> Bool { lhs.rank < rhs.rank }
}

/// The tone of the sender.
public enum Sentiment: String, Sendable, Codable, CaseIterable {
    case negative, neutral, positive
}
