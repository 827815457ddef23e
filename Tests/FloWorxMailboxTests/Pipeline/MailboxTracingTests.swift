import FloWorxCore
import FloWorxIntegrations
import FloWorxLocalProviders
import FloWorxStore
import FloWorxTestSupport
import FloWorxWorker
import Foundation
import PostgresNIO
import Testing
import Tracing

/// Tracing (issue 14): the mailbox write-back an email's completion queues is part of the email's trace. The job
/// carries the email's traceparent (migration 0069), the job worker's consumer span is its child, and each Gmail call
/// is a client span under it with method, host, operation and status, never a URL, token or body.
@Suite struct MailboxTracingTests {
    @Test func theWriteBackJobAndItsGmailCallsJoinTheEmailsTrace() async throws {
        try await TraceCapture.with { capture in try await GmailFixture.with { fixture in
            try await capture.traced {
                try await fixture.deliver("010-quote-new-furnace.eml")
                // The sync job carries no trace context: its Gmail calls are not traced, the emails it ingests start traces.
                try await fixture.queueSync()
                try await fixture.workers.drain()
                let queue = EmailQueue(database: fixture.service)
                let pipeline = try EmailPipeline(
                    queue: queue, repository: ProfileRepository(database: fixture.service, logger: TestCluster.logger),
                    provider: BuiltInComposer(), configuration: WorkerConfiguration(), logger: TestCluster.logger)
                let jobs = try await queue.claim(limit: 20)
                #expect(jobs.count == 1)
                _ = try await EmailTraceScope.processing(jobs) { try await pipeline.process(jobs) }
                #expect(try await fixture.workers.drain() >= 1, "the write-back job ran")
            }

            let spans = try await capture.spans(sample: "mailbox")
            let carried = try await fixture.strings("SELECT payload->>'traceparent' FROM floworx.jobs WHERE kind = 'mailbox.apply'")
            let stored = try #require(try await fixture.credentials.credentials(integrationId: fixture.integrationId))
            let tokens = try JSONDecoder().decode(OAuthTokens.self, from: stored)
            let exported = capture.receiver.bodies.map { String(decoding: $0, as: UTF8.self) }.joined()
            try Self.check(spans, carried: carried, accessToken: tokens.accessToken, exported: exported)
        } }
    }

    /// The email's trace: ingest -> process, ingest -> the write-back job -> its Gmail calls; nothing else traced.
    static func check(_ spans: [LocalOTLPReceiver.ReceivedSpan], carried: [String], accessToken: String, exported: String) throws {
        let ingest = try #require(spans.first { $0.name == EmailTraceKeys.ingest })
        let trace = spans.filter { $0.traceId == ingest.traceId }
        let process = try #require(trace.first { $0.name == EmailTraceKeys.process })
        #expect(process.parentSpanId == ingest.spanId)

        // The write-back job carried the email's traceparent (its ingest span's, from email_data).
        #expect(carried == ["00-\(ingest.traceId)-\(ingest.spanId)-01"])

        let jobs = trace.filter { $0.name == "floworx.job.mailbox.apply" }
        #expect(jobs.count == 1)
        let job = try #require(jobs.first)
        #expect(job.kind == 5, "consumer")
        #expect(job.parentSpanId == ingest.spanId)
        #expect(job.attributes["floworx.job.kind"] == "mailbox.apply")
        #expect(job.statusCode != 2)

        // Gmail calls of the write-back: client spans under the job's span, in its time.
        let calls = trace.filter { $0.kind == 3 }
        #expect(!calls.isEmpty)
        let operations = Set(calls.compactMap { $0.attributes["floworx.provider.operation"] })
        #expect(operations.contains("users.messages.modify"), "\(operations)")
        #expect(operations.contains("users.drafts.create"), "\(operations)")
        for call in calls {
            #expect(call.attributes["floworx.provider"] == "gmail" && call.parentSpanId == job.spanId, "\(call.name)")
            #expect(call.startTimeUnixNano >= job.startTimeUnixNano && call.endTimeUnixNano <= job.endTimeUnixNano)
            #expect(["GET", "POST", "PUT", "PATCH", "DELETE"].contains(call.attributes["http.request.method"] ?? ""))
            #expect(call.attributes["server.address"] == "127.0.0.1")
            #expect(call.attributes["http.response.status_code"].flatMap { Int($0) }.map { (200..<300).contains($0) } == true)
            #expect(call.name == "\(call.attributes["http.request.method"] ?? "") gmail \(call.attributes["floworx.provider.operation"] ?? "")")
            // No URL (paths name messages, queries carry secrets elsewhere), no header, no body.
            #expect(Set(call.attributes.keys) == ["http.request.method", "server.address", "floworx.provider", "floworx.provider.operation", "http.response.status_code"])
        }
        // The sync job's Gmail calls had no trace to join: no stray root or orphan provider spans.
        #expect(spans.filter { $0.attributes["floworx.provider"] != nil }.count == calls.count)
        // No token anywhere in what was exported.
        #expect(!exported.isEmpty && !exported.contains(accessToken) && !exported.contains("Bearer"))
    }
}
