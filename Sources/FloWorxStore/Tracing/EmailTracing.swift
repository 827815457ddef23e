import Synchronization
import Tracing

/// The tracer that receives FloWorx's email spans (ingestion, the job, pipeline stages, provider calls).
///
/// Nothing is installed by default: tracing is off, and the instrumented code pays one lock-free-in-practice read per
/// batch (ingestion, a worker's claimed batch) and one task-local read per stage. `floworx serve` and `floworx worker`
/// install an OTLP tracer when the `OTEL_*` variables ask for one (docs/operations.md, "Tracing"); tests install
/// their own. A holder of FloWorx's own rather than `InstrumentationSystem`, which can be bootstrapped only once per
/// process, so a test can install a tracer and take it away again.
public enum EmailTracing {
    private static let installed = Mutex<(any Tracer)?>(nil)
    /// A tracer for the current task and the tasks it starts only, before the installed one (tests: a test's emails
    /// go to its own receiver while other tests run untraced).
    @TaskLocal public static var scoped: (any Tracer)?

    /// The tracer in force; `nil` when tracing is off.
    public static var tracer: (any Tracer)? {
        scoped ?? installed.withLock { $0 }
    }

    /// Installs `tracer` (`nil` turns tracing off). Spans already started keep the tracer that started them.
    public static func install(_ tracer: (any Tracer)?) {
        installed.withLock { $0 = tracer }
    }

    /// Runs `body` with the W3C `traceparent` a caller sent (an ingestion request's header) as the current context,
    /// so the spans `body` starts join the caller's trace; just `body` when tracing is off or there is none, or when a
    /// context is already current (the API's request span, itself a child of that header).
    public static func withRemoteParent<T>(
        traceparent: String?, isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> T
    ) async throws -> T {
        guard let traceparent, ServiceContext.current == nil, let tracer else { return try await body() }
        var context = ServiceContext.current ?? .topLevel
        tracer.extract([EmailTraceKeys.payloadKey: traceparent], into: &context, using: TraceParentCarrier())
        return try await ServiceContext.$current.withValue(context, operation: body)
    }
}
