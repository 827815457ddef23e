import FloWorxCore
import FloWorxStore
import FloWorxTestSupport
import Foundation
import PostgresNIO
import Testing

/// Usage counters per business and billing period (issue 15): exact under concurrent writers, one notice per period.
@Suite("Billing usage")
struct BillingUsageTests {
    /// A business (an auth user; its profile comes from the sign-up trigger).
    static func business(_ db: TestDatabase, email: String) async throws -> UUID {
        let rows = try await db.database.service.query("INSERT INTO auth.users (email) VALUES (\(email)) RETURNING id")
        for try await id in rows.decode(UUID.self) { return id }
        throw CancellationError()
    }

    static func value(_ db: TestDatabase, _ query: PostgresQuery) async throws -> Int64 {
        for try await value in try await db.database.service.query(query).decode(Int64.self) { return value }
        return -1
    }

    @Test("1,000 email counts from 20 concurrent writers add up exactly, and drafts and tokens too")
    func concurrentIncrements() async throws {
        try await TestDatabase.with(connections: 8) { db in
            let first = try await Self.business(db, email: "a@usage.test")
            let second = try await Self.business(db, email: "b@usage.test")
            let usage = BillingUsageRepository(database: db.database.service)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<20 {
                    group.addTask {
                        for _ in 0..<25 {
                            // Both businesses in one statement, in alternating order: rows are locked in one order.
                            let accounts = try await usage.countEmails(writer % 2 == 0 ? [first: 1, second: 2] : [second: 2, first: 1])
                            let account = try #require(accounts[first])
                            try await usage.add([(clientId: first, periodStart: account.usage.periodStart, periodEnd: account.usage.periodEnd, drafts: 1, llmTokens: 7)])
                        }
                    }
                }
                try await group.waitForAll()
            }
            let account = try #require(try await usage.account(first))
            #expect(account.usage.emails == 500)
            #expect(account.usage.drafts == 500)
            #expect(account.usage.llmTokens == 3500)
            #expect(try await usage.account(second)?.usage.emails == 1000)
            // No subscription: the UTC calendar month, one row per business.
            #expect(account.planId == nil && account.status == nil)
            #expect(try await Self.value(db, "SELECT count(*) FROM floworx.billing_usage") == 2)
        }
    }

    @Test("a business with a current subscription counts in the subscription's period")
    func subscriptionPeriod() async throws {
        try await TestDatabase.with { db in
            let client = try await Self.business(db, email: "p@usage.test")
            let start = Date().addingTimeInterval(-3 * 86_400).wholeSeconds
            let end = start.addingTimeInterval(30 * 86_400)
            try await db.database.service.query("""
                INSERT INTO public.subscriptions (client_id, plan_id, status, current_period_start, current_period_end)
                VALUES (\(client), 'pro', 'active', \(start), \(end))
                """)
            let account = try #require(try await BillingUsageRepository(database: db.database.service).countEmails([client: 3])[client])
            #expect(account.planId == "pro" && account.status == "active")
            #expect(account.usage.periodStart == start && account.usage.periodEnd == end && account.usage.emails == 3)
        }
    }

    @Test("a notice is recorded once per period and reason, with its outbox rows, whoever asks")
    func noticeOnce() async throws {
        try await TestDatabase.with(connections: 6) { db in
            let client = try await Self.business(db, email: "n@usage.test")
            let usage = BillingUsageRepository(database: db.database.service)
            let period = Date(timeIntervalSince1970: 1_800_000_000)
            let recorded = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<10 {
                    group.addTask {
                        try await usage.noticeOnce(clientId: client, periodStart: period, reason: "email_limit",
                                                   recipients: [.init(email: "n@usage.test", name: "Owner")],
                                                   contentJSON: #"{"kind": "summary", "subject": "s", "text": "t"}"#)
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(recorded == 1)
            #expect(try await Self.value(db, "SELECT count(*) FROM floworx.notifications WHERE client_id = \(client) AND kind = 'summary'") == 1)
            // Another reason, or the next period, is told again.
            #expect(try await usage.noticeOnce(clientId: client, periodStart: period, reason: "canceled", recipients: [], contentJSON: "{}"))
            #expect(try await usage.noticeOnce(clientId: client, periodStart: period.addingTimeInterval(86_400 * 30), reason: "email_limit", recipients: [], contentJSON: "{}"))
        }
    }

    @Test("tenants cannot read or write the billing tables")
    func serviceOnly() async throws {
        try await TestDatabase.with { db in
            try await db.withConnection { connection in
                for table in ["billing_customers", "stripe_events", "stripe_objects", "billing_usage", "billing_notices"] {
                    for role in ["authenticated", "anon"] {
                        let rows = try await connection.query("SELECT has_table_privilege(\(role), \("floworx." + table), 'SELECT') OR has_table_privilege(\(role), \("floworx." + table), 'INSERT')", logger: TestCluster.logger)
                        for try await allowed in rows.decode(Bool.self) { #expect(!allowed, "\(role) on \(table)") }
                    }
                }
            }
        }
    }
}

extension Date {
    /// Whole seconds (what a timestamptz round trip keeps exactly for these tests).
    var wholeSeconds: Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down)) }
}
