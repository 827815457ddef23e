import FloWorxCore
import FloWorxLocalProviders
import FloWorxStore
import FloWorxTestSupport
import Foundation
import PostgresNIO
import Testing

/// `floworx worker` processes killed with SIGKILL in the middle of syncing and writing back a Gmail mailbox: nothing
/// is lost, no message carries two FloWorx labels, and no thread gets two drafts. Needs the built `floworx` binary
/// (`swift build --build-tests` makes it); skipped when it is not there.
@Suite struct MailboxCrashTests {
    static let binary = MailboxFiles.directory.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/debug/floworx")

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: binary.path), "build the floworx binary first"))
    func killedWorkersLoseNothingAndDoNothingTwice() async throws {
        try await GmailFixture.with { fixture in
            let endpoints = try #require(await fixture.gmail.endpoints)
            let environment = [
                "DATABASE_URL": fixture.db.info.urlWithPassword, "JWT_SECRET": String(repeating: "crash-test-", count: 4),
                "FLOWORX_ENCRYPTION_KEY": GmailFixture.keyring, "FLOWORX_GOOGLE_CLIENT_ID": fixture.oauth.configuration.clientID,
                "FLOWORX_GOOGLE_CLIENT_SECRET": fixture.oauth.configuration.clientSecret, "FLOWORX_GOOGLE_AUTH_URL": endpoints.authorize,
                "FLOWORX_GOOGLE_TOKEN_URL": endpoints.token, "FLOWORX_GOOGLE_REVOKE_URL": endpoints.revoke, "FLOWORX_GMAIL_API_URL": endpoints.root,
                "FLOWORX_MAILBOX_POLL_SECONDS": "5", "FLOWORX_JOB_LEASE_SECONDS": "2", "FLOWORX_LEASE_SECONDS": "2", "LOG_LEVEL": "warning",
                "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            ]
            let messages = 30
            var delivered: [String] = []
            let template = try String(contentsOf: MailboxFiles.directory.appendingPathComponent("messages/hvac/010-quote-new-furnace.eml"), encoding: .utf8)
            for n in 0..<messages {
                let raw = template.replacingOccurrences(of: "Subject: Quote for furnace replacement", with: "Subject: Quote \(n) for furnace replacement")
                    .replacingOccurrences(of: "Message-ID: <", with: "Message-ID: <crash\(n)-")
                delivered.append(try await fixture.gmail.deliver(to: fixture.address, raw: Data(raw.utf8)))
            }
            // Three workers die by SIGKILL while work is in flight; a fourth finishes.
            for round in 0..<3 {
                let worker = try Self.start(environment)
                let before = try await fixture.count("SELECT count(*)::int FROM floworx.mailbox_effects")
                _ = try await Self.eventually(seconds: 60) { try await fixture.count("SELECT count(*)::int FROM floworx.mailbox_effects") > before + round }
                kill(worker.processIdentifier, SIGKILL)
                worker.waitUntilExit()
            }
            let last = try Self.start(environment)
            let done = try await Self.eventually(seconds: 120) {
                let filed = try await fixture.count("SELECT count(DISTINCT message_id)::int FROM floworx.mailbox_effects WHERE effect = 'filed'")
                let open = try await fixture.count("SELECT count(*)::int FROM floworx.jobs WHERE status IN ('pending', 'processing') AND kind = 'mailbox.apply'")
                return filed == messages && open == 0
            }
            last.terminate()
            last.waitUntilExit()
            if !done {
                // Say where the work stopped, so a failure on a loaded CI machine explains itself.
                let jobs = try await fixture.strings("SELECT kind || ' ' || status || ' attempts=' || attempts || ' run_at-now=' || round(extract(epoch FROM run_at - now())) || ' ' || coalesce(last_error, '') FROM floworx.jobs WHERE status <> 'completed' ORDER BY kind")
                let queue = try await fixture.strings("SELECT status || ' ' || count(*) FROM public.email_queue GROUP BY status")
                let mailbox = try await fixture.strings("SELECT coalesce(not_before::text, '-') || ' paused=' || paused FROM floworx.mailboxes")
                let log = (try? String(contentsOf: Self.logURL, encoding: .utf8)) ?? ""
                Issue.record("unfinished jobs: \(jobs)\nemail_queue: \(queue)\nmailbox: \(mailbox)\nworker log (tail): \(log.suffix(3000))")
            }
            #expect(done, "every message was filed after the crashes")
            #expect(try await fixture.count("SELECT count(*)::int FROM public.email_logs") == messages, "nothing lost, nothing queued twice")
            let floworxLabels = Set(await fixture.gmail.labelList(email: fixture.address).filter { $0.type == "user" }.map(\.id))
            for id in delivered {
                let labels = await fixture.gmail.labels(email: fixture.address, messageId: id) ?? []
                #expect(labels.filter(floworxLabels.contains).count == 1, "\(id) carries one FloWorx label")
                let thread = try #require(await fixture.gmail.message(email: fixture.address, id: id)).threadId
                #expect(await fixture.gmail.drafts(email: fixture.address, threadId: thread).count <= 1, "\(id): at most one draft")
            }
        }
    }

    /// Where the workers' logs go, read when the test fails.
    static let logURL = FileManager.default.temporaryDirectory.appendingPathComponent("floworx-crash-\(getpid()).log")
    static let log: FileHandle = {
        FileManager.default.createFile(atPath: logURL.path, contents: nil)
        return (try? FileHandle(forWritingTo: logURL)) ?? FileHandle.nullDevice
    }()

    static func start(_ environment: [String: String]) throws -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["worker"]
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = log
        try process.run()
        return process
    }

    /// Waits for a condition that another process makes true; false if it does not within the bound.
    static func eventually(seconds: Int, _ condition: () async throws -> Bool) async throws -> Bool {
        for _ in 0..<(seconds * 10) {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}
