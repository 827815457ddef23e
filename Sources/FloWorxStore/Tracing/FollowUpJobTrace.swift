import Foundation
import Tracing

/// The span of a follow-up job an email caused (`floworx.jobs`: its mailbox write-back, the delivery of its alerts),
/// whose payload carries the email's W3C `traceparent`: a consumer span named `floworx.job.<kind>`, child of that
/// context, under which the job's provider calls are client spans.
public enum FollowUpJobTrace {
    /// Runs `body` (one attempt of `job`, its outcome as the result) in the job's span when a tracer is installed and
    /// the payload carries trace context, with the span as `ServiceContext.current`; otherwise just `body`. `failure`
    /// names the error type of an outcome that failed (`nil`: it did not, e.g. a postponement).
    public static func run<T>(
        _ job: ServiceJob, isolation: isolated (any Actor)? = #isolation, _ body: () async -> T, failure: (T) -> String?
    ) async -> T {
        guard let tracer = EmailTracing.tracer, let traceparent = TraceParentCarrier.traceparent(inEmailData: job.payloadJSON) else {
            return await body()
        }
        var parent = ServiceContext.current ?? .topLevel
        tracer.extract([EmailTraceKeys.payloadKey: traceparent], into: &parent, using: TraceParentCarrier())
        let span = tracer.startSpan(EmailTraceKeys.jobPrefix + job.kind, context: parent, ofKind: .consumer)
        span.updateAttributes { attributes in
            attributes["messaging.system"] = "postgresql"
            attributes["messaging.destination.name"] = "floworx.jobs"
            attributes["messaging.message.id"] = job.id.uuidString
            attributes["floworx.job.kind"] = job.kind
            attributes["floworx.job.attempt"] = job.attempts
        }
        let result = await ServiceContext.$current.withValue(span.context, operation: body)
        if let type = failure(result) {
            span.attributes["error.type"] = type
            span.setStatus(SpanStatus(code: .error))
        }
        span.end()
        return result
    }
}
