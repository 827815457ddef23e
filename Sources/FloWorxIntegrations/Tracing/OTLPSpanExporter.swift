import AsyncHTTPClient
import Foundation
import Logging
import Metrics
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import Synchronization

/// Sends ended spans to an OTLP/HTTP endpoint as JSON, in batches, as a service.
///
/// A span's end only appends it to a bounded queue under a lock: the pipeline never waits for the network, and when
/// the queue is full (the collector is down or slow) further spans are dropped and counted
/// (`floworx_trace_spans_total{outcome="dropped"}`), never waited for. The service posts a batch when
/// `maxExportBatchSize` spans are queued or `scheduleDelay` has passed, and everything left on shutdown.
/// A failed request is logged and its spans dropped (`outcome="failed"`); the next batch tries again.
public final class OTLPSpanExporter: Service, Sendable {
    let configuration: OTLPTracingConfiguration
    let client: HTTPClient
    let logger: Logger
    private let queue: Mutex<[OTLPFinishedSpan]>
    private let wakeUps: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    public init(configuration: OTLPTracingConfiguration, client: HTTPClient = .shared, logger: Logger) {
        self.configuration = configuration
        self.client = client
        self.logger = logger
        self.queue = Mutex([])
        (self.wakeUps, self.wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Queues an ended span; drops it when the queue is full.
    func enqueue(_ span: OTLPFinishedSpan) {
        let (accepted, batchReady) = queue.withLock { queue -> (Bool, Bool) in
            guard queue.count < configuration.maxQueueSize else { return (false, false) }
            queue.append(span)
            return (true, queue.count >= configuration.maxExportBatchSize)
        }
        if !accepted { Counter(label: "floworx_trace_spans_total", dimensions: [("outcome", "dropped")]).increment() }
        if batchReady { wake.yield() }
    }

    /// Asks the service to export what is queued now rather than at the next scheduled time.
    func flushSoon() {
        wake.yield()
    }

    /// How many ended spans wait to be sent.
    public var queued: Int { queue.withLock { $0.count } }

    public func run() async throws {
        let (wake, delay) = (self.wake, configuration.scheduleDelay)
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: delay)
                wake.yield()
            }
        }
        await withGracefulShutdownHandler {
            for await _ in wakeUps {
                await flush()
            }
        } onGracefulShutdown: {
            wake.finish()
        }
        ticker.cancel()
        // What ended during shutdown: one last export, bounded by the request timeout.
        await flush()
    }

    /// Exports everything queued now, in batches; returns when the requests are answered (or have failed).
    public func flush() async {
        while true {
            let batch: [OTLPFinishedSpan] = queue.withLock { queue in
                let count = min(queue.count, configuration.maxExportBatchSize)
                let batch = Array(queue.prefix(count))
                queue.removeFirst(count)
                return batch
            }
            guard !batch.isEmpty else { return }
            await send(batch)
        }
    }

    private func send(_ spans: [OTLPFinishedSpan]) async {
        let outcome: String
        do {
            var request = HTTPClientRequest(url: configuration.endpoint)
            request.method = .POST
            for (name, value) in configuration.headers { request.headers.add(name: name, value: value) }
            request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
            request.headers.replaceOrAdd(name: "User-Agent", value: "FloWorx-OTLP-Exporter/1")
            request.body = .bytes(ByteBuffer(bytes: try OTLPJSON.body(spans, resource: configuration.resource, scopeVersion: "1")))
            let response = try await client.execute(request, timeout: .nanoseconds(configuration.timeout.nanoseconds), logger: logger)
            // The answer (an ExportTraceServiceResponse, maybe with partial_success) is read and discarded.
            let answer = try await response.body.collect(upTo: 64 * 1024)
            if (200..<300).contains(response.status.code) {
                outcome = "exported"
            } else {
                outcome = "failed"
                logger.warning("OTLP export refused; spans dropped", metadata: [
                    "endpoint": "\(configuration.endpoint)", "status": "\(response.status.code)", "spans": "\(spans.count)",
                    "answer": "\(String(buffer: answer).prefix(200))"])
            }
        } catch {
            outcome = "failed"
            logger.warning("OTLP export failed; spans dropped", metadata: ["endpoint": "\(configuration.endpoint)", "error": "\(error)", "spans": "\(spans.count)"])
        }
        Counter(label: "floworx_trace_spans_total", dimensions: [("outcome", outcome)]).increment(by: spans.count)
    }
}

extension Duration {
    fileprivate var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
