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

/// Tracing (issue 14): one trace per email, from ingestion through the job to the worker's stages, exported as
/// OTLP/HTTP JSON to a local receiver that checks each request as a collector would.
@Suite struct EmailTracingTests {
    /// The spans of one email, ingested and processed by a running `EmailWorkerService` while a tracer exports to a
    /// local OTLP receiver: all in one trace, each stage a child of the job's span, the job's a child of ingestion.
    @Test func oneEmailIsOneTraceFromIngestionThroughItsStages() async throws {
        try await TraceCapture.with { capture in try await QueueFixture.with(connections: 10) { fixture in
            let provider = ScriptedProvider { _, _ in .reply("Thanks, we will be in touch today.") }
            let ingested = try await capture.traced {
                try await EmailWorkerServiceTests.whileRunning(
                    EmailWorkerServiceTests.service(fixture, provider: provider, configuration: EmailWorkerServiceTests.quiet)
                ) {
                    #expect(try await fixture.waitForListener())
                    let ingested = try await fixture.ingest(count: 1, prefix: "traced")
                    #expect(try await fixture.waitForCompleted(1, within: .seconds(20)))
                    return ingested
                }
            }
            let spans = try await capture.spans()
            let logId = try #require(ingested.first?.emailLogId)
            let ingest = try #require(spans.first { $0.name == "floworx.email.ingest" && $0.attributes["floworx.email_log.id"] == logId.uuidString })
            let trace = spans.filter { $0.traceId == ingest.traceId }
            func one(_ name: String) throws -> LocalOTLPReceiver.ReceivedSpan {
                let found = trace.filter { $0.name == name }
                #expect(found.count == 1, "\(name): \(found.count) spans in the email's trace")
                return try #require(found.first)
            }
            let process = try one("floworx.email.process")
            let draft = try one("floworx.email.draft")
            let complete = try one("floworx.email.complete")
            let analyze = try one("floworx.email.analyze")
            #expect(analyze.parentSpanId == process.spanId && analyze.kind == 1)
            #expect(analyze.startTimeUnixNano >= process.startTimeUnixNano && analyze.endTimeUnixNano <= draft.startTimeUnixNano)

            // Ingestion is the root; the job's span is its child; the stages are children of the job's span.
            #expect(ingest.parentSpanId == nil)
            #expect(process.parentSpanId == ingest.spanId)
            #expect(draft.parentSpanId == process.spanId)
            #expect(complete.parentSpanId == process.spanId)
            #expect(Set(trace.map(\.spanId)).count == trace.count, "span ids are unique")
            // Kinds: producer, consumer, client (the AI provider), internal.
            let kinds: [Int] = [ingest.kind, process.kind, draft.kind, complete.kind]
            #expect(kinds == [4, 5, 3, 1])
            #expect(process.attributes["floworx.email_log.id"] == logId.uuidString)
            #expect(process.attributes["messaging.message.id"] == ingested.first?.queueId?.uuidString)
            #expect(trace.allSatisfy { $0.serviceName == "floworx-test" && $0.statusCode != 2 })
            // Stages lie within the job's span, which starts after ingestion started.
            #expect(process.startTimeUnixNano >= ingest.startTimeUnixNano)
            #expect(draft.startTimeUnixNano >= process.startTimeUnixNano && draft.endTimeUnixNano <= process.endTimeUnixNano)
            #expect(complete.startTimeUnixNano >= draft.endTimeUnixNano && complete.endTimeUnixNano <= process.endTimeUnixNano)

            // The job carried the ingestion span's context as a W3C traceparent.
            let rows = try await fixture.service.query("SELECT email_data->>'traceparent' FROM public.email_queue WHERE id = \(ingested[0].queueId!)").collect()
            let carried = try rows.first?.decode(String?.self)
            #expect(carried == "00-\(ingest.traceId)-\(ingest.spanId)-01")

            if let path = ProcessInfo.processInfo.environment["FLOWORX_OTLP_SAMPLE"], let body = capture.receiver.bodies.first {
                // scripts/otlp-check validates what FloWorx sent against the opentelemetry-proto definitions.
                try body.write(to: URL(fileURLWithPath: path))
            }
        } }
    }

    /// Off by default: without a tracer nothing is recorded and the job carries no trace context.
    @Test func withoutATracerTheJobCarriesNoTraceContext() async throws {
        #expect(EmailTracing.tracer == nil)
        try await QueueFixture.with { fixture in
            let ingested = try await fixture.ingest(count: 1, prefix: "untraced")
            let rows = try await fixture.service.query("SELECT email_data ? 'traceparent' FROM public.email_queue WHERE id = \(ingested[0].queueId!)").collect()
            #expect(try rows.first?.decode(Bool.self) == false)
        }
    }

    /// A traceparent in a job's payload is found as PostgreSQL prints jsonb; malformed ones are ignored.
    @Test func theWorkerReadsTheTraceparentOfAJobsPayload() {
        let value = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
        #expect(TraceParentCarrier.traceparent(inEmailData: #"{"from": {"email": "a@b.c"}, "traceparent": "\#(value)", "message_id": "m-1"}"#) == value)
        #expect(TraceParentCarrier.traceparent(inEmailData: #"{"traceparent": "00-abc"}"#) == nil)
        #expect(TraceParentCarrier.traceparent(inEmailData: #"{"message_id": "m-1"}"#) == nil)
        #expect(OTLPSpanContext(traceparent: value)?.traceparent == value)
        #expect(OTLPSpanContext(traceparent: "00-00000000000000000000000000000000-b7ad6b7169203331-01") == nil)
        #expect(OTLPSpanContext(traceparent: "00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01") == nil)
        #expect(OTLPSpanContext(traceparent: "ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01") == nil)
    }
}
