import FloWorxCore
import FloWorxStore
import FloWorxTestSupport
import Foundation
import PostgresNIO
import Testing

/// `EmailQueue.claim` takes turns between clients: one client's backlog cannot starve another's email.
@Suite struct QueueFairnessTests {
    /// Another client of the fixture's database.
    static func otherClient(_ fixture: QueueFixture, _ name: String) async throws -> UUID {
        try await ClientSeeder(database: fixture.service).create(email: "\(name)@queue.test", passwordHash: nil, setup: try QueueFixture.hvacSetup())
    }

    /// Queues `count` bare jobs for `client`, tagged `\(prefix)-1`…, with `priority`, due `ageSeconds` ago.
    static func queue(_ fixture: QueueFixture, client: UUID, count: Int, prefix: String, priority: Int = 1, ageSeconds: Double = 60) async throws {
        try await fixture.service.query("""
            INSERT INTO public.email_queue (client_id, email_data, priority, scheduled_for)
            SELECT \(client), jsonb_build_object('tag', \(prefix)::text || '-' || i), \(priority),
                   now() - make_interval(secs => \(ageSeconds)) + i * interval '1 millisecond'
            FROM generate_series(1, \(count)) AS i
            """)
    }

    /// The case: 1,000 jobs of A (at the highest priority), then 1 of B; B's job is in the first batch.
    @Test func anotherClientsJobIsInTheFirstBatchBehindABacklog() async throws {
        try await QueueFixture.with { fixture in
            let b = try await Self.otherClient(fixture, "b")
            try await Self.queue(fixture, client: fixture.client, count: 1000, prefix: "a", priority: 100, ageSeconds: 600)
            // Due a second ago (0 s would be due 1 ms after the insert began, and a claim that quick would not see it yet).
            try await Self.queue(fixture, client: b, count: 1, prefix: "b", priority: 1, ageSeconds: 1)
            let batch = try await EmailQueue(database: fixture.service).claim(limit: 50)
            #expect(batch.count == 50)
            #expect(batch.filter { $0.clientId == b }.compactMap(QueueFixture.tag(of:)) == ["b-1"])
            // A fills the rest of the batch, in its own order: its oldest jobs.
            let aTags = Set(batch.filter { $0.clientId == fixture.client }.compactMap(QueueFixture.tag(of:)))
            #expect(aTags == Set((1...49).map { "a-\($0)" }))
        }
    }

    /// Clients take turns: every client's next job before any client's second, so two backlogs share a batch evenly.
    @Test func clientsTakeTurnsWithinABatch() async throws {
        try await QueueFixture.with { fixture in
            let b = try await Self.otherClient(fixture, "b")
            let c = try await Self.otherClient(fixture, "c")
            try await Self.queue(fixture, client: fixture.client, count: 100, prefix: "a")
            try await Self.queue(fixture, client: b, count: 100, prefix: "b")
            try await Self.queue(fixture, client: c, count: 1, prefix: "c")
            let batch = try await EmailQueue(database: fixture.service).claim(limit: 11)
            let counts = Dictionary(grouping: batch, by: \.clientId).mapValues(\.count)
            #expect(counts[c] == 1)
            #expect(counts[fixture.client] == 5)
            #expect(counts[b] == 5)
        }
    }

    /// Within a client the order is still priority, then age; a client's urgent job comes first in its turn.
    @Test func priorityStillOrdersEachClientsJobs() async throws {
        try await QueueFixture.with { fixture in
            let b = try await Self.otherClient(fixture, "b")
            try await Self.queue(fixture, client: fixture.client, count: 20, prefix: "a-low", priority: 1, ageSeconds: 600)
            try await Self.queue(fixture, client: fixture.client, count: 2, prefix: "a-high", priority: 9, ageSeconds: 1)
            try await Self.queue(fixture, client: b, count: 20, prefix: "b", priority: 1)
            let batch = try await EmailQueue(database: fixture.service).claim(limit: 4)
            let aTags = Set(batch.filter { $0.clientId == fixture.client }.compactMap(QueueFixture.tag(of:)))
            #expect(aTags == ["a-high-1", "a-high-2"])
            #expect(Set(batch.filter { $0.clientId == b }.compactMap(QueueFixture.tag(of:))) == ["b-1", "b-2"])
        }
    }

    /// A fair claim still never hands one job to two claimers, across many clients.
    @Test func concurrentFairClaimsNeverShareAJob() async throws {
        try await QueueFixture.with(connections: 10) { fixture in
            var clients = [fixture.client]
            for n in 0..<4 { clients.append(try await Self.otherClient(fixture, "c\(n)")) }
            for (index, client) in clients.enumerated() {
                try await Self.queue(fixture, client: client, count: 40 * (index + 1), prefix: "c\(index)")
            }
            let total = try await fixture.count("SELECT count(*) FROM public.email_queue")
            let queue = EmailQueue(database: fixture.service)
            let claims = try await withThrowingTaskGroup(of: [UUID].self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        var mine: [UUID] = []
                        while true {
                            let batch = try await queue.claim(limit: 7)
                            if batch.isEmpty { return mine }
                            mine += batch.map(\.id)
                        }
                    }
                }
                var all: [UUID] = []
                for try await claim in group { all += claim }
                return all
            }
            #expect(claims.count == total)
            #expect(Set(claims).count == total)
        }
    }

    /// `claimPerClient` caps one client's share of a batch, even when it is alone.
    @Test func aPerClientCapLimitsOneClientsShare() async throws {
        try await QueueFixture.with { fixture in
            let b = try await Self.otherClient(fixture, "b")
            try await Self.queue(fixture, client: fixture.client, count: 30, prefix: "a")
            try await Self.queue(fixture, client: b, count: 30, prefix: "b")
            let queue = EmailQueue(database: fixture.service, configuration: QueueConfiguration(claimPerClient: 3))
            let batch = try await queue.claim(limit: 50)
            #expect(batch.count == 6)
            try await fixture.service.query("DELETE FROM public.email_queue WHERE client_id = \(b)")
            #expect(try await queue.claim(limit: 50).count == 3)
        }
    }
}
