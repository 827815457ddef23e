import FloWorxCore
import Foundation
import PostgresNIO

/// Usage per business and billing period (`floworx.billing_usage`), counted in single atomic statements so
/// concurrent workers of any number of processes count exactly, and the once-per-period owner notice.
///
/// The period is the current period of the business's subscription (its latest one that is not canceled, else its
/// latest), and the UTC calendar month when there is none or the period has ended.
public struct BillingUsageRepository: Sendable {
    let database: ServiceDatabase

    public init(database: ServiceDatabase) {
        self.database = database
    }

    /// The subscription and period of each business of the batch, SQL without values (`b.client_id` from `batch`).
    static let accountSQL = """
        SELECT b.client_id, b.emails, s.plan_id, s.status, o.past_due_since,
               CASE WHEN s.current_period_start <= now() AND s.current_period_end > now() THEN s.current_period_start
                    ELSE date_trunc('month', now(), 'UTC') END AS period_start,
               CASE WHEN s.current_period_start <= now() AND s.current_period_end > now() THEN s.current_period_end
                    ELSE date_trunc('month', now(), 'UTC') + interval '1 month' END AS period_end
        FROM batch b
        LEFT JOIN LATERAL (
          SELECT s.id, s.plan_id, s.status, s.current_period_start, s.current_period_end FROM public.subscriptions s
          WHERE s.client_id = b.client_id
          ORDER BY (s.status <> 'canceled') DESC, s.updated_at DESC NULLS LAST, s.created_at DESC NULLS LAST LIMIT 1
        ) s ON true
        LEFT JOIN floworx.stripe_objects o ON o.local_id = s.id
        """

    /// Adds `emails[client]` processed emails to each business's current period (one statement for the whole batch;
    /// rows are locked in client order, so concurrent batches cannot deadlock) and returns each business's account
    /// with the usage after the addition. A count of 0 reads without counting.
    public func countEmails(_ emails: [UUID: Int]) async throws -> [UUID: BillingAccount] {
        guard !emails.isEmpty else { return [:] }
        let sorted = emails.sorted { $0.key.uuidString < $1.key.uuidString }
        let rows = try await database.query("""
            WITH batch AS (
              SELECT client_id, emails FROM unnest(\(sorted.map(\.key))::uuid[], \(sorted.map { Int64($0.value) })::bigint[]) AS b(client_id, emails)
              WHERE EXISTS (SELECT 1 FROM public.profiles p WHERE p.id = b.client_id)
            ), account AS (
              \(unescaped: Self.accountSQL)
            ), counted AS (
              INSERT INTO floworx.billing_usage AS u (client_id, period_start, period_end, emails)
              SELECT client_id, period_start, period_end, emails FROM account ORDER BY client_id
              ON CONFLICT (client_id, period_start) DO UPDATE SET emails = u.emails + excluded.emails, updated_at = now()
              RETURNING u.client_id, u.period_start, u.period_end, u.emails, u.drafts, u.llm_tokens
            )
            SELECT c.client_id, a.plan_id, a.status, a.past_due_since, c.period_start, c.period_end, c.emails, c.drafts, c.llm_tokens
            FROM counted c JOIN account a ON a.client_id = c.client_id
            """)
        var accounts: [UUID: BillingAccount] = [:]
        for try await (client, plan, status, since, start, end, mails, drafts, tokens) in rows.decode(
            (UUID, String?, String?, Date?, Date, Date, Int64, Int64, Int64).self)
        {
            accounts[client] = BillingAccount(planId: plan, status: status, pastDueSince: since, usage: BillingUsage(
                periodStart: start, periodEnd: end, emails: Int(mails), drafts: Int(drafts), llmTokens: Int(tokens)))
        }
        return accounts
    }

    /// How long an email's "counted" marker is kept (`floworx.billing_counted_emails`): far longer than any job lives
    /// between its first claim and its last retry.
    public static let countedRetentionDays = 45

