/// A Stripe Customer (the fields FloWorx reads). A deleted customer comes back as `{"id", "deleted": true}`.
public struct StripeCustomer: Decodable, Sendable, Hashable {
    public var id: String
    public var email: String?
    public var name: String?
    /// FloWorx stores the business id under `business_id`.
    public var metadata: [String: String]?
    public var created: Int?
    public var deleted: Bool?

    /// The metadata key that maps a customer back to its business.
    public static let businessMetadataKey = "business_id"

    /// The business this customer was created for, from its metadata.
    public var businessId: String? { metadata?[Self.businessMetadataKey] }
}
