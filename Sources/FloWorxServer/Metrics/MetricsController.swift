import Crypto
import FloWorxStore
import Foundation
import Hummingbird
import Metrics
import Prometheus
import Synchronization

/// `GET /metrics`: the Prometheus text exposition of this process's metrics plus the queue depths read from the
/// database at scrape time. Operators only: it answers when `FLOWORX_METRICS_TOKEN` is set, to
/// `Authorization: Bearer <token>`; without a token configured it is off (404), so nothing is exposed by default.
struct MetricsController: Sendable {
    let token: String?
    let queues: QueueDepthReader

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/metrics") { request, _ in await APIError.handle(request) { try await scrape(request) } }
    }

    func scrape(_ request: Request) async throws -> Response {
        guard let token, !token.isEmpty else {
            throw APIError(.notFound, "metrics_disabled", "metrics are off: set FLOWORX_METRICS_TOKEN to serve them")
        }
        guard let presented = request.headers[.authorization], presented.hasPrefix("Bearer "),
              Self.equal(String(presented.dropFirst(7)), token)
        else {
            throw APIError(.unauthorized, "metrics_unauthorized", "GET /metrics needs Authorization: Bearer <FLOWORX_METRICS_TOKEN>")
        }
        await recordQueueDepths()
        var buffer: [UInt8] = []
        FloWorxMetrics.registry.emit(into: &buffer)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: buffer))
        )
    }

    /// Queue depth gauges, refreshed from the database. A failed read is itself a metric, not a failed scrape: the
    /// process's own metrics matter most when the database is in trouble.
    func recordQueueDepths() async {
        do {
            let depths = try await queues.read()
            // Every queue reported before (and the email queue always) reads 0 when nothing waits in it now, rather
            // than keeping its last value.
            let queues = Self.reportedQueues.withLock { reported in
                reported.formUnion(depths.map(\.queue))
                return reported
            }
            for queue in queues {
                for status in ["pending", "processing"] {
                    let depth = depths.first { $0.queue == queue && $0.status == status }
                    Gauge(label: "floworx_queue_depth", dimensions: [("queue", queue), ("status", status)]).record(depth?.count ?? 0)
                    if status == "pending" {
                        Gauge(label: "floworx_queue_oldest_due_age_seconds", dimensions: [("queue", queue)]).record(depth?.oldestDueSeconds ?? 0)
                    }
                }
            }
        } catch {
            Counter(label: "floworx_metrics_queue_read_errors_total").increment()
        }
    }

    /// The queues this process has reported (job kinds are a small fixed vocabulary, so this stays small).
    static let reportedQueues = Mutex<Set<String>>(["email"])

    /// Compares in constant time (digests of equal length), so the token cannot be guessed byte by byte.
    static func equal(_ presented: String, _ expected: String) -> Bool {
        SHA256.hash(data: Data(presented.utf8)) == SHA256.hash(data: Data(expected.utf8))
    }
}
