import FloWorxCore
import Foundation
import PostgresNIO

/// The statements of one Stripe event's transaction (`ServiceDatabase.transaction`): the event ledger, per-object
/// locks and state, and the writes to `public.subscriptions` and `public.invoices`.
public struct BillingWriter: Sendable {
    let connection: ServiceConnection

    public init(connection: ServiceConnection) {
        self.connection = connection
    }

    /// Records event `event` as processed; false when it was already (a redelivery: the caller does nothing). A
    /// concurrent delivery of the same event waits here for the first one's transaction and then finds the row.
    public func recordEvent(_ event: StripeEvent, objectId: String?) async throws -> Bool {
        let rows = try await connection.query("""
            INSERT INTO floworx.stripe_events (event_id, type, created, outcome, object_id)
            VALUES (\(event.id), \(event.type), \(event.created), 'ignored', \(objectId))
            ON CONFLICT (event_id) DO NOTHING RETURNING 1
            """)
        for try await _ in rows { return true }
        return false
    }

    /// Sets what processing `eventId` did: `applied`, `refetched` or `ignored`.
    public func setOutcome(_ eventId: String, _ outcome: String) async throws {
        try await connection.query("UPDATE floworx.stripe_events SET outcome = \(outcome) WHERE event_id = \(eventId)").discardRows()
    }

