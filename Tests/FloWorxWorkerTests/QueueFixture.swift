import FloWorxCore
import FloWorxStore
import FloWorxTestSupport
import Foundation
import PostgresNIO

/// A fresh migrated database with one seeded client (the mailbox's HVAC business), and the helpers the queue,
/// pipeline and worker tests share: ingesting test emails, building completions, and reading rows back.
struct QueueFixture: Sendable {
    let db: TestDatabase
    /// The seeded client.
    let client: UUID

    var service: ServiceDatabase { db.database.service }

    /// Runs `body` with a new database, a pool of `connections` and one client.
    static func with<Result: Sendable>(connections: Int = 6, _ body: (QueueFixture) async throws -> Result) async throws -> Result {
        try await TestDatabase.with(connections: connections) { db in
            let client = try await ClientSeeder(database: db.database.service).create(email: "owner@queue.test", passwordHash: nil, setup: try hvacSetup())
            return try await body(QueueFixture(db: db, client: client))
        }
    }

    // MARK: Clients and emails

    /// The mailbox's HVAC client: auto-reply on, prices not allowed, escalation rules for emergencies.
    static func hvacSetup() throws -> ClientSetup {
        try JSONCoding.decoder().decode(ClientSetup.self, from: Data(contentsOf: Mailbox.directory.appendingPathComponent("clients/hvac.json")))
    }

    /// A client built from a JSON `ClientSetup` document.
    func seedClient(email: String, setupJSON: String) async throws -> UUID {
        let setup = try JSONCoding.decoder().decode(ClientSetup.self, from: Data(setupJSON.utf8))
        return try await ClientSeeder(database: service).create(email: email, passwordHash: nil, setup: setup)
    }

    /// A quote request the HVAC client drafts a reply to (SALES, not escalated), with its own message id.
    static func quoteRequest(messageId: String, from sender: String? = nil) throws -> EmailMessage {
        let file = Mailbox.directory.appendingPathComponent("messages/hvac/011-central-ac-quote.json")
        var message = try JSONCoding.decoder().decode(EmailMessage.self, from: Data(contentsOf: file))
        message.messageId = messageId
        if let sender { message.from = EmailAddress(email: sender, name: nil) }
        return message
    }

    /// Ingests `count` quote requests with message ids `\(prefix)-0`, `\(prefix)-1`…
    @discardableResult
    func ingest(count: Int, prefix: String = "m", priority: Int = 1, from sender: String? = nil, client: UUID? = nil) async throws -> [IngestedEmail] {
        let emails = try (0..<count).map { index in
            var email = try Mailbox.newEmail(Self.quoteRequest(messageId: "\(prefix)-\(index)", from: sender), client: client ?? self.client)
            email.priority = priority
            return email
        }
        return try await EmailIngestRepository(database: service).ingest(emails)
    }

    /// Inserts a bare job (no email log) tagged `tag`, due in `seconds` (negative: overdue); `priority` may be NULL.
    func insertJob(tag: String, priority: Int?, dueIn seconds: Double) async throws -> UUID {
        let rows = try await service.query("""
            INSERT INTO public.email_queue (client_id, email_data, priority, scheduled_for)
            VALUES (\(client), jsonb_build_object('tag', \(tag)::text), \(priority), now() + make_interval(secs => \(seconds)))
            RETURNING id
            """).collect()
        return try rows[0].decode(UUID.self)
    }

    /// The `tag` a job was inserted with by `insertJob`.
    static func tag(of job: ClaimedJob) -> String? {
        let object = try? JSONSerialization.jsonObject(with: Data(job.emailDataJSON.utf8)) as? [String: Any]
        return object?["tag"] as? String
    }

