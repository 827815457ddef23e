import Crypto
import FloWorxCore
import FloWorxIntegrations
import FloWorxStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Provider push: `POST /api/v1/webhooks/gmail` (Pub/Sub push, OIDC token checked) and `POST /api/v1/webhooks/graph`
/// (Graph change and lifecycle notifications, `clientState` checked; the `validationToken` handshake answered).
/// Every accepted notification is recorded as a job before the 2xx, so a crash right after answering loses nothing.
struct MailboxWebhookController: Sendable {
    let mailboxes: MailboxRepository
    let jobs: JobQueue
    let gmailPush: GooglePushVerifier
    /// Push bodies larger than this are refused (Pub/Sub and Graph bodies are a few KB).
    static let maximumBody = 256 * 1024

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("api/v1/webhooks/gmail") { request, context in await APIError.handle(request) { try await gmail(request, context) } }
        router.post("api/v1/webhooks/graph") { request, context in await APIError.handle(request) { try await graph(request, context) } }
    }

    private func body(_ request: Request) async throws -> Data {
        do {
            return Data(try await request.body.collect(upTo: Self.maximumBody).readableBytesView)
        } catch {
            throw APIError(.contentTooLarge, "body_too_large", "push bodies must be at most \(Self.maximumBody) bytes")
        }
    }

    // MARK: Gmail

    struct PubSubPush: Decodable {
        struct Message: Decodable { var data: String?; var messageId: String? }
        var message: Message
        var subscription: String?
    }

    struct GmailNotice: Decodable {
        var emailAddress: String
        var historyId: UInt64

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            emailAddress = try c.decode(String.self, forKey: .emailAddress)
            // Gmail sends the historyId as a JSON number; accept a string too.
            if let number = try? c.decode(UInt64.self, forKey: .historyId) { historyId = number } else {
                guard let value = UInt64(try c.decode(String.self, forKey: .historyId)) else {
                    throw DecodingError.dataCorruptedError(forKey: .historyId, in: c, debugDescription: "historyId is not a number")
                }
                historyId = value
            }
        }
        enum CodingKeys: String, CodingKey { case emailAddress, historyId }
    }

    private func gmail(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        do {
            try await gmailPush.verify(authorization: request.headers[.authorization])
        } catch {
            throw APIError(.unauthorized, "invalid_push_token", error.message)
        }
        let data = try await body(request)
        guard let push = try? JSONDecoder().decode(PubSubPush.self, from: data), let encoded = push.message.data,
              let decoded = Data(base64Encoded: encoded) ?? FloWorxIntegrations.Base64URL.decode(encoded),
              let notice = try? JSONDecoder().decode(GmailNotice.self, from: decoded) else {
            throw APIError(.badRequest, "invalid_push", "expected a Pub/Sub push whose message.data is base64 JSON {emailAddress, historyId}")
        }
        var queued: [NewJob] = []
        for mailbox in try await mailboxes.mailboxes(provider: "gmail", address: notice.emailAddress) where mailbox.status == "active" && !mailbox.paused {
            // A duplicate or out-of-order push for history already processed needs no sync.
            if mailbox.checkpointSeq >= notice.historyId && mailbox.resyncFrom == nil { continue }
            queued.append(syncJob(mailbox.integrationId, mailbox.clientId))
        }
        try await jobs.enqueue(queued)
        if queued.isEmpty { context.logger.debug("gmail push needs no sync", metadata: ["history_id": "\(notice.historyId)"]) }
        return Response(status: .noContent)
    }

    // MARK: Graph

    struct GraphNotifications: Decodable {
        struct Item: Decodable {
            var subscriptionId: String
            var clientState: String?
            var changeType: String?
            var lifecycleEvent: String?
        }
        var value: [Item]
    }

    private func graph(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        if let token = request.uri.queryParameters.get("validationToken") {
            // Subscription handshake: echo the token as text/plain within 10 seconds (Microsoft's contract).
            return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: String(token))))
        }
        let data = try await body(request)
        guard let notifications = try? JSONDecoder().decode(GraphNotifications.self, from: data) else {
            throw APIError(.badRequest, "invalid_notification", "expected a Graph notification collection {\"value\": [...]}")
        }
        var queued: [NewJob] = []
        var verified = 0
        for item in notifications.value.prefix(1_000) {
            guard let mailbox = try await mailboxes.mailbox(pushId: item.subscriptionId), let stored = mailbox.secretSHA256,
                  let state = item.clientState, Self.constantTimeEqual(Array(SHA256.hash(data: Data(state.utf8))), stored) else { continue }
            verified += 1
            switch item.lifecycleEvent {
            case "reauthorizationRequired", "subscriptionRemoved":
                queued.append(NewJob(kind: "mailbox.renew", dedupeKey: mailbox.integrationId.uuidString.lowercased(), integrationId: mailbox.integrationId, clientId: mailbox.clientId, maxAttempts: 5))
                queued.append(syncJob(mailbox.integrationId, mailbox.clientId))
            default:
                // A change notification, or `missed`: sync from the checkpoint covers both.
                queued.append(syncJob(mailbox.integrationId, mailbox.clientId))
            }
        }
        guard verified > 0 || notifications.value.isEmpty else {
            throw APIError(.unauthorized, "invalid_client_state", "no notification carried a known subscription and its clientState")
        }
        try await jobs.enqueue(queued)
        return Response(status: .accepted)
    }

    private func syncJob(_ integrationId: UUID, _ clientId: UUID) -> NewJob {
        NewJob(kind: "mailbox.sync", dedupeKey: integrationId.uuidString.lowercased(), integrationId: integrationId, clientId: clientId)
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
