import FloWorxStore
import HTTPTypes
import Hummingbird
import Tracing

/// One OpenTelemetry server span per API request while tracing is on (`EmailTracing.tracer`, from the `OTEL_*`
/// variables): named `<method> <route pattern>`, child of the caller's W3C `traceparent` header when it sends a
/// valid one, and the current context while the route runs, so the spans it starts (ingestion's) are its children.
///
/// Attributes: `http.request.method`, `http.route` (the route's pattern, never the raw path, which holds ids),
/// `http.response.status_code`, and `error.type` for a 5xx. No query, headers, tenant ids or tokens. Tracing off, a
/// request pays one read of the installed tracer.
struct RequestTracingMiddleware<Context: RequestContext>: RouterMiddleware {
    static var traceparent: HTTPField.Name { HTTPField.Name("traceparent")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let tracer = EmailTracing.tracer else { return try await next(request, context) }
        var parent = ServiceContext.current ?? .topLevel
        if let traceparent = request.headers[Self.traceparent] {
            tracer.extract([EmailTraceKeys.payloadKey: traceparent], into: &parent, using: TraceParentCarrier())
        }
        let method = request.method.rawValue
        let span = tracer.startSpan(method, context: parent, ofKind: .server)
        span.attributes["http.request.method"] = method
        do {
            let response = try await ServiceContext.$current.withValue(span.context) { try await next(request, context) }
            end(span, method: method, route: context.endpointPath, status: Int(response.status.code), error: nil)
            return response
        } catch {
            let status = (error as? any HTTPResponseError).map { Int($0.status.code) } ?? 500
            end(span, method: method, route: context.endpointPath, status: status, error: error)
            throw error
        }
    }

    private func end(_ span: any Span, method: String, route: String?, status: Int, error: (any Error)?) {
        // Hummingbird's file middleware names a miss "NotFound": no route matched, so no http.route (OTel).
        if let route, route != "NotFound" {
            span.operationName = method + " " + route
            span.attributes["http.route"] = route
        }
        span.attributes["http.response.status_code"] = status
        if status >= 500 {
            span.attributes["error.type"] = error.map { "\(type(of: $0))" } ?? String(status)
            span.setStatus(SpanStatus(code: .error))
        }
        span.end()
    }
}
