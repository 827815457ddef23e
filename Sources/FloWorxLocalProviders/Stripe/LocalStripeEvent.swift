import Foundation

/// An event of the local Stripe account: its exact JSON bytes are what every delivery signs and sends.
public struct LocalStripeEvent: Sendable, Hashable {
    public var id: String
    public var type: String
    public var created: Int
    /// The id of the object the event is about.
    public var objectId: String
    /// The event object as delivered.
    public var body: Data
}

/// One webhook POST the local server made (or tried).
public struct LocalStripeDelivery: Sendable, Hashable {
    public var eventId: String
    public var eventType: String
    /// The `Stripe-Signature` header sent.
    public var signature: String
    /// Whether it was signed with the endpoint's real secret (false for the wrong-signature fault).
    public var validSignature: Bool
    /// The endpoint's status, `nil` when it could not be reached.
    public var responseStatus: Int?
}