    /// Counts each email once, whatever the attempt, worker or process (issue 15): the email ids are inserted into
    /// `floworx.billing_counted_emails` and only the ids this statement inserted are added to each business's current
    /// period, in one statement (usage rows locked in client order, markers in id order). Returns each business's
    /// account after the addition and how many of its emails this call counted (0 for emails counted before, e.g. a
    /// job reclaimed after its worker crashed). Also deletes a few markers older than `countedRetentionDays`.
    public func countEmailsOnce(_ emails: [(clientId: UUID, emailId: UUID)]) async throws -> (accounts: [UUID: BillingAccount], counted: [UUID: Int]) {
        guard !emails.isEmpty else { return ([:], [:]) }
        let sorted = emails.sorted { $0.emailId.uuidString < $1.emailId.uuidString }
        let rows = try await database.query("""
            WITH input AS (
              SELECT DISTINCT ON (e.email_id) e.client_id, e.email_id
              FROM unnest(\(sorted.map(\.clientId))::uuid[], \(sorted.map(\.emailId))::uuid[]) AS e(client_id, email_id)
              WHERE EXISTS (SELECT 1 FROM public.profiles p WHERE p.id = e.client_id)
              ORDER BY e.email_id
            ), batch AS (
              SELECT DISTINCT client_id, 0::bigint AS emails FROM input
            ), account AS (
              \(unescaped: Self.accountSQL)
            ), marked AS (
              INSERT INTO floworx.billing_counted_emails (email_id, client_id, period_start)
              SELECT i.email_id, i.client_id, a.period_start FROM input i JOIN account a ON a.client_id = i.client_id ORDER BY i.email_id
              ON CONFLICT (email_id) DO NOTHING
              RETURNING client_id
            ), fresh AS (
              SELECT client_id, count(*) AS emails FROM marked GROUP BY client_id
            ), counted AS (
              INSERT INTO floworx.billing_usage AS u (client_id, period_start, period_end, emails)
              SELECT a.client_id, a.period_start, a.period_end, coalesce(f.emails, 0)
              FROM account a LEFT JOIN fresh f ON f.client_id = a.client_id ORDER BY a.client_id
              ON CONFLICT (client_id, period_start) DO UPDATE SET emails = u.emails + excluded.emails, updated_at = now()
              RETURNING u.client_id, u.period_start, u.period_end, u.emails, u.drafts, u.llm_tokens
            ), pruned AS (
              DELETE FROM floworx.billing_counted_emails WHERE email_id IN (
                SELECT email_id FROM floworx.billing_counted_emails
                WHERE counted_at < now() - make_interval(days => \(Self.countedRetentionDays)::int)
                ORDER BY counted_at LIMIT 500)
            )
            SELECT c.client_id, a.plan_id, a.status, a.past_due_since, c.period_start, c.period_end, c.emails, c.drafts, c.llm_tokens,
                   coalesce(f.emails, 0)
            FROM counted c JOIN account a ON a.client_id = c.client_id LEFT JOIN fresh f ON f.client_id = c.client_id
            """)
        var accounts: [UUID: BillingAccount] = [:]
        var counted: [UUID: Int] = [:]
        for try await (client, plan, status, since, start, end, mails, drafts, tokens, fresh) in rows.decode(
            (UUID, String?, String?, Date?, Date, Date, Int64, Int64, Int64, Int64).self)
        {
            accounts[client] = BillingAccount(planId: plan, status: status, pastDueSince: since, usage: BillingUsage(
                periodStart: start, periodEnd: end, emails: Int(mails), drafts: Int(drafts), llmTokens: Int(tokens)))
            counted[client] = Int(fresh)
        }
        return (accounts, counted)
    }

    /// The account of business `clientId` without counting anything.
    public func account(_ clientId: UUID) async throws -> BillingAccount? {
        try await countEmails([clientId: 0])[clientId]
    }

    /// Adds drafts and LLM tokens to each business's period `periodStart` (one statement, rows locked in client order).
    public func add(_ usage: [(clientId: UUID, periodStart: Date, periodEnd: Date, drafts: Int, llmTokens: Int)]) async throws {
        guard !usage.isEmpty else { return }
        let sorted = usage.sorted { $0.clientId.uuidString < $1.clientId.uuidString }
        try await database.query("""
            INSERT INTO floworx.billing_usage AS u (client_id, period_start, period_end, drafts, llm_tokens)
            SELECT client_id, period_start, period_end, drafts, llm_tokens
            FROM unnest(\(sorted.map(\.clientId))::uuid[], \(sorted.map(\.periodStart))::timestamptz[], \(sorted.map(\.periodEnd))::timestamptz[],
                        \(sorted.map { Int64($0.drafts) })::bigint[], \(sorted.map { Int64($0.llmTokens) })::bigint[])
                 AS b(client_id, period_start, period_end, drafts, llm_tokens)
            WHERE EXISTS (SELECT 1 FROM public.profiles p WHERE p.id = b.client_id)
            ORDER BY client_id
            ON CONFLICT (client_id, period_start) DO UPDATE
              SET drafts = u.drafts + excluded.drafts, llm_tokens = u.llm_tokens + excluded.llm_tokens, updated_at = now()
            """).discardRows()
    }

    /// One recipient of a notice's outbox row.
    public struct NoticeRecipient: Sendable, Hashable {
        public var email: String
        public var name: String?

        public init(email: String, name: String?) {
            self.email = email
            self.name = name
        }
    }

    /// Records the notice `reason` for business `clientId` in period `periodStart` and, only when it was not recorded
    /// before, writes its outbox rows (kind `summary`, channel `email`, `contentJSON`) in the same statement. Returns
    /// true when this call recorded it (the owner is told exactly once per period and reason).
    public func noticeOnce(clientId: UUID, periodStart: Date, reason: String, recipients: [NoticeRecipient], contentJSON: String) async throws -> Bool {
        let key = "billing:\(reason):\(clientId.uuidString.lowercased()):\(Int64(periodStart.timeIntervalSince1970))"
        let rows = try await database.query("""
            WITH notice AS (
              INSERT INTO floworx.billing_notices (client_id, period_start, reason) VALUES (\(clientId), \(periodStart), \(reason))
              ON CONFLICT DO NOTHING RETURNING client_id
            ), outbox AS (
              INSERT INTO floworx.notifications (client_id, kind, channel, recipient, recipient_name, dedupe_key, content)
              SELECT n.client_id, 'summary', 'email', r.recipient, nullif(r.name, ''), \(key) || ':' || r.recipient, \(contentJSON)::jsonb
              FROM notice n, unnest(\(recipients.map(\.email))::text[], \(recipients.map { $0.name ?? "" })::text[]) AS r(recipient, name)
              ON CONFLICT (dedupe_key) DO NOTHING
              RETURNING 1
            )
            SELECT (SELECT count(*) FROM notice), (SELECT count(*) FROM outbox)
            """)
        for try await (noticed, _) in rows.decode((Int, Int).self) { return noticed > 0 }
        return false
    }
}