    /// Serialises the events of one Stripe object until the transaction ends.
    public func lock(_ stripeId: String) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\("stripe:" + stripeId), 0))").discardRows()
    }

    /// The local record of Stripe object `stripeId`.
    public func object(_ stripeId: String) async throws -> StripeObjectRecord? {
        let rows = try await connection.query("""
            SELECT stripe_id, kind, client_id, local_id, last_event_created, stripe_status, past_due_since
            FROM floworx.stripe_objects WHERE stripe_id = \(stripeId)
            """)
        for try await (id, kind, client, local, last, status, since) in rows.decode((String, String, UUID, UUID, Int64, String, Date?).self) {
            return StripeObjectRecord(stripeId: id, kind: kind, clientId: client, localId: local, lastEventCreated: last, stripeStatus: status, pastDueSince: since)
        }
        return nil
    }

    /// The business Stripe customer `customerId` pays for.
    public func clientId(customerId: String) async throws -> UUID? {
        let rows = try await connection.query("SELECT client_id FROM floworx.billing_customers WHERE stripe_customer_id = \(customerId)")
        for try await id in rows.decode(UUID.self) { return id }
        return nil
    }

    /// Whether business `clientId` exists.
    public func businessExists(_ clientId: UUID) async throws -> Bool {
        let rows = try await connection.query("SELECT 1 FROM public.profiles WHERE id = \(clientId)")
        for try await _ in rows { return true }
        return false
    }

    /// Links a business to its Stripe customer; a business already linked, or a customer linked to another business,
    /// keeps its link.
    public func linkCustomer(clientId: UUID, customerId: String) async throws {
        try await connection.query("""
            INSERT INTO floworx.billing_customers (client_id, stripe_customer_id) VALUES (\(clientId), \(customerId))
            ON CONFLICT DO NOTHING
            """).discardRows()
    }

    /// Business `clientId` as notices address it (name, managers, contact and account addresses).
    public func business(_ clientId: UUID) async throws -> DigestBusiness? {
        let rows = try await connection.query("""
            SELECT \(unescaped: DigestRepository.businessColumns)
            FROM public.profiles p LEFT JOIN auth.users u ON u.id = p.id
            WHERE p.id = \(clientId)
            """)
        for try await row in rows { return try DigestRepository.business(row) }
        return nil
    }

    /// Writes a billing notice's outbox rows (kind `summary`, channel `email`), one per recipient, each under the dedupe
    /// key `{key}:{recipient}`: a second call with the same key writes nothing. The outbox trigger queues the deliveries
    /// in this transaction. Returns the rows written.
    @discardableResult
    public func notify(clientId: UUID, key: String, recipients: [BillingUsageRepository.NoticeRecipient], contentJSON: String) async throws -> Int {
        guard !recipients.isEmpty else { return 0 }
        let rows = try await connection.query("""
            INSERT INTO floworx.notifications (client_id, kind, channel, recipient, recipient_name, dedupe_key, content)
            SELECT \(clientId), 'summary', 'email', r.recipient, nullif(r.name, ''), \(key) || ':' || r.recipient, \(contentJSON)::jsonb
            FROM unnest(\(recipients.map(\.email))::text[], \(recipients.map { $0.name ?? "" })::text[]) AS r(recipient, name)
            ON CONFLICT (dedupe_key) DO NOTHING
            RETURNING 1
            """)
        var written = 0
        for try await _ in rows { written += 1 }
        return written
    }

    /// Writes subscription `state` for business `clientId` on plan `planId` (insert or update of its
    /// `public.subscriptions` row and its `floworx.stripe_objects` row), recording `eventCreated` as the last
    /// applied event time unless a later one is recorded. `past_due_since` starts at `since` when it becomes past_due.
    public func writeSubscription(_ state: StripeSubscriptionState, clientId: UUID, planId: String, eventCreated: Int64, eventId: String?, since: Date) async throws {
        let status = state.storedStatus
        try await connection.query("""
            WITH existing AS (
              SELECT local_id FROM floworx.stripe_objects WHERE stripe_id = \(state.id)
            ), updated AS (
              UPDATE public.subscriptions s SET plan_id = \(planId), status = \(status),
                     current_period_start = \(state.currentPeriodStart), current_period_end = \(state.currentPeriodEnd)
              FROM existing e WHERE s.id = e.local_id
              RETURNING s.id
            ), inserted AS (
              INSERT INTO public.subscriptions (client_id, plan_id, status, current_period_start, current_period_end)
              SELECT \(clientId), \(planId), \(status), \(state.currentPeriodStart), \(state.currentPeriodEnd)
              WHERE NOT EXISTS (SELECT 1 FROM existing)
              RETURNING id
            )
            INSERT INTO floworx.stripe_objects AS o (stripe_id, kind, client_id, local_id, last_event_created, last_event_id, stripe_status, past_due_since)
            SELECT \(state.id), 'subscription', \(clientId), id, \(eventCreated), \(eventId), \(state.status),
                   CASE WHEN \(status) = 'past_due' THEN \(since)::timestamptz END
            FROM (SELECT id FROM updated UNION ALL SELECT id FROM inserted) AS local
            ON CONFLICT (stripe_id) DO UPDATE SET
              last_event_created = greatest(o.last_event_created, excluded.last_event_created),
              last_event_id = CASE WHEN excluded.last_event_created >= o.last_event_created THEN coalesce(excluded.last_event_id, o.last_event_id) ELSE o.last_event_id END,
              stripe_status = excluded.stripe_status,
              past_due_since = CASE WHEN \(status) = 'past_due' THEN coalesce(o.past_due_since, excluded.past_due_since) END,
              updated_at = now()
            """).discardRows()
    }

    /// Writes invoice `state` of the local subscription `subscriptionLocalId` (insert or update of its
    /// `public.invoices` row and its `floworx.stripe_objects` row).
    public func writeInvoice(_ state: StripeInvoiceState, clientId: UUID, subscriptionLocalId: UUID, eventCreated: Int64, eventId: String?) async throws {
        let status = state.storedStatus
        try await connection.query("""
            WITH existing AS (
              SELECT local_id FROM floworx.stripe_objects WHERE stripe_id = \(state.id)
            ), updated AS (
              UPDATE public.invoices i SET subscription_id = \(subscriptionLocalId), amount = \(state.amount), currency = \(state.currency),
                     status = \(status), due_date = \(state.dueDate), paid_at = \(state.paidAt)
              FROM existing e WHERE i.id = e.local_id
              RETURNING i.id
            ), inserted AS (
              INSERT INTO public.invoices (subscription_id, amount, currency, status, due_date, paid_at)
              SELECT \(subscriptionLocalId), \(state.amount), \(state.currency), \(status), \(state.dueDate), \(state.paidAt)
              WHERE NOT EXISTS (SELECT 1 FROM existing)
              RETURNING id
            )
            INSERT INTO floworx.stripe_objects AS o (stripe_id, kind, client_id, local_id, last_event_created, last_event_id, stripe_status, hosted_invoice_url, number)
            SELECT \(state.id), 'invoice', \(clientId), id, \(eventCreated), \(eventId), \(state.status), \(state.hostedInvoiceURL), \(state.number)
            FROM (SELECT id FROM updated UNION ALL SELECT id FROM inserted) AS local
            ON CONFLICT (stripe_id) DO UPDATE SET
              last_event_created = greatest(o.last_event_created, excluded.last_event_created),
              last_event_id = CASE WHEN excluded.last_event_created >= o.last_event_created THEN coalesce(excluded.last_event_id, o.last_event_id) ELSE o.last_event_id END,
              stripe_status = excluded.stripe_status,
              hosted_invoice_url = coalesce(excluded.hosted_invoice_url, o.hosted_invoice_url),
              number = coalesce(excluded.number, o.number),
              updated_at = now()
            """).discardRows()
    }
}

extension PostgresRowSequence {
    /// Reads every row, discarding them (a statement run for its effect).
    func discardRows() async throws {
        for try await _ in self {}
    }
}