    /// A completion with one draft (`text`), one event tagged with `text` and one metric.
    static func completion(_ job: ClaimedJob, text: String, status: String = "processed") -> JobCompletion {
        JobCompletion(
            job: job, finalStatus: status,
            draft: DraftReply(text: text, confidence: 0.876, model: "test-model", tokensUsed: 42),
            events: [(type: "test_completed", dataJSON: #"{"by": "\#(text)"}"#)],
            metrics: [(type: "processing_time_ms", value: 12.345)]
        )
    }

    // MARK: Reading rows

    /// The first column of the first row, as an integer (counts).
    func count(_ query: PostgresQuery) async throws -> Int {
        try await Self.readable {
            let rows = try await service.query(query).collect()
            return try rows[0].decode(Int.self)
        }
    }

    /// The first column of every row, as text.
    func strings(_ query: PostgresQuery) async throws -> [String] {
        try await Self.readable {
            var values: [String] = []
            for try await value in try await service.query(query).decode(String.self) { values.append(value) }
            return values
        }
    }

    /// One row's status and retry count in `email_queue`.
    func job(_ id: UUID) async throws -> (status: String, retryCount: Int) {
        let rows = try await service.query("SELECT status, coalesce(retry_count, 0) FROM public.email_queue WHERE id = \(id)").collect()
        return try rows[0].decode((String, Int).self)
    }

    /// Seconds from now until the job is due.
    func secondsUntilDue(_ id: UUID) async throws -> Double {
        let rows = try await service.query("SELECT extract(epoch FROM scheduled_for - now())::float8 FROM public.email_queue WHERE id = \(id)").collect()
        return try rows[0].decode(Double.self)
    }

    /// An email log's status.
    func logStatus(_ id: UUID) async throws -> String {
        try await strings("SELECT status FROM public.email_logs WHERE id = \(id)")[0]
    }

    /// Makes a retried job due now, so the test can claim it again without waiting for its backoff.
    func makeDue(_ id: UUID) async throws {
        try await service.query("UPDATE public.email_queue SET scheduled_for = now() WHERE id = \(id)")
    }

    /// Sets `updated_at` of jobs to `seconds` ago. The updated_at trigger would overwrite it, so it is switched off
    /// for this one transaction (each test has a database of its own).
    func backdate(_ ids: [UUID], seconds: Double) async throws {
        try await Self.readable {
            try await service.transaction { connection in
                try await connection.query("ALTER TABLE public.email_queue DISABLE TRIGGER update_email_queue_updated_at")
            try await connection.query("UPDATE public.email_queue SET updated_at = now() - make_interval(secs => \(seconds)) WHERE id = ANY(\(ids)::uuid[])")
            try await connection.query("ALTER TABLE public.email_queue ENABLE TRIGGER update_email_queue_updated_at")
            }
        }
    }

    /// A database error with PostgreSQL's message, which `PSQLError` only shows when reflected.
    struct QueryFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// `error`, with PostgreSQL's message if it is a `PSQLError`.
    static func describe(_ error: any Error) -> any Error {
        (error as? PSQLError).map { QueryFailure(description: String(reflecting: $0)) } ?? error
    }

    /// Runs `body`, turning a `PSQLError` into a `QueryFailure` that says what went wrong.
    static func readable<Result>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as PSQLError {
            throw QueryFailure(description: String(reflecting: error))
        }
    }

    // MARK: Waiting

    /// Polls the count `query` every 50 ms until it reaches `expected` or `deadline` passes; returns whether it did.
    /// For outcomes produced by background workers; the deadline bounds a hang, it measures nothing.
    func waitForCount(_ query: PostgresQuery, toReach expected: Int, within deadline: Duration = .seconds(20)) async throws -> Bool {
        let end = ContinuousClock.now + deadline
        while ContinuousClock.now < end {
            if try await count(query) >= expected { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await count(query) >= expected
    }

    /// Waits until workers have completed `expected` jobs.
    func waitForCompleted(_ expected: Int, within deadline: Duration = .seconds(20)) async throws -> Bool {
        try await waitForCount("SELECT count(*) FROM public.email_queue WHERE status = 'completed'", toReach: expected, within: deadline)
    }

    /// Waits until a worker service's LISTEN connection is up.
    func waitForListener() async throws -> Bool {
        try await waitForCount("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN%'", toReach: 1)
    }
}
