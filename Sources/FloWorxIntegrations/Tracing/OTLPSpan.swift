import Synchronization
import Tracing

/// A span of `OTLPTracer`: recorded in memory under a lock until it ends, then handed to the exporter's queue.
public final class OTLPSpan: Span {
    /// This span's context: the parent's, with this span's identity.
    public let context: ServiceContext
    let identity: OTLPSpanContext
    let parentSpanID: UInt64?
    let kind: SpanKind
    let startNanoseconds: UInt64
    let exporter: OTLPSpanExporter?
    private let state: Mutex<State>

    struct State {
        var name: String
        var attributes = SpanAttributes()
        var events: [SpanEvent] = []
        var links: [SpanLink] = []
        var status: SpanStatus?
        var ended = false
    }

    init(name: String, context: ServiceContext, identity: OTLPSpanContext, parentSpanID: UInt64?, kind: SpanKind, start: UInt64, exporter: OTLPSpanExporter?) {
        var context = context
        context.otlpSpanContext = identity
        self.context = context
        self.identity = identity
        self.parentSpanID = parentSpanID
        self.kind = kind
        self.startNanoseconds = start
        // An unsampled span is carried (its context propagates) but never exported.
        self.exporter = identity.isSampled ? exporter : nil
        self.state = Mutex(State(name: name))
    }

    public var operationName: String {
        get { state.withLock { $0.name } }
        set { state.withLock { $0.name = newValue } }
    }

    public var attributes: SpanAttributes {
        get { state.withLock { $0.attributes } }
        set { state.withLock { $0.attributes = newValue } }
    }

    public var isRecording: Bool { exporter != nil && !state.withLock { $0.ended } }

    public func setStatus(_ status: SpanStatus) {
        state.withLock { state in
            // OTel: once OK, a span stays OK; unset never overrides.
            if state.status?.code != .ok { state.status = status }
        }
    }

    public func addEvent(_ event: SpanEvent) {
        state.withLock { $0.events.append(event) }
    }

    public func recordError<Instant: TracerInstant>(_ error: any Error, attributes: SpanAttributes, at instant: @autoclosure () -> Instant) {
        var attributes = attributes
        attributes["exception.type"] = "\(type(of: error))"
        attributes["exception.message"] = "\(error)"
        addEvent(SpanEvent(name: "exception", at: instant(), attributes: attributes))
    }

    public func addLink(_ link: SpanLink) {
        state.withLock { $0.links.append(link) }
    }

    public func end<Instant: TracerInstant>(at instant: @autoclosure () -> Instant) {
        let finished: State? = state.withLock { state in
            guard !state.ended else { return nil }
            state.ended = true
            return state
        }
        guard let finished, let exporter else { return }
        exporter.enqueue(OTLPFinishedSpan(
            name: finished.name, identity: identity, parentSpanID: parentSpanID, kind: kind, startNanoseconds: startNanoseconds,
            endNanoseconds: max(instant().nanosecondsSinceEpoch, startNanoseconds), attributes: finished.attributes, events: finished.events,
            links: finished.links.compactMap { link in link.context.otlpSpanContext.map { ($0, link.attributes) } }, status: finished.status))
    }
}

/// An ended span, as the exporter sends it.
struct OTLPFinishedSpan: Sendable {
    var name: String
    var identity: OTLPSpanContext
    var parentSpanID: UInt64?
    var kind: SpanKind
    var startNanoseconds: UInt64
    var endNanoseconds: UInt64
    var attributes: SpanAttributes
    var events: [SpanEvent]
    var links: [(OTLPSpanContext, SpanAttributes)]
    var status: SpanStatus?
}
