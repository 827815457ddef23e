import FloWorxIntegrations
import FloWorxLocalProviders
import FloWorxStore
import Foundation

/// What the tracing tests share: a local OTLP receiver (which refuses what a collector would), an `OTLPTracer`
/// exporting to it, and the spans it accepted.
public struct TraceCapture: Sendable {
    public let receiver: LocalOTLPReceiver
    public let exporter: OTLPSpanExporter

    /// Runs `body` with a started receiver; stops it afterwards.
    public static func with<T: Sendable>(_ body: (TraceCapture) async throws -> T) async throws -> T {
        let receiver = LocalOTLPReceiver()
        let base = try await receiver.start()
        let exporter = OTLPSpanExporter(
            configuration: OTLPTracingConfiguration(endpoint: base + "/v1/traces", resource: ["service.name": "floworx-test"]),
            logger: TestCluster.logger)
        do {
            let result = try await body(TraceCapture(receiver: receiver, exporter: exporter))
            await receiver.stop()
            return result
        } catch {
            await receiver.stop()
            throw error
        }
    }

    /// Runs `body` with this capture's tracer installed for the current task and the tasks it starts.
    public func traced<T>(isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> T) async throws -> T {
        try await EmailTracing.$scoped.withValue(OTLPTracer(exporter: exporter), operation: body)
    }

    /// The receiver refused a request: FloWorx sent what a collector would refuse.
    public struct Refused: Error, CustomStringConvertible {
        public var description: String
    }

    /// Every span accepted once what was ended has been exported; throws `Refused` if any request was refused. With
    /// `sample`, the bodies are saved beside `$FLOWORX_OTLP_SAMPLE` for scripts/otlp-check (CI).
    public func spans(sample: String? = nil) async throws -> [LocalOTLPReceiver.ReceivedSpan] {
        await exporter.flush()
        guard receiver.refusals.isEmpty else { throw Refused(description: "the receiver refused: \(receiver.refusals)") }
        if let sample { try receiver.saveSamples(sample) }
        return receiver.spans
    }
}
