import FloWorxCore
import FloWorxIntegrations
import FloWorxLocalProviders
import FloWorxStore
import FloWorxTestSupport
import FloWorxWorker
import Foundation
import PostgresNIO
import Synchronization
import Testing
import Tracing

/// Tracing (issue 14): an escalated email's alerts carry the trace context of the job that wrote them (migration
/// 0070), their delivery jobs carry it on, and each delivery is a consumer span of the email's trace with the send to
/// the channel's provider a client span under it.
@Suite struct NotificationTracingTests {
    /// An email transport that records what it was asked to send, and whether a span was current while it sent.
    final class RecordingTransport: NotificationTransport {
        let sent = Mutex<[(UUID, Bool)]>([])
        func send(_ notification: StoredNotification, content: AlertContent) async throws -> String? {
            let traced = ServiceContext.current?.otlpSpanContext != nil
            sent.withLock { $0.append((notification.id, traced)) }
            return "<sent-\(notification.id)@test>"
        }
    }

    static func deliveries(_ fixture: QueueFixture, transport: RecordingTransport) -> JobWorkerService {
        JobWorkerService(
            queue: JobQueue(database: fixture.service),
            handler: NotificationDeliveryHandler(
                repository: NotificationRepository(database: fixture.service), transports: NotificationTransports(email: transport),
                renderer: AlertRenderer(), logger: TestCluster.logger),
            listenConnection: nil, configuration: JobWorkerConfiguration(), logger: TestCluster.logger)
    }

    /// Ingest and process one emergency email; inside `EmailTraceScope.processing` as the email worker does.
    static func processEmergency(_ fixture: QueueFixture) async throws {
        _ = try await EmailIngestRepository(database: fixture.service).ingest([
            try Mailbox.newEmail(try NotificationOutboxTests.emergency(messageId: "traced-alert"), client: fixture.client),
        ])
        let queue = EmailQueue(database: fixture.service)
        let pipeline = try EmailPipeline(
            queue: queue, repository: ProfileRepository(database: fixture.service, logger: TestCluster.logger),
            provider: BuiltInComposer(), configuration: WorkerConfiguration(), logger: TestCluster.logger)
        let jobs = try await queue.claim(limit: 10)
        #expect(jobs.count == 1)
        let result = try await EmailTraceScope.processing(jobs) { try await pipeline.process(jobs) }
        #expect(result.escalated == 1)
    }

    @Test func anAlertsDeliveryIsASpanOfItsEmailsTrace() async throws {
        try await TraceCapture.with { capture in try await QueueFixture.with { fixture in
            let transport = RecordingTransport()
            try await capture.traced {
                try await Self.processEmergency(fixture)
                #expect(try await Self.deliveries(fixture, transport: transport).drain() >= 1)
            }

            let spans = try await capture.spans(sample: "notification")
            let process = try #require(spans.first { $0.name == EmailTraceKeys.process })
            let trace = spans.filter { $0.traceId == process.traceId }
            let expected = "00-\(process.traceId)-\(process.spanId)-01"
            // Every pending alert row and its delivery job carry the email job's span.
            let rows = try await fixture.strings("""
                SELECT coalesce(n.traceparent, '-') || '|' || coalesce(j.payload->>'traceparent', '-')
                FROM floworx.notifications n JOIN floworx.jobs j ON j.dedupe_key = n.id::text AND j.kind = 'notification.deliver'
                """)
            #expect(!rows.isEmpty && rows.allSatisfy { $0 == expected + "|" + expected }, "\(rows)")

            let sent = transport.sent.withLock { $0 }
            #expect(!sent.isEmpty && sent.allSatisfy(\.1), "sent inside a span")
            let deliveries = trace.filter { $0.name == "floworx.job.notification.deliver" }
            let sends = trace.filter { $0.name == EmailTraceKeys.notificationSend }
            #expect(deliveries.count == rows.count)
            #expect(sends.count == sent.count)
            for delivery in deliveries {
                #expect(delivery.kind == 5 && delivery.parentSpanId == process.spanId && delivery.statusCode != 2)
                #expect(delivery.attributes["floworx.job.kind"] == "notification.deliver")
            }
            for send in sends {
                #expect(send.kind == 3)
                #expect(deliveries.contains { $0.spanId == send.parentSpanId })
                #expect(send.attributes["floworx.notification.channel"] == "email")
                #expect(send.attributes["floworx.notification.kind"] == "escalation")
            }
            // No recipient in what was exported.
            let exported = capture.receiver.bodies.map { String(decoding: $0, as: UTF8.self) }.joined()
            #expect(!exported.contains("priya@northlinehvac.ca"))
        } }
    }

    /// Tracing off: the alert rows and their jobs carry no trace context, and delivery still sends.
    @Test func withoutATracerAlertsCarryNoTraceContext() async throws {
        #expect(EmailTracing.tracer == nil)
        try await QueueFixture.with { fixture in
            try await Self.processEmergency(fixture)
            let transport = RecordingTransport()
            #expect(try await Self.deliveries(fixture, transport: transport).drain() >= 1)
            #expect(try await fixture.count("SELECT count(*) FROM floworx.notifications WHERE traceparent IS NOT NULL") == 0)
            #expect(try await fixture.count("SELECT count(*) FROM floworx.jobs WHERE payload ? 'traceparent'") == 0)
            let sent = transport.sent.withLock { $0 }
            #expect(!sent.isEmpty && sent.allSatisfy { !$0.1 })
        }
    }
}
