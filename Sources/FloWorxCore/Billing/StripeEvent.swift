import Foundation

/// A Stripe event as a webhook delivers it: `{"id": "evt_…", "type", "created", "data": {"object": {…}}}`.
public struct StripeEvent: Sendable, Hashable {
    public var id: String
    public var type: String
    /// Stripe's `created`, in Unix seconds: the ordering key of events about one object.
    public var created: Int64
    /// `data.object`: the object as it was when the event happened.
    public var object: JSONValue

    public init(id: String, type: String, created: Int64, object: JSONValue) {
        self.id = id
        self.type = type
        self.created = created
        self.object = object
    }

    /// The event in a webhook body, or nil when the body is not an event.
    public init?(json data: Data) {
        guard let root = try? JSONDecoder().decode(JSONValue.self, from: data),
              let id = root["id"]?.stringValue, !id.isEmpty, id.count <= 255,
              let type = root["type"]?.stringValue, !type.isEmpty,
              let created = root["created"]?.numberValue, created >= 0, created.rounded() == created,
              let object = root["data"]?["object"], object.objectValue != nil
        else { return nil }
        self.init(id: id, type: type, created: Int64(created), object: object)
    }

    /// The event types FloWorx applies; others are acknowledged and recorded as ignored.
    public static let handledTypes: Set<String> = [
        "checkout.session.completed",
        "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted",
        "invoice.paid", "invoice.payment_failed", "invoice.finalized",
    ]
}

extension JSONValue {
    /// An id that Stripe may give as a string or as an expanded object with an `id`.
    var stripeId: String? {
        if let text = stringValue { return text.isEmpty ? nil : text }
        return self["id"]?.stringValue
    }

    /// A Unix-seconds timestamp field as a date.
    var stripeDate: Date? {
        numberValue.map { Date(timeIntervalSince1970: $0) }
    }
}
