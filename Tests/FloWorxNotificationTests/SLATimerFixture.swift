import FloWorxCore
import FloWorxStore
import FloWorxTestSupport
import Foundation
import Logging
import PostgresNIO
import Testing

/// Businesses, emails and timers for the SLA timer tests, written straight to the database.
enum SLATimerFixture {
    static let logger = Logger(label: "sla-test")

    /// Two owners (one without a phone) and a service manager who is no owner.
    static let managers = #"""
        [{"name": "Dana Moss", "email": "Dana@Northwind.test", "phone": "+12045550101", "roles": ["owner"]},
         {"name": "Sam Ortiz", "email": "sam@northwind.test", "roles": ["owner", "sales"]},
         {"name": "Tom Reid", "email": "tom@northwind.test", "phone": "+12045550199", "roles": ["service"]}]
        """#

    /// A business (auth user and profile) with `managers`, a first-response target and, when `sms` or `alerts` are
    /// given, a `notification_settings` row. Returns its id.
    static func business(_ db: TestDatabase, managers: String = managers, contactEmail: String? = nil, sms: Bool? = nil, alerts: Bool = true) async throws -> UUID {
        let id = UUID()
        let contact = contactEmail.map { #", "contact": {"name": "Front Desk", "email": "\#($0)"}"# } ?? ""
        let config = #"{"version": 1, "business": {"name": "Northwind Heating", "type": "hvac", "timezone": "America/Winnipeg"}, "sla": {"first_response_minutes": 60}\#(contact)}"#
        try await execute(db, "INSERT INTO auth.users (id, email) VALUES (\(id), \("owner-\(id.uuidString.prefix(8).lowercased())@example.com"))")
        try await execute(db, "UPDATE public.profiles SET client_config = \(config)::jsonb, managers = \(managers)::jsonb WHERE id = \(id)")
        if sms != nil || !alerts {
            try await execute(db, """
                INSERT INTO public.notification_settings (client_id, sms_notifications, escalation_alerts) VALUES (\(id), \(sms ?? false), \(alerts))
                """)
        }
        return id
    }

    /// A processed customer email of `client` with a pending timer due in a day (a test makes it due with `makeDue`).
    static func emailWithTimer(_ db: TestDatabase, client: UUID, subject: String = "Quote for a new furnace", thread: String? = nil) async throws -> UUID {
        let log = try await email(db, client: client, subject: subject)
        let now = Date()
        try await SLATimerRepository(database: db.database.service).start([(log, client, SLATimerStart(
            startedAt: now, dueAt: now.addingTimeInterval(86_400), targetMinutes: 60, category: .sales, threadId: thread))])
        return log
    }

    /// A processed email of `client`.
    static func email(_ db: TestDatabase, client: UUID, subject: String = "Quote for a new furnace") async throws -> UUID {
        let rows = try await db.database.service.query("""
            INSERT INTO public.email_logs (client_id, message_id, from_email, to_email, subject, body, status)
            VALUES (\(client), \("<\(UUID().uuidString)@customer.test>"), 'jordan.lee@gmail.test', 'office@northwind.test', \(subject),
                    'Could you quote a new furnace?', 'processed')
            RETURNING id
            """)
        for try await id in rows.decode(UUID.self) { return id }
        throw FixtureError()
    }

    /// Puts a timer's due time in the past (no test waits for a clock).
    static func makeDue(_ db: TestDatabase, _ log: UUID) async throws {
        try await execute(db, "UPDATE floworx.sla_timers SET started_at = now() - interval '2 hours', due_at = now() - interval '1 minute' WHERE email_log_id = \(log)")
    }

    static func execute(_ db: TestDatabase, _ query: PostgresQuery) async throws {
        for try await _ in try await db.database.service.query(query) {}
    }

    static func count(_ db: TestDatabase, _ query: PostgresQuery) async throws -> Int {
        for try await value in try await db.database.service.query(query).decode(Int.self) { return value }
        throw FixtureError()
    }

    static func text(_ db: TestDatabase, _ query: PostgresQuery) async throws -> String? {
        for try await value in try await db.database.service.query(query).decode(String?.self) { return value }
        return nil
    }

    /// The notifications of one email as `channel recipient status [reason]` lines, sorted.
    static func notifications(_ db: TestDatabase, _ log: UUID) async throws -> [String] {
        var lines: [String] = []
        let rows = try await db.database.service.query("""
            SELECT channel, recipient, status, coalesce(reason, '') FROM floworx.notifications WHERE email_log_id = \(log) AND kind = 'sla_breach'
            """)
        for try await (channel, recipient, status, reason) in rows.decode((String, String, String, String).self) {
            lines.append([channel, recipient, status, reason].filter { !$0.isEmpty }.joined(separator: " "))
        }
        return lines.sorted()
    }

    struct FixtureError: Error {}
}
