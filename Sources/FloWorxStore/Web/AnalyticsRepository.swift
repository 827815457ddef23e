import Foundation
import PostgresNIO

/// The web app's analytics: the security-invoker functions of migration 0035 (and `performance_metrics` with its
/// daily rollup, migration 0064), called as the owner, so row-level security keeps each business to its own mail.
public enum AnalyticsRepository {
    /// Emails of one local day and category (`nil`: not classified).
    public struct Volume: Sendable, Hashable {
        public var day: String
        public var category: String?
        public var emails: Int
    }

    /// One local day's totals.
    public struct DaySummary: Sendable, Hashable {
        public var day: String
        public var total: Int
        public var escalated: Int
        public var slaBreaches: Int
    }

    /// One email's times: arrival, first draft, first reply sent from a draft.
    public struct EmailTimes: Sendable, Hashable {
        public var receivedAt: Date
        public var draftedAt: Date?
        public var repliedAt: Date?
    }

    /// What the analytics page shows for the local days `from`…`to` (`YYYY-MM-DD`, inclusive).
    public struct Report: Sendable, Hashable {
        public var volume: [Volume]
        public var days: [DaySummary]
        public var emails: [EmailTimes]
        /// Minutes a person would have spent (the pipeline's `time_saved_minutes` metrics).
        public var minutesSaved: Double
    }

    /// The report of the owner whose identity `tenant` carries.
    public static func report(from: String, to: String, on tenant: TenantDatabase) async throws -> Report {
        let business = tenant.business
        return try await tenant.transaction { connection in
            var volume: [Volume] = []
            for try await (day, category, emails) in try await connection.query("""
                SELECT day::text, category, emails::int FROM public.email_volume_by_category(\(from)::date, \(to)::date)
                """).decode((String, String?, Int).self) {
                volume.append(Volume(day: day, category: category, emails: emails))
            }
            var days: [DaySummary] = []
            for try await (day, total, escalated, breaches) in try await connection.query("""
                SELECT day::text, total::int, escalated::int, sla_breaches::int FROM public.escalation_summary(\(from)::date, \(to)::date)
                """).decode((String, Int, Int, Int).self) {
                days.append(DaySummary(day: day, total: total, escalated: escalated, slaBreaches: breaches))
            }
            var emails: [EmailTimes] = []
            for try await (received, drafted, replied) in try await connection.query("""
                SELECT received_at, drafted_at, replied_at FROM public.dashboard_emails(\(from)::date, \(to)::date)
                """).decode((Date, Date?, Date?).self) {
                emails.append(EmailTimes(receivedAt: received, draftedAt: drafted, repliedAt: replied))
            }
            // The same local days as the functions: the business's time zone, UTC without one. Days that retention
            // rolled up (migration 0064) come from the rollup, the others from the raw rows.
            let saved = try await connection.query("""
                SELECT (coalesce((
                  SELECT sum(m.metric_value) FROM (
                    SELECT p.client_id, p.metric_value, (p.recorded_at AT TIME ZONE coalesce(h.timezone, 'UTC'))::date AS day
                    FROM public.performance_metrics p
                    LEFT JOIN public.business_hours h ON h.client_id = p.client_id
                    WHERE p.client_id = \(business) AND p.metric_type = 'time_saved_minutes'
                  ) m
                  WHERE m.day BETWEEN \(from)::date AND \(to)::date
                    AND NOT EXISTS (SELECT 1 FROM rollups.performance_daily r
                                    WHERE r.client_id = m.client_id AND r.day = m.day AND r.metric_type = 'time_saved_minutes')
                ), 0) + coalesce((
                  SELECT sum(r.total) FROM rollups.performance_daily r
                  WHERE r.client_id = \(business) AND r.metric_type = 'time_saved_minutes' AND r.day BETWEEN \(from)::date AND \(to)::date
                ), 0))::float8
                """).collect().first?.decode(Double.self) ?? 0
            return Report(volume: volume, days: days, emails: emails, minutesSaved: saved)
        }
    }
}
