import FloWorxCore
import FloWorxStore
import FloWorxTestSupport
import FloWorxWorker
import Foundation
import PostgresNIO

/// What the Gmail and Outlook fixtures share: one connected mailbox of the HVAC business on a fresh database, and
/// the workers that move its mail.
protocol MailboxTestFixture: Sendable {
    var db: TestDatabase { get }
    var client: UUID { get }
    var integrationId: UUID { get }
    var configuration: MailboxConfiguration { get }
    var credentials: CredentialsRepository { get }
}

extension MailboxTestFixture {
    var service: ServiceDatabase { db.database.service }

    /// The mailbox job workers, as `floworx serve` runs them (without LISTEN: tests drain explicitly).
    var workers: JobWorkerService {
        JobWorkerService(
            queue: JobQueue(database: service),
            handler: MailboxJobHandler(database: service, credentials: credentials, configuration: configuration, logger: TestCluster.logger),
            listenConnection: nil, configuration: JobWorkerConfiguration(), logger: TestCluster.logger
        )
    }

    /// Queues a sync (what a push or the scheduler does).
    func queueSync() async throws {
        try await JobQueue(database: service).enqueue([NewJob(
            kind: MailboxJobKind.sync, dedupeKey: integrationId.uuidString.lowercased(), integrationId: integrationId, clientId: client
        )])
    }

    /// Runs queued mailbox jobs, then the email pipeline on what they queued, then the write-back jobs it queued.
    func syncAndProcess() async throws {
        try await queueSync()
        try await workers.drain()
        try await runPipeline()
        try await workers.drain()
    }

    /// The email pipeline (built-in composer) on every queued email.
    func runPipeline() async throws {
        let queue = EmailQueue(database: service)
        let pipeline = try EmailPipeline(
            queue: queue, repository: ProfileRepository(database: service, logger: TestCluster.logger),
            provider: BuiltInComposer(), configuration: WorkerConfiguration(), logger: TestCluster.logger
        )
        while true {
            let jobs = try await queue.claim(limit: 20)
            if jobs.isEmpty { return }
            _ = try await pipeline.process(jobs)
        }
    }

    func strings(_ query: PostgresQuery) async throws -> [String] {
        var values: [String] = []
        for try await value in try await service.query(query).decode(String.self) { values.append(value) }
        return values
    }

    func count(_ query: PostgresQuery) async throws -> Int {
        try await service.query(query).collect().first?.decode(Int.self) ?? 0
    }

    /// The HVAC business of Tests/Mailbox on a fresh database.
    static func seedBusiness(_ db: TestDatabase) async throws -> UUID {
        let setup = try JSONCoding.decoder().decode(ClientSetup.self, from: Data(contentsOf: MailboxFiles.directory.appendingPathComponent("clients/hvac.json")))
        return try await ClientSeeder(database: db.database.service).create(email: "owner@northlinehvac.ca", passwordHash: nil, setup: setup)
    }
}
