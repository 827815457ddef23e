import Foundation

/// Where and how `OTLPSpanExporter` sends spans, read from the standard OpenTelemetry variables
/// (https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/).
///
/// Off by default: tracing starts only when `OTEL_TRACES_EXPORTER=otlp` or an OTLP endpoint variable is set, and
/// `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none` turn it off whatever else is set.
public struct OTLPTracingConfiguration: Sendable, Equatable {
    /// The full URL spans are posted to (`…/v1/traces`).
    public var endpoint: String
    /// Extra request headers (`OTEL_EXPORTER_OTLP_HEADERS`, e.g. an API key).
    public var headers: [String: String]
    /// One export request's time limit.
    public var timeout: Duration
    /// Resource attributes: `service.name` and `OTEL_RESOURCE_ATTRIBUTES`.
    public var resource: [String: String]
    /// The batch span processor: the longest a span waits, the most spans held (more are dropped, never waited
    /// for), and the most per request.
    public var scheduleDelay: Duration
    public var maxQueueSize: Int
    public var maxExportBatchSize: Int

    public init(
        endpoint: String, headers: [String: String] = [:], timeout: Duration = .seconds(10), resource: [String: String] = ["service.name": "floworx"],
        scheduleDelay: Duration = .seconds(5), maxQueueSize: Int = 2048, maxExportBatchSize: Int = 512
    ) {
        self.endpoint = endpoint
        self.headers = headers
        self.timeout = timeout
        self.resource = resource
        self.scheduleDelay = scheduleDelay
        self.maxQueueSize = maxQueueSize
        self.maxExportBatchSize = maxExportBatchSize
    }

    /// A variable FloWorx cannot follow, named with what it accepts.
    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    /// The configuration the variables ask for, or `nil` when tracing is off.
    public static func fromEnvironment(_ environment: [String: String]) throws -> OTLPTracingConfiguration? {
        func value(_ name: String) -> String? {
            guard let text = environment[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return text
        }
        if let disabled = value("OTEL_SDK_DISABLED") {
            switch disabled.lowercased() {
            case "true": return nil
            case "false": break
            default: throw Invalid(description: "OTEL_SDK_DISABLED must be true or false, got \(disabled)")
            }
        }
        let tracesEndpoint = value("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
        let baseEndpoint = value("OTEL_EXPORTER_OTLP_ENDPOINT")
        if let exporters = value("OTEL_TRACES_EXPORTER") {
            let names = exporters.lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if names.contains("none") { return nil }
            guard names.allSatisfy({ $0 == "otlp" }) else {
                throw Invalid(description: "OTEL_TRACES_EXPORTER must be otlp or none (FloWorx exports OTLP/HTTP only), got \(exporters)")
            }
        } else if tracesEndpoint == nil && baseEndpoint == nil {
            return nil
        }
        switch value("OTEL_TRACES_SAMPLER")?.lowercased() {
        case nil, "always_on", "parentbased_always_on": break
        case "always_off", "parentbased_always_off": return nil
        case let other?: throw Invalid(description: "OTEL_TRACES_SAMPLER must be always_on, parentbased_always_on, always_off or parentbased_always_off, got \(other)")
        }
        if let proto = value("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL") ?? value("OTEL_EXPORTER_OTLP_PROTOCOL"), proto != "http/json" {
            throw Invalid(description: "OTEL_EXPORTER_OTLP_PROTOCOL must be http/json (FloWorx sends OTLP/HTTP with JSON; collectors take it on port 4318), got \(proto)")
        }
        let endpoint: String
        if let tracesEndpoint {
            endpoint = tracesEndpoint
        } else {
            let base = baseEndpoint ?? "http://localhost:4318"
            endpoint = (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/v1/traces"
        }
        guard let url = URL(string: endpoint), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
            throw Invalid(description: "\(tracesEndpoint == nil ? "OTEL_EXPORTER_OTLP_ENDPOINT" : "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") must be an http(s) URL, got \(endpoint)")
        }
        func milliseconds(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
            guard let text = value(name) else { return fallback }
            guard let number = Int(text), range.contains(number) else {
                throw Invalid(description: "\(name) must be a whole number between \(range.lowerBound) and \(range.upperBound), got \(text)")
            }
            return number
        }
        let timeoutName = value("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT") != nil ? "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT" : "OTEL_EXPORTER_OTLP_TIMEOUT"
        let queue = try milliseconds("OTEL_BSP_MAX_QUEUE_SIZE", default: 2048, range: 1...1_000_000)
        let batch = try milliseconds("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", default: 512, range: 1...1_000_000)
        guard batch <= queue else {
            throw Invalid(description: "OTEL_BSP_MAX_EXPORT_BATCH_SIZE (\(batch)) must not exceed OTEL_BSP_MAX_QUEUE_SIZE (\(queue))")
        }
        var resource = try pairs(value("OTEL_RESOURCE_ATTRIBUTES"), name: "OTEL_RESOURCE_ATTRIBUTES")
        resource["service.name"] = value("OTEL_SERVICE_NAME") ?? resource["service.name"] ?? "floworx"
        var headers = try pairs(value("OTEL_EXPORTER_OTLP_HEADERS"), name: "OTEL_EXPORTER_OTLP_HEADERS")
        headers.merge(try pairs(value("OTEL_EXPORTER_OTLP_TRACES_HEADERS"), name: "OTEL_EXPORTER_OTLP_TRACES_HEADERS")) { _, traces in traces }
        return OTLPTracingConfiguration(
            endpoint: endpoint, headers: headers,
            timeout: .milliseconds(try milliseconds(timeoutName, default: 10_000, range: 1...600_000)),
            resource: resource,
            scheduleDelay: .milliseconds(try milliseconds("OTEL_BSP_SCHEDULE_DELAY", default: 5000, range: 1...3_600_000)),
            maxQueueSize: queue, maxExportBatchSize: batch)
    }

    /// `key=value,key2=value2` with percent-encoded values (the W3C Baggage format the OTel variables use).
    static func pairs(_ text: String?, name: String) throws -> [String: String] {
        guard let text else { return [:] }
        var pairs: [String: String] = [:]
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1)
            let key = parts.first?.trimmingCharacters(in: .whitespaces) ?? ""
            guard parts.count == 2, !key.isEmpty, let decoded = parts[1].trimmingCharacters(in: .whitespaces).removingPercentEncoding else {
                throw Invalid(description: "\(name) must be key=value pairs separated by commas, got \(text)")
            }
            pairs[key] = decoded
        }
        return pairs
    }
}
