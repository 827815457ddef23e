import Tracing

/// Where the tracer of a context's span lives in a `ServiceContext`, so code that sees only the task's context (a
/// provider's HTTP client, a notification transport) can start a child span without a tracer of its own.
/// `OTLPTracer` puts itself there in every span's context and in every context it extracts.
enum SpanTracerKey: ServiceContextKey {
    typealias Value = any Tracer
    static var nameOverride: String? { "floworx-tracer" }
}

extension ServiceContext {
    /// The tracer that made this context's span; `nil` when the context holds none (tracing off, or no span).
    public var tracer: (any Tracer)? {
        get { self[SpanTracerKey.self] }
        set { self[SpanTracerKey.self] = newValue }
    }
}

/// Child spans of the task's current span for calls to other services (mailbox providers, notification channels).
///
/// Without traced work in progress (tracing off, or a task no span covers) there is no span: the caller pays one
/// task-local read, and the name and attributes, taken as autoclosures, are never built.
public enum ChildSpan {
    /// A child of `ServiceContext.current`'s span, started by its tracer, or `nil`.
    public static func start(_ name: @autoclosure () -> String, kind: SpanKind = .client) -> (any Span)? {
        guard let context = ServiceContext.current, let tracer = context.tracer else { return nil }
        return tracer.startSpan(name(), context: context, ofKind: kind)
    }

    /// Runs `body` in a child span of the current span (`attributes` set on it), ending it when `body` returns, or
    /// marked failed with the error's type when it throws; just `body` without traced work in progress.
    public static func run<T>(
        _ name: @autoclosure () -> String, kind: SpanKind = .client, attributes: @autoclosure () -> [(String, String)] = [],
        isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> T
    ) async throws -> T {
        guard let span = start(name(), kind: kind) else { return try await body() }
        span.updateAttributes { spanAttributes in
            for (key, value) in attributes() { spanAttributes[key] = value }
        }
        do {
            let result = try await ServiceContext.$current.withValue(span.context, operation: body)
            span.end()
            return result
        } catch {
            fail(span, error)
            throw error
        }
    }

    /// Ends `span` as failed: `error.type` is the error's type (never its text, which may quote a provider's answer).
    public static func fail(_ span: any Span, _ error: any Error, type: String? = nil) {
        span.attributes["error.type"] = type ?? "\(Swift.type(of: error))"
        span.setStatus(SpanStatus(code: .error))
        span.end()
    }
}
