import Foundation
import Tracing

/// A carrier of W3C trace context headers (`traceparent`, `tracestate`) as a dictionary: what FloWorx writes into
/// a queued job's payload and reads back in the worker.
public struct TraceParentCarrier: Sendable, Injector, Extractor {
    public init() {}

    public func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) {
        carrier[key.lowercased()] = value
    }

    public func extract(key: String, from carrier: [String: String]) -> String? {
        carrier[key.lowercased()]
    }

    /// The `traceparent` of a job's `email_data` (as PostgreSQL prints jsonb: `"traceparent": "00-…"`), or `nil`.
    /// A scan, not a JSON decode: the pipeline decodes the payload anyway, and this runs only while tracing is on.
    public static func traceparent(inEmailData json: String) -> String? {
        guard let key = json.range(of: "\"\(EmailTraceKeys.payloadKey)\"") else { return nil }
        var rest = json[key.upperBound...].drop { $0 == " " || $0 == ":" }
        guard rest.first == "\"" else { return nil }
        rest = rest.dropFirst()
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        let value = String(rest[..<end])
        // version-traceid-parentid-flags: 2 + 32 + 16 + 2 hex digits and three dashes.
        return value.utf8.count == 55 ? value : nil
    }
}

/// Names FloWorx's email spans and their attributes use.
public enum EmailTraceKeys {
    /// The key of a job's `email_data` that carries the W3C `traceparent` of the email's ingestion span.
    public static let payloadKey = "traceparent"
    /// Span names, one per stage of an email's life.
    public static let ingest = "floworx.email.ingest"
    public static let process = "floworx.email.process"
    public static let complete = "floworx.email.complete"
    public static let fail = "floworx.email.fail"
    public static let draft = "floworx.email.draft"
    public static let secondOpinion = "floworx.email.second_opinion"
    public static let analyze = "floworx.email.analyze"
    public static let workflow = "floworx.email.workflow"
    /// The prefix of a follow-up job's span (`floworx.job.mailbox.apply`, `floworx.job.notification.deliver`).
    public static let jobPrefix = "floworx.job."
    /// A notification handed to its channel's provider (SMTP, Twilio, web push).
    public static let notificationSend = "floworx.notification.send"
}
