import FloWorxCore
import FloWorxIntegrations

/// The Stripe API as the webhook processor's source of current objects.
extension StripeClient: StripeObjectSource {
    /// Thrown when Stripe's answer is not the object asked for.
    struct UnexpectedObject: Error, CustomStringConvertible {
        var id: String
        var description: String { "Stripe's answer for \(id) is not the expected object" }
    }

    public func subscription(id: String) async throws -> StripeSubscriptionState {
        guard let state = StripeSubscriptionState(json: try await retrieveSubscriptionJSON(id: id)) else { throw UnexpectedObject(id: id) }
        return state
    }

    public func invoice(id: String) async throws -> StripeInvoiceState {
        guard let state = StripeInvoiceState(json: try await retrieveInvoiceJSON(id: id)) else { throw UnexpectedObject(id: id) }
        return state
    }
}
