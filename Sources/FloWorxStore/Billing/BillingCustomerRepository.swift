import Foundation
import PostgresNIO

/// Which Stripe customer pays for which business (`floworx.billing_customers`).
public struct BillingCustomerRepository: Sendable {
    let database: ServiceDatabase

    public init(database: ServiceDatabase) {
        self.database = database
    }

    /// The Stripe customer of business `clientId`, if it has one.
    public func customerId(clientId: UUID) async throws -> String? {
        let rows = try await database.query("SELECT stripe_customer_id FROM floworx.billing_customers WHERE client_id = \(clientId)")
        for try await id in rows.decode(String.self) { return id }
        return nil
    }

    /// The business Stripe customer `customerId` pays for, if known.
    public func clientId(customerId: String) async throws -> UUID? {
        let rows = try await database.query("SELECT client_id FROM floworx.billing_customers WHERE stripe_customer_id = \(customerId)")
        for try await id in rows.decode(UUID.self) { return id }
        return nil
    }

    /// Links business `clientId` to `customerId` unless it has a customer already (the first link stays; idempotent).
    /// Returns the customer the business is linked to afterwards.
    @discardableResult
    public func link(clientId: UUID, customerId: String) async throws -> String? {
        try await database.withConnection { connection in
            try await BillingWriter(connection: connection).linkCustomer(clientId: clientId, customerId: customerId)
            return try await self.customerId(clientId: clientId)
        }
    }
}
