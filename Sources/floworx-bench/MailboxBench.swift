import ArgumentParser
import FloWorxCore
import FloWorxIntegrations
import FloWorxLocalProviders
import FloWorxServer
import FloWorxStore
import FloWorxWorker
import Foundation
import Hummingbird
import PostgresNIO

/// Mailboxes end to end (issue 9's benchmark): `--mailboxes` connected mailboxes on the local Gmail and Graph servers
/// (half each), push on (Gmail Pub/Sub pushes and Graph notifications to a listening FloWorx), `--rate` new messages
/// per second spread over them for `--duration` seconds. Prints p50/p99 from the provider accepting a message to its
/// label and draft written back, provider calls and Gmail quota units per processed email, CPU per email, and the
/// idle cost (calls per minute with no new mail, next to polling every mailbox once a minute).
struct MailboxBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mailbox", abstract: "Measure mailbox sync and write-back latency, calls per email and idle cost.")

    @OptionGroup var database: BenchDatabase
    @Option(help: "Connected mailboxes (half Gmail, half Outlook).") var mailboxes = 1_000
    @Option(help: "New messages per second, spread over the mailboxes.") var rate = 20.0
    @Option(help: "Seconds of load.") var duration = 600.0
    @Option(help: "Seconds without new mail to measure the idle cost.") var idle = 60.0
    @Option(help: "Email worker loops.") var workers = 2
    @Option(help: "Mailbox job worker loops.") var jobWorkers = 8

    func run() async throws {
        let options = self
        try await database.withDatabase(connections: workers + jobWorkers + 12) { db, info in try await options.measure(db, info) }
    }

    func measure(_ db: Database, _ info: DatabaseConnectionInfo) async throws {
        let logger = database.logger
        let oauth = try LocalGoogleOAuth()
        let gmail = try LocalGmailServer(oauth: oauth)
        let gmailURL = try await gmail.start()
        let graph = LocalGraphServer()
        let graphURL = try await graph.start()
        let cipher = try CredentialCipher(keyring: "bench:" + Data(repeating: 3, count: 32).base64EncodedString())
        let topic = "projects/floworx-bench/topics/gmail"
        // FloWorx's HTTP server, for the pushes.
        let port = AsyncStream.makeStream(of: Int.self)
        var serverConfiguration = MailboxServerConfiguration()
        serverConfiguration.gmailPush = GmailPushConfiguration(jwksURL: gmailURL + "/oauth2/v3/certs", audience: "bench", serviceAccountEmail: "gmail-push@floworx-local.iam.gserviceaccount.com")
        let app = FloWorxServer.application(ServerDependencies(
            database: db, tokens: try await TokenService.make(secret: String(repeating: "b", count: 40)), cipher: cipher,
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0), logger: logger, mailbox: serverConfiguration
        )) { bound in port.continuation.yield(bound) }
        let server = Task { try await app.runService() }
        var ports = port.stream.makeAsyncIterator()
        guard let listening = await ports.next() else { throw BenchError(description: "the server did not start") }
        await gmail.configurePush(LocalGmailServer.PushRoute(topicName: topic, endpoint: "http://127.0.0.1:\(listening)/api/v1/webhooks/gmail", audience: "bench"))

        var configuration = MailboxConfiguration()
        configuration.gmail = GmailClient(configuration: .init(baseURL: gmailURL))
        configuration.graph = GraphClient(configuration: .init(baseURL: graphURL))
        configuration.gmailTopic = topic
        configuration.graphNotificationURL = "http://127.0.0.1:\(listening)/api/v1/webhooks/graph"

        stage("server listening on \(listening)")
        // Businesses and their mailboxes.
        let template = try JSONCoding.decoder().decode(ClientSetup.self, from: Data(contentsOf: BenchMailbox.directory().appendingPathComponent("clients/hvac.json")))
        let seeder = ClientSeeder(database: db.service), credentials = CredentialsRepository(database: db.service, cipher: cipher)
        let run = String(UUID().uuidString.prefix(6).lowercased())
        var addresses: [(address: String, provider: String)] = []
        var renewals: [NewJob] = []
        for index in 0..<mailboxes {
            let provider = index.isMultiple(of: 2) ? "gmail" : "outlook"
            let address = "box\(index)-\(run)@bench.test"
            let client = try await seeder.create(email: address, passwordHash: nil, setup: template)
            let integration = try await IntegrationRepository(database: db.service).integration(clientId: client, provider: provider)
            var checkpoint: String?
            let tokens: OAuthTokens
            if provider == "gmail" {
                let access = await gmail.addMailbox(email: address)
                tokens = OAuthTokens(accessToken: access.accessToken, refreshToken: access.refreshToken, expiresAt: Date().addingTimeInterval(3_000))
                checkpoint = String(access.historyId)
            } else {
                tokens = OAuthTokens(accessToken: (await graph.addMailbox(email: address)).accessToken, refreshToken: nil, expiresAt: nil)
            }
            _ = try await credentials.store(try JSONEncoder().encode(tokens), integrationId: integration.id)
            try await MailboxRepository(database: db.service).connect(
                integrationId: integration.id, clientId: client, provider: provider, address: address, checkpoint: checkpoint,
                checkpointSeq: Int64(checkpoint ?? "0") ?? 0, backfillFrom: provider == "outlook" ? Date() : nil
            )
            addresses.append((address, provider))
            renewals.append(NewJob(kind: MailboxJobKind.renew, dedupeKey: integration.id.uuidString.lowercased(), integrationId: integration.id, clientId: client))
            renewals.append(NewJob(kind: MailboxJobKind.sync, dedupeKey: integration.id.uuidString.lowercased(), integrationId: integration.id, clientId: client))
        }
        let queue = JobQueue(database: db.service)
        try await queue.enqueue(renewals)
        stage("\(mailboxes) mailboxes connected")

        var jobConfiguration = JobWorkerConfiguration()
        jobConfiguration.concurrency = jobWorkers
        let emailWorkers = try EmailWorkerService(
            database: db, listenConnection: info, provider: BuiltInComposer(), configuration: WorkerConfiguration(concurrency: workers, batchSize: 20), logger: logger
        )
        let jobService = JobWorkerService(
            queue: queue, handler: MailboxJobHandler(database: db.service, credentials: credentials, configuration: configuration, logger: logger),
            listenConnection: info, configuration: jobConfiguration, logger: logger
        )
        let scheduler = MailboxScheduler(database: db.service, configuration: configuration, logger: logger)
        let tasks = [Task { try await emailWorkers.run() }, Task { try await jobService.run() }, Task { try await scheduler.run() }]
        try await waitForQuiet(db)
        stage("push set up; load starts")
        await gmail.resetCounters()
        let graphBefore = await graph.counters()

        // Load: one message every 1/rate seconds, to mailboxes in turn.
        let files = try FileManager.default.contentsOfDirectory(atPath: BenchMailbox.directory().appendingPathComponent("messages/hvac").path)
            .filter { $0.hasSuffix(".eml") }.sorted()
        // The UTF-8 ones (a few fixtures are Latin-1 on purpose): the load substitutes a unique Message-ID in the text.
        let raws = try files.compactMap { String(data: try Data(contentsOf: BenchMailbox.directory().appendingPathComponent("messages/hvac/" + $0)), encoding: .utf8) }
        let total = Int(rate * duration)
        let interval = Duration.microseconds(Int64(1_000_000 / rate))
        let cpuBefore = cpuSeconds()
        let start = ContinuousClock.now
        var delivered: [(provider: String, id: String, at: Date)] = []
        for n in 0..<total {
            try await Task.sleep(until: start + interval * n, clock: .continuous)
            let (address, provider) = addresses[(n * 7919) % addresses.count]
            let raw = raws[n % raws.count].replacingOccurrences(of: "Message-ID: <", with: "Message-ID: <bench\(n)-")
            let at = Date()
            let id = provider == "gmail" ? try await gmail.deliver(to: address, raw: Data(raw.utf8)) : try await graph.deliver(to: address, raw: raw)
            delivered.append((provider, id, at))
        }
        try await waitForQuiet(db)
        let cpu = cpuSeconds() - cpuBefore
        let gmailCalls = await gmail.totalCallCounts
        let graphAfter = await graph.counters()
        var units = 0
        for (address, provider) in addresses where provider == "gmail" { units += await gmail.quotaUnits(email: address) }

        // Latency: from delivery to the last write-back effect of the message (label or folder, draft).
        var latencies: [String: [Double]] = ["gmail": [], "outlook": []]
        var finished: [String: Date] = [:]
        for try await (message, at) in try await db.service.query("""
            SELECT message_id, max(created_at) FROM floworx.mailbox_effects WHERE effect IN ('filed', 'draft') GROUP BY message_id
            """).decode((String, Date).self) { finished[message] = at }
        for item in delivered { if let end = finished[item.id] { latencies[item.provider, default: []].append(end.timeIntervalSince(item.at) * 1000) } }

        // Idle: no new mail.
        await gmail.resetCounters()
        let graphIdleBefore = await graph.counters()
        try await Task.sleep(for: .seconds(idle))
        let idleGmail = (await gmail.totalCallCounts).values.reduce(0, +)
        let idleGraph = Self.calls(await graph.counters(), minus: graphIdleBefore)
        for task in tasks { task.cancel() }
        for task in tasks { _ = try? await task.value }
        server.cancel()
        _ = try? await server.value
        await gmail.stop()
        await graph.stop()

        let gmailEmails = latencies["gmail"]?.count ?? 0, outlookEmails = latencies["outlook"]?.count ?? 0
        let processed = gmailEmails + outlookEmails
        let gmailTotal = gmailCalls.filter { !["watch", "stop"].contains($0.key) }.values.reduce(0, +)
        let graphTotal = Self.calls(graphAfter, minus: graphBefore)
        report([
            "mailboxes": mailboxes, "rate_offered": Double(total) / duration, "delivered": total, "processed": processed,
            "gmail_p50_ms": percentile(latencies["gmail"] ?? [], 0.5), "gmail_p99_ms": percentile(latencies["gmail"] ?? [], 0.99),
            "outlook_p50_ms": percentile(latencies["outlook"] ?? [], 0.5), "outlook_p99_ms": percentile(latencies["outlook"] ?? [], 0.99),
            "gmail_calls_per_email": gmailEmails == 0 ? 0 : Double(gmailTotal) / Double(gmailEmails),
            "gmail_calls_by_method": gmailCalls, "gmail_units_per_email": gmailEmails == 0 ? 0 : Double(units) / Double(gmailEmails),
            "graph_calls_per_email": outlookEmails == 0 ? 0 : Double(graphTotal) / Double(outlookEmails),
            "cpu_ms_per_email_including_local_servers": processed == 0 ? 0 : cpu * 1000 / Double(processed),
            "idle_calls_per_minute": Double(idleGmail + idleGraph) * 60 / idle,
            "polling_peer_calls_per_minute": Double(mailboxes),
        ])
    }

    /// Progress on stderr (stdout is the JSON result).
    func stage(_ text: String) {
        FileHandle.standardError.write(Data("[mailbox bench] \(text)\n".utf8))
    }

    /// Waits until no email or mailbox job is pending or running.
    func waitForQuiet(_ db: Database) async throws {
        var quietFor = 0
        while quietFor < 3 {
            try await Task.sleep(for: .milliseconds(500))
            let busy = try await db.service.query("""
                SELECT (SELECT count(*) FROM public.email_queue WHERE status IN ('pending', 'processing'))
                     + (SELECT count(*) FROM floworx.jobs WHERE status IN ('pending', 'processing') AND run_at <= now() + interval '2 seconds')
                """).collect().first?.decode(Int.self) ?? 0
            quietFor = busy == 0 ? quietFor + 1 : 0
        }
    }

    static func calls(_ after: [String: Int], minus before: [String: Int]) -> Int {
        after.filter { !$0.key.hasPrefix("subscriptions") && $0.key != "throttled" }.reduce(0) { $0 + $1.value - (before[$1.key] ?? 0) }
    }

    func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
    }

    func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}
