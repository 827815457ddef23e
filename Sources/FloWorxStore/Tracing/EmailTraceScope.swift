import Foundation
import Tracing

/// The spans of the emails one worker batch is processing: each claimed job's `floworx.email.process` span, a child
/// of the email's ingestion span (whose `traceparent` the job carries), and the stage spans under it.
///
/// It exists only while a tracer is installed (`EmailTracing`): the static helpers read the task-local `current`
/// and, when it is `nil`, call their body directly, so instrumented stages cost one task-local read when tracing is
/// off.
public final class EmailTraceScope: Sendable {
    /// The scope of the batch the current task processes.
    @TaskLocal public static var current: EmailTraceScope?

    let tracer: any Tracer
    /// Job id → its process span.
    let spans: [UUID: any Span]
    /// "client id|provider message id" → job id, for stages that see the message but not the job (drafts).
    let jobsByMessage: [String: UUID]

    init(tracer: any Tracer, jobs: [ClaimedJob]) {
        self.tracer = tracer
        var spans: [UUID: any Span] = [:]
        var jobsByMessage: [String: UUID] = [:]
        for job in jobs {
            var parent = ServiceContext.topLevel
            if let traceparent = TraceParentCarrier.traceparent(inEmailData: job.emailDataJSON) {
                tracer.extract([EmailTraceKeys.payloadKey: traceparent], into: &parent, using: TraceParentCarrier())
            }
            let span = tracer.startSpan(EmailTraceKeys.process, context: parent, ofKind: .consumer)
            span.updateAttributes { attributes in
                attributes["messaging.system"] = "postgresql"
                attributes["messaging.destination.name"] = "email_queue"
                attributes["messaging.message.id"] = job.id.uuidString
                attributes["floworx.client.id"] = job.clientId.uuidString
                attributes["floworx.email_log.id"] = job.emailLogId?.uuidString
                attributes["floworx.job.retry_count"] = job.retryCount
            }
            spans[job.id] = span
            if let messageId = Self.messageId(inEmailData: job.emailDataJSON) {
                jobsByMessage[Self.key(job.clientId, messageId)] = job.id
            }
        }
        self.spans = spans
        self.jobsByMessage = jobsByMessage
    }

    /// Runs a worker's batch `body` with a process span per job when a tracer is installed; otherwise just `body`.
    public static func processing<T>(
        _ jobs: [ClaimedJob], isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> T
    ) async throws -> T {
        guard let tracer = EmailTracing.tracer, !jobs.isEmpty else { return try await body() }
        let scope = EmailTraceScope(tracer: tracer, jobs: jobs)
        do {
            let result = try await $current.withValue(scope, operation: body)
            scope.endAll(error: nil)
            return result
        } catch {
            scope.endAll(error: error)
            throw error
        }
    }

    /// Runs `body` as the stage `name` of each of `jobs` (one span per email under its process span, all with the
    /// stage's start and end): a batched stage such as the completion statement.
    public static func stage<T>(
        _ name: String, jobs: @autoclosure () -> [ClaimedJob], kind: SpanKind = .internal,
        isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> T
    ) async rethrows -> T {
        guard let scope = current else { return try await body() }
        let spans = jobs().compactMap { scope.child(name, of: $0.id, kind: kind) }
        do {
            let result = try await body()
            for span in spans { span.end() }
            return result
        } catch {
            for span in spans { Self.end(span, error: error) }
            throw error
        }
    }

    /// Runs `body` as the stage `name` of one job's email.
    public static func stage<T>(_ name: String, job: ClaimedJob, kind: SpanKind = .internal, _ body: () throws -> T) rethrows -> T {
        guard let scope = current, let span = scope.child(name, of: job.id, kind: kind) else { return try body() }
        do {
            let result = try body()
            span.end()
            return result
        } catch {
            Self.end(span, error: error)
            throw error
        }
    }

    /// Runs `body` as the stage `name` of the email `messageId` of `clientId` (a stage that sees the message, not
    /// its job: a draft from the AI provider). `ServiceContext.current` is the stage's span while `body` runs, so a
    /// client that propagates trace context sends it on.
    public static func stage<T>(
        _ name: String, clientId: UUID, messageId: String, kind: SpanKind = .client,
        isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> T
    ) async rethrows -> T {
        guard let scope = current, let job = scope.jobsByMessage[key(clientId, messageId)],
              let span = scope.child(name, of: job, kind: kind)
        else { return try await body() }
        do {
            let result = try await ServiceContext.$current.withValue(span.context, operation: body)
            span.end()
            return result
        } catch {
            end(span, error: error)
            throw error
        }
    }

    /// Marks a job's process span failed (`type` as `error.type`): the attempt will be retried or dead-lettered.
    public static func failed(_ job: ClaimedJob, type: String, message: String) {
        guard let span = current?.spans[job.id] else { return }
        span.attributes["error.type"] = type
        span.setStatus(SpanStatus(code: .error, message: message))
    }

    /// The W3C traceparent of job `id`'s process span (what the alerts its completion writes carry), or `nil`.
    public func traceparent(of id: UUID) -> String? {
        guard let span = spans[id] else { return nil }
        var carrier: [String: String] = [:]
        tracer.inject(span.context, into: &carrier, using: TraceParentCarrier())
        return carrier[EmailTraceKeys.payloadKey]
    }

    func child(_ name: String, of job: UUID, kind: SpanKind) -> (any Span)? {
        guard let parent = spans[job] else { return nil }
        return tracer.startSpan(name, context: parent.context, ofKind: kind)
    }

    func endAll(error: (any Error)?) {
        for span in spans.values {
            if let error { Self.end(span, error: error) } else { span.end() }
        }
    }

    static func end(_ span: any Span, error: any Error) {
        span.recordError(error)
        span.setStatus(SpanStatus(code: .error, message: "\(type(of: error))"))
        span.end()
    }

    static func key(_ clientId: UUID, _ messageId: String) -> String {
        clientId.uuidString + "|" + messageId
    }

    /// The `message_id` of a job's `email_data` as PostgreSQL prints jsonb; `nil` when it holds an escape (that
    /// message's draft then has no span, rather than the payload being decoded twice).
    static func messageId(inEmailData json: String) -> String? {
        guard let key = json.range(of: "\"message_id\": \"") else { return nil }
        let rest = json[key.upperBound...]
        guard let end = rest.firstIndex(where: { $0 == "\"" || $0 == "\\" }), rest[end] == "\"" else { return nil }
        return String(rest[..<end])
    }
}
