import FloWorxIntegrations
import FloWorxStore
import Foundation
import Logging
import ServiceLifecycle

/// Tracing from the standard OpenTelemetry variables (docs/operations.md, "Tracing"): off unless
/// `OTEL_TRACES_EXPORTER=otlp` or `OTEL_EXPORTER_OTLP_ENDPOINT` / `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is set;
/// `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none` turn it off. An email's spans (ingestion, its job,
/// pipeline stages, the AI provider's draft) go to the endpoint as OTLP/HTTP JSON.
struct TracingSettings {
    var configuration: OTLPTracingConfiguration?

    static func fromEnvironment() throws -> TracingSettings {
        do {
            return TracingSettings(configuration: try OTLPTracingConfiguration.fromEnvironment(ProcessInfo.processInfo.environment))
        } catch let error as OTLPTracingConfiguration.Invalid {
            throw ConfigurationError(error.description)
        }
    }

    /// Installs the tracer and returns the exporter, to run first in the service group so that it stops last and
    /// sends the spans of the work that drained before it; nothing when tracing is off.
    func services(logger: Logger) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        guard let configuration else { return [] }
        let exporter = OTLPSpanExporter(configuration: configuration, logger: logger)
        EmailTracing.install(OTLPTracer(exporter: exporter))
        logger.info("tracing on: spans go to \(configuration.endpoint)", metadata: ["service.name": "\(configuration.resource["service.name"] ?? "")"])
        return [.init(service: exporter)]
    }
}
