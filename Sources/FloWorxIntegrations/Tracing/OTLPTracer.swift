import Tracing

/// A `Tracer` of swift-distributed-tracing that records spans and exports them with OTLP/HTTP (`OTLPSpanExporter`).
///
/// Parent-based sampling: a span inherits its parent's sampled flag, a root span is sampled. Context propagates as a
/// W3C `traceparent` (`inject`/`extract`). FloWorx's own rather than swift-otel's: see docs/operations.md, "Tracing".
public struct OTLPTracer: Tracer {
    public typealias Span = OTLPSpan

    let exporter: OTLPSpanExporter

    public init(exporter: OTLPSpanExporter) {
        self.exporter = exporter
    }

    public func startSpan<Instant: TracerInstant>(
        _ operationName: String, context: @autoclosure () -> ServiceContext, ofKind kind: SpanKind, at instant: @autoclosure () -> Instant,
        function: String, file fileID: String, line: UInt
    ) -> OTLPSpan {
        var parentContext = context()
        let parent = parentContext.otlpSpanContext
        parentContext.tracer = self
        let identity = OTLPSpanContext(
            traceIDHigh: parent?.traceIDHigh ?? OTLPSpanContext.randomID(), traceIDLow: parent?.traceIDLow ?? OTLPSpanContext.randomID(),
            spanID: OTLPSpanContext.randomID(), flags: parent?.flags ?? 1, isRemote: false)
        return OTLPSpan(
            name: operationName, context: parentContext, identity: identity, parentSpanID: parent?.spanID, kind: kind,
            start: instant().nanosecondsSinceEpoch, exporter: exporter)
    }

    public func forceFlush() {
        exporter.flushSoon()
    }

    public func inject<Carrier, Inject>(_ context: ServiceContext, into carrier: inout Carrier, using injector: Inject)
    where Inject: Injector, Carrier == Inject.Carrier {
        guard let span = context.otlpSpanContext else { return }
        injector.inject(span.traceparent, forKey: "traceparent", into: &carrier)
    }

    public func extract<Carrier, Extract>(_ carrier: Carrier, into context: inout ServiceContext, using extractor: Extract)
    where Extract: Extractor, Carrier == Extract.Carrier {
        guard let value = extractor.extract(key: "traceparent", from: carrier), let span = OTLPSpanContext(traceparent: value) else { return }
        context.otlpSpanContext = span
        context.tracer = self
    }
}
