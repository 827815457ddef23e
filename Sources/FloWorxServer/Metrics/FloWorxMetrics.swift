import Metrics
import Prometheus
import Synchronization

/// The process's metrics: swift-metrics bootstrapped once onto a Prometheus registry, with names and labels made to
/// follow Prometheus conventions (`snake_case`, `_total` on counters, `_seconds` on durations).
///
/// Labels never carry a tenant id (cardinality): routes are templates (`/rest/v1/{table}`), jobs are labelled by kind.
public enum FloWorxMetrics {
    private static let bootstrapped = Mutex(false)

    /// The registry `/metrics` renders.
    public static var registry: PrometheusCollectorRegistry { PrometheusMetricsFactory.defaultRegistry }

    /// Bootstraps swift-metrics onto the Prometheus registry; later calls do nothing (the metrics system can only be
    /// bootstrapped once per process, and tests build many servers in one).
    public static func bootstrap() {
        let first = bootstrapped.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.nameAndLabelSanitizer = { name, labels in
            (prometheusName(name), labels.map { (labelName($0.0), $0.1) })
        }
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10),
        ]
        MetricsSystem.bootstrap(factory)
    }

    /// The registry in the Prometheus text format, as `/metrics` serves it (for a process without a listener, and
    /// for tests that read their own numbers).
    public static func render() -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Hummingbird's metric names in Prometheus's conventions; FloWorx's own already follow them.
    static let renamed: [String: String] = [
        "hb.requests": "http_server_requests_total",
        "hb.request.errors": "http_server_request_errors_total",
        "http.server.request.duration": "http_server_request_duration_seconds",
        "http.server.active_requests": "http_server_active_requests",
    ]

    static let renamedLabels: [String: String] = [
        "http.route": "route",
        "http.request.method": "method",
        "http.response.status_code": "status",
        "error.type": "status",
    ]

    static func prometheusName(_ name: String) -> String {
        sanitize(renamed[name] ?? name)
    }

    static func labelName(_ name: String) -> String {
        sanitize(renamedLabels[name] ?? name)
    }

    private static func sanitize(_ name: String) -> String {
        String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") ? $0 : "_" })
    }
}
