import FloWorxCore
import FloWorxStore
import Foundation
import Hummingbird
import HTTPTypes
import NIOCore
import PostgresNIO

/// `POST /api/v1/emails`: accepts messages for a client as normalized JSON or raw RFC 5322 and queues each new one
/// exactly once. A redelivered message answers 200 with its existing record; a new one 201.
///
/// The service key may ingest for any client (`client_id` query parameter) at any priority; a signed-in user only for
/// itself, at most at `limits.tenantMaxPriority`, and at most `limits.perMinute` messages a minute (after a burst of
/// `limits.burst`): beyond that 429 `rate_limited` with `Retry-After`, and nothing is written.
struct IngestController: Sendable {
    static let traceparent = HTTPField.Name("traceparent")!
    let ingest: EmailIngestRepository
    let limiter: IngestRateLimiter
    let limits: IngestLimits
    let authenticator: RequestAuthenticator

    static let maximumBodySize = 25 * 1024 * 1024

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("api/v1/emails") { request, context in await APIError.handle(request) { try await post(request, context) } }
    }

    private func post(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let caller = try await authenticator.authenticate(request)
        let clientId = try client(for: caller, request)
        let priority = try priorityParameter(request)
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: Self.maximumBodySize)
        } catch {
            throw APIError(.contentTooLarge, "message_too_large", "the body is larger than \(Self.maximumBodySize) bytes")
        }
        let contentType = request.headers[.contentType]?.lowercased() ?? "application/json"
        let parsed: IngestRequest
        if contentType.hasPrefix("message/rfc822") {
            parsed = try IngestRequest(mime: Array(buffer.readableBytesView), priority: priority, receivedAt: Date())
        } else if contentType.hasPrefix("application/json") {
            parsed = try IngestRequest(json: Data(buffer.readableBytesView), priority: priority)
        } else {
            throw APIError(.unsupportedMediaType, "unsupported_media_type", "send application/json (normalized messages) or message/rfc822 (one raw message)")
        }
        if caller.identity.role != .serviceRole {
            // The priority cap and the rate limit are the tenant's; the service key is the operator's own.
            guard parsed.priority <= limits.tenantMaxPriority else {
                throw APIError(
                    .forbidden, "priority_not_allowed",
                    "priority \(parsed.priority) is above \(limits.tenantMaxPriority), the highest a client may set for its own email"
                )
            }
            if let refusal = try await rateLimit(parsed.messages.count, client: clientId) { return refusal }
        }
        let encoder = JSONCoding.encoder()
        let emails = try parsed.messages.map { message in
            NewEmail(
                clientId: clientId, messageId: message.messageId, fromEmail: message.from.email,
                toEmail: message.to.first?.email ?? message.cc.first?.email ?? "", subject: message.subject, body: message.text,
                emailDataJSON: String(decoding: try encoder.encode(message), as: UTF8.self), priority: parsed.priority
            )
        }
        let results: [IngestedEmail]
        do {
            // Tracing on: a client's `traceparent` header makes each email's ingest span a child of its span.
            results = try await EmailTracing.withRemoteParent(traceparent: request.headers[Self.traceparent]) { try await ingest.ingest(emails) }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23503" {
            throw APIError(.notFound, "client_not_found", "no client \(clientId.uuidString.lowercased())")
        }
        let records = results.map(Self.describe)
        if !parsed.isBatch, let record = records.first {
            return APIError.json(record, status: results[0].created ? .created : .ok)
        }
        let created = results.filter(\.created).count
        return APIError.json(["results": records, "created": created, "duplicates": results.count - created], status: created == results.count ? .created : .ok)
    }

    /// Takes `count` messages from the client's budget; the 429 answer when it does not have them.
    private func rateLimit(_ count: Int, client: UUID) async throws -> Response? {
        guard limits.perMinute > 0 else { return nil }
        let decision: IngestRateLimiter.Decision
        do {
            decision = try await limiter.take(count, client: client, perMinute: limits.perMinute, burst: limits.burst)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23503" {
            throw APIError(.notFound, "client_not_found", "no client \(client.uuidString.lowercased())")
        }
        guard case .refused(let seconds) = decision else { return nil }
        var response = APIError(
            .tooManyRequests, "rate_limited",
            "this client may ingest \(limits.perMinute) messages a minute (bursts of \(limits.burst)); try again in \(seconds) seconds",
            details: "retry after \(seconds) seconds"
        ).response
        response.headers[.retryAfter] = "\(seconds)"
        return response
    }

    private func client(for caller: TokenService.Verified, _ request: Request) throws -> UUID {
        let requested = request.uri.queryParameters.get("client_id")
        switch caller.identity.role {
        case .serviceRole:
            guard let requested else { throw APIError(.badRequest, "missing_client_id", "client_id is required with the service key") }
            guard let id = UUID(uuidString: requested) else { throw APIError(.badRequest, "invalid_client_id", "client_id must be a UUID") }
            return id
        case .authenticated:
            let own = caller.identity.userId!
            if let requested, UUID(uuidString: requested) != own {
                throw APIError(.forbidden, "forbidden", "a user may ingest email only for itself")
            }
            return own
        case .anon:
            throw APIError(.unauthorized, "not_signed_in", "ingestion requires the service key or a signed-in user")
        }
    }

    private func priorityParameter(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters.get("priority") else { return 1 }
        guard let value = Int(text), (0...IngestLimits.maximumPriority).contains(value) else {
            throw APIError(.badRequest, "invalid_priority", "priority must be an integer from 0 to 100")
        }
        return value
    }

    static func describe(_ result: IngestedEmail) -> [String: Any] {
        [
            "client_id": result.clientId.uuidString.lowercased(),
            "message_id": result.messageId,
            "email_log_id": result.emailLogId.uuidString.lowercased(),
            "queue_id": result.queueId.map { $0.uuidString.lowercased() as Any } ?? NSNull(),
            "status": result.status,
            "duplicate": !result.created,
        ]
    }
}
