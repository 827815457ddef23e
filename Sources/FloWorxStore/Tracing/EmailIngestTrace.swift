import Foundation
import Tracing

/// The ingestion spans of one batch of new emails: one `floworx.email.ingest` span per email, the root of its trace
/// (or a child of the caller's span: an HTTP request or a mailbox sync that carries trace context), whose W3C
/// `traceparent` is written into the queued job so the worker's spans join the same trace.
struct EmailIngestTrace {
    let spans: [any Span]
    /// "client id|message id" of each span's email.
    let keys: [String]
    /// One per email, in order: what `EmailIngestRepository` writes into each job's `email_data`.
    let traceparents: [String]

    init(tracer: any Tracer, emails: [NewEmail]) {
        let parent = ServiceContext.current ?? .topLevel
        var spans: [any Span] = []
        var traceparents: [String] = []
        self.keys = emails.map { EmailTraceScope.key($0.clientId, $0.messageId) }
        spans.reserveCapacity(emails.count)
        traceparents.reserveCapacity(emails.count)
        for email in emails {
            let span = tracer.startSpan(EmailTraceKeys.ingest, context: parent, ofKind: .producer)
            span.updateAttributes { attributes in
                attributes["messaging.system"] = "postgresql"
                attributes["messaging.destination.name"] = "email_queue"
                attributes["floworx.client.id"] = email.clientId.uuidString
                attributes["floworx.integration.id"] = email.integrationId?.uuidString
            }
            var carrier: [String: String] = [:]
            tracer.inject(span.context, into: &carrier, using: TraceParentCarrier())
            spans.append(span)
            traceparents.append(carrier[EmailTraceKeys.payloadKey] ?? "")
        }
        self.spans = spans
        self.traceparents = traceparents
    }

    /// Ends the spans with what ingestion did: the email log and job made, or a redelivery of a known message.
    func end(_ results: [IngestedEmail], error: (any Error)?) {
        let byKey = Dictionary(results.map { (EmailTraceScope.key($0.clientId, $0.messageId), $0) }, uniquingKeysWith: { first, _ in first })
        for (index, span) in spans.enumerated() {
            if let error {
                span.recordError(error)
                span.setStatus(SpanStatus(code: .error, message: "\(type(of: error))"))
            } else if let result = byKey[keys[index]] {
                span.updateAttributes { attributes in
                    attributes["floworx.email_log.id"] = result.emailLogId.uuidString
                    attributes["messaging.message.id"] = result.queueId?.uuidString
                    attributes["floworx.email.redelivery"] = !result.created
                }
            }
            span.end()
        }
    }
}
