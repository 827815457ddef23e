import FloWorxCore
import FloWorxStore
import FloWorxTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing

/// Retention (issue 14, item 6; migration 0064, `RetentionRunner`): old raw rows go, the dashboard does not change.
@Suite struct RetentionTests {
    typealias Fixture = RpcAnalyticsTests.Fixture

    /// `days` days ago at `hour`:00 UTC, as ISO 8601.
    static func ago(_ days: Int, hour: Int = 15) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let midnight = calendar.startOfDay(for: Date().addingTimeInterval(-Double(days) * 86_400))
        return ISO8601.format(midnight.addingTimeInterval(Double(hour) * 3600))
    }

    /// The local day `days` ago (UTC), `YYYY-MM-DD`.
    static func day(_ days: Int) -> String { String(ago(days).prefix(10)) }

    /// Everything the dashboard shows a caller over a range spanning old (rolled-up) and new (live) days.
    struct Dashboard: Equatable {
        var functions: [String: JSONValue] = [:]
        var report: AnalyticsRepository.Report?
        /// The web inbox, whose categories and urgencies come from `rollups.email_triage` (migration 0065).
        var inbox: [InboxRepository.Row] = []
        var supportOnly: [InboxRepository.Row] = []
    }

    static func dashboard(_ app: TestApp, _ caller: Caller, tenant: UUID?) async throws -> Dashboard {
        let range = "p_from=\(day(250))&p_to=\(day(0))"
        var dashboard = Dashboard()
        for function in ["email_volume_by_category", "escalation_summary", "response_times", "dashboard_emails"] {
            let response = try await app.request(.get, "/rest/v1/rpc/\(function)?\(range)", as: caller)
            #expect(response.status == .ok, "\(function)")
            dashboard.functions[function] = try response.json()
        }
        if let tenant {
            let identity = RequestIdentity(role: .authenticated, userId: tenant, claimsJSON: #"{"role":"authenticated","sub":"\#(tenant.uuidString.lowercased())"}"#)
            let database = app.db.database.tenant(identity)
            dashboard.report = try await AnalyticsRepository.report(from: day(250), to: day(0), on: database)
            dashboard.inbox = try await InboxRepository.list(.init(limit: 50), on: database).rows
            dashboard.supportOnly = try await InboxRepository.list(.init(category: "SUPPORT", limit: 50), on: database).rows
        }
        return dashboard
    }

    static func metric(_ app: TestApp, _ client: UUID, _ at: String, _ minutes: String) async throws {
        try await app.db.execute("""
            INSERT INTO public.performance_metrics (client_id, metric_type, metric_value, recorded_at)
            VALUES (\(client), 'time_saved_minutes', \(minutes)::numeric, \(at)::timestamptz)
            """)
    }

    static func errorLog(_ app: TestApp, _ client: UUID, _ at: String) async throws {
        try await app.db.execute("""
            INSERT INTO public.error_logs (client_id, error_type, error_message, severity, created_at)
            VALUES (\(client), 'test', 'an error', 'low', \(at)::timestamptz)
            """)
    }

    @Test func theDashboardShowsTheSameFiguresAfterRetentionAndASecondRunChangesNothing() async throws {
        try await TestApp.with { app in
            let a = try await app.signUp(TestApp.uniqueEmail("a"))
            let b = try await app.signUp(TestApp.uniqueEmail("b"))
            try await app.db.execute("""
                INSERT INTO public.business_hours (client_id, timezone, hours)
                VALUES (\(a.userId), 'America/Toronto', '{"version": 1, "weekly": {"mon": [["08:00", "17:00"]]}}'::jsonb)
                """)
            // A (Toronto): old days, one at 03:00 UTC (the local day before), and new days.
            try await Fixture.mail(app, a, at: Self.ago(200), status: "processed", category: "SALES", urgency: "high", draftAfter: 60, replyAfter: 600)
            try await Fixture.mail(app, a, at: Self.ago(200, hour: 3), status: "escalated", category: "URGENT", urgency: "critical", draftAfter: 120, breached: true)
            try await Fixture.mail(app, a, at: Self.ago(120), status: "processed", category: "SALES", urgency: "normal", correctedTo: "SUPPORT", draftAfter: 180)
            // Old, but its reply came 60 days later: that event is young enough to stay.
            try await Fixture.mail(app, a, at: Self.ago(130), status: "processed", category: "SUPPORT", urgency: "low", draftAfter: 30, replyAfter: 60 * 86_400)
            try await Fixture.mail(app, a, at: Self.ago(10), status: "processed", category: "SALES", urgency: "high", draftAfter: 90, replyAfter: 900)
            try await Fixture.mail(app, a, at: Self.ago(2), status: "pending", category: nil, urgency: nil)
            // B (UTC): one old, one new.
            try await Fixture.mail(app, b, at: Self.ago(150), status: "escalated", category: "SALES", urgency: "low", draftAfter: 5)
            try await Fixture.mail(app, b, at: Self.ago(3), status: "processed", category: "SALES", urgency: "low")
            try await app.db.execute("UPDATE public.email_logs SET body = 'Hello, body of ' || id")
            for (client, days, minutes) in [(a.userId, 200, "2.50"), (a.userId, 120, "3.25"), (a.userId, 5, "4.00"), (b.userId, 150, "1.75"), (b.userId, 1, "1.00")] {
                try await Self.metric(app, client, Self.ago(days), minutes)
            }
            for (client, days) in [(a.userId, 60), (a.userId, 1), (b.userId, 45)] { try await Self.errorLog(app, client, Self.ago(days)) }

            let before = (a: try await Self.dashboard(app, .user(a), tenant: a.userId),
                          b: try await Self.dashboard(app, .user(b), tenant: b.userId),
                          all: try await Self.dashboard(app, .service, tenant: nil))
            // The range holds old days and new ones, with what only the events know (categories, breaches, replies).
            let volume = try #require(before.a.functions["email_volume_by_category"]?.arrayValue)
            #expect(volume.contains { $0["day"]?.stringValue == Self.day(120) && $0["category"]?.stringValue == "SUPPORT" })
            #expect(volume.contains { $0["day"]?.stringValue == Self.day(10) })
            #expect(before.a.report?.minutesSaved == 9.75)
            // Old mail in the inbox has its category and urgency (after retention: from the rollup).
            #expect(before.a.inbox.count == 6)
            #expect(before.a.inbox.filter { $0.receivedAt < Date().addingTimeInterval(-100 * 86_400) }.compactMap(\.category).sorted() == ["SALES", "SUPPORT", "SUPPORT", "URGENT"])
            #expect(before.a.supportOnly.count == 2)
            let eventsBefore = try await app.db.count("SELECT count(*)::int FROM public.analytics_events")
            let youngEvents = try await app.db.count("SELECT count(*)::int FROM public.analytics_events WHERE timestamp > now() - interval '89 days'")

            // Batches of 2 rows and 7 days per transaction, so every loop turns more than once.
            let runner = RetentionRunner(database: app.db.database.service, policy: RetentionPolicy(
                eventsDays: 90, metricsDays: 90, errorLogsDays: 30, bodiesDays: 30, batchSize: 2, rollupDays: 7))
            let report = try await runner.run()
            #expect(report.eventsDeleted == eventsBefore - youngEvents)
            #expect(report.eventsDeleted >= 8)
            #expect(report.metricsDeleted == 3)
            #expect(report.errorLogsDeleted == 2)
            #expect(report.bodiesCleared == 5)
            #expect(report.eventsRolledThrough == Self.day(90))
            #expect(report.eventDaysRolledUp > 14)

            #expect(try await Self.dashboard(app, .user(a), tenant: a.userId) == before.a)
            #expect(try await Self.dashboard(app, .user(b), tenant: b.userId) == before.b)
            #expect(try await Self.dashboard(app, .service, tenant: nil) == before.all)

            // The raw rows are gone; the young ones and every email row stay, bodies cleared only on old mail.
            #expect(try await app.db.count("SELECT count(*)::int FROM public.analytics_events WHERE timestamp < now() - interval '91 days'") == 0)
            #expect(try await app.db.count("SELECT count(*)::int FROM public.analytics_events") == youngEvents)
            #expect(try await app.db.count("SELECT count(*)::int FROM public.performance_metrics") == 2)
            #expect(try await app.db.count("SELECT count(*)::int FROM public.error_logs") == 1)
            #expect(try await app.db.count("SELECT count(*)::int FROM public.email_logs") == 8)
            #expect(try await app.db.count("SELECT count(*)::int FROM public.email_logs WHERE body IS NULL") == 5)
            #expect(try await app.db.count("SELECT count(*)::int FROM public.email_logs WHERE body IS NOT NULL AND created_at > now() - interval '30 days'") == 3)

            // A business reads only its own rollup rows.
            for (session, other) in [(a, b), (b, a)] {
                let identity = RequestIdentity(role: .authenticated, userId: session.userId, claimsJSON: #"{"role":"authenticated","sub":"\#(session.userId.uuidString.lowercased())"}"#)
                let owners = try await app.db.database.tenant(identity).transaction { connection in
                    var owners: Set<UUID> = []
                    for try await owner in try await connection.query("SELECT client_id FROM rollups.analytics_daily UNION SELECT client_id FROM rollups.performance_daily").decode(UUID.self) {
                        owners.insert(owner)
                    }
                    return owners
                }
                #expect(owners == [session.userId], "not \(other.userId)")
            }

            // Idempotent: a second run finds nothing to do and changes nothing.
            let again = try await runner.run()
            #expect(again.isEmpty, "\(again)")
            #expect(try await Self.dashboard(app, .user(a), tenant: a.userId) == before.a)
            #expect(try await Self.dashboard(app, .service, tenant: nil) == before.all)
        }
    }

    @Test func oneProcessClaimsTheDailyRun() async throws {
        try await TestApp.with { app in
            let runner = RetentionRunner(database: app.db.database.service, policy: .standard)
            #expect(try await runner.claim(interval: .seconds(86_400)))
            #expect(try await !runner.claim(interval: .seconds(86_400)))
            try await runner.release(interval: .seconds(86_400), retry: .zero)
            #expect(try await runner.claim(interval: .seconds(86_400)))
        }
    }
}
