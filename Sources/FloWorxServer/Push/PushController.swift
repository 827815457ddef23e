import FloWorxCore
import FloWorxStore
import Foundation
import Hummingbird
import HTTPTypes
import Logging
import NIOCore

/// Web push for the front end (issue 11):
///
/// - `GET /api/v1/push/vapid-public-key` → `{"public_key"}`: the `applicationServerKey` for
///   `pushManager.subscribe()`; 503 `push_not_configured` when the server has no VAPID key.
/// - `POST /api/v1/push/subscriptions`, body `PushSubscription.toJSON()`: stores the signed-in user's subscription,
///   201 when new, 200 when the endpoint was known (its keys are replaced). 400 `invalid_json`, `invalid_endpoint`,
///   `insecure_endpoint`, `invalid_keys`, `invalid_p256dh`, `invalid_auth`; 409 `too_many_subscriptions`;
///   413 `subscription_too_large`.
/// - `GET /api/v1/push/subscriptions` → `{"subscriptions": [...]}`: the user's own (without keys).
/// - `DELETE /api/v1/push/subscriptions` with `{"endpoint"}` (or `?endpoint=`): 204, or 404 `subscription_not_found`.
///
/// Only a signed-in user (401 without, 403 `user_only` for the service key). Every statement runs as that user, so
/// row-level security keeps one user's subscriptions out of another's reach.
struct PushController: Sendable {
    let database: Database
    let authenticator: RequestAuthenticator
    let configuration: PushServerConfiguration

    /// Request bodies larger than this are refused (a subscription is about 500 bytes).
    static let maximumBodySize = 8 * 1024

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("api/v1/push/vapid-public-key") { request, _ in
            await APIError.handle(request) {
                guard let key = configuration.vapidPublicKey else {
                    throw APIError(.serviceUnavailable, "push_not_configured", "web push is not configured on this server (FLOWORX_VAPID_PRIVATE_KEY)")
                }
                return APIError.json(["public_key": key], status: .ok)
            }
        }
        let group = router.group("api/v1/push/subscriptions")
        group.post { request, context in await APIError.handle(request) { try await subscribe(request, context) } }
        group.get { request, context in await APIError.handle(request) { try await list(request, context) } }
        group.delete { request, context in await APIError.handle(request) { try await unsubscribe(request, context) } }
    }

    private func subscribe(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let tenant = try await user(request)
        let body = try PushSubscriptionBody.parse(try await collect(request), allowInsecure: configuration.allowInsecureEndpoints)
        let agent = request.headers[.userAgent].map { String($0.prefix(500)) }
        let stored: (record: PushSubscriptionRecord, created: Bool)
        do {
            stored = try await PushSubscriptionRepository.upsert(
                endpoint: body.endpoint, p256dh: body.p256dh, auth: body.auth, userAgent: agent,
                maximumPerUser: configuration.maximumSubscriptionsPerUser, on: tenant)
        } catch PushSubscriptionRepository.Refusal.tooMany(let limit) {
            throw APIError(.conflict, "too_many_subscriptions", "a user may have at most \(limit) push subscriptions; delete one first")
        } catch PushSubscriptionRepository.Refusal.noUser {
            throw AuthError.noUser
        }
        // The endpoint is a capability URL of the user's browser: not logged.
        context.logger.info("push subscription stored", metadata: ["subscription": "\(stored.record.id)", "created": "\(stored.created)"])
        return APIError.json(Self.describe(stored.record), status: stored.created ? .created : .ok)
    }

    private func list(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let tenant = try await user(request)
        let records = try await PushSubscriptionRepository.list(on: tenant)
        return APIError.json(["subscriptions": records.map(Self.describe)], status: .ok)
    }

    private func unsubscribe(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let tenant = try await user(request)
        var endpoint = request.uri.queryParameters.get("endpoint")
        if endpoint == nil {
            let data = try await collect(request)
            if !data.isEmpty {
                guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
                    throw APIError(.badRequest, "invalid_json", "the body must be a JSON object {\"endpoint\"}")
                }
                endpoint = object["endpoint"] as? String
            }
        }
        guard let endpoint, !endpoint.isEmpty, endpoint.count <= PushSubscriptionBody.maximumEndpointLength else {
            throw APIError(.badRequest, "invalid_endpoint", "endpoint (the subscription's URL) is required, in the body or as ?endpoint=")
        }
        guard try await PushSubscriptionRepository.delete(endpoint: endpoint, on: tenant) else {
            throw APIError(.notFound, "subscription_not_found", "the signed-in user has no push subscription with this endpoint")
        }
        return Response(status: .noContent)
    }

    /// The signed-in user's database; the service key is refused because a subscription belongs to a user.
    private func user(_ request: Request) async throws -> TenantDatabase {
        let caller = try await authenticator.authenticate(request)
        switch caller.identity.role {
        case .anon:
            throw APIError(.unauthorized, "not_signed_in", "push subscriptions belong to a signed-in user: send the user's access token")
        case .serviceRole:
            throw APIError(.forbidden, "user_only", "push subscriptions belong to a signed-in user, not the service key")
        case .authenticated:
            return database.tenant(caller.identity)
        }
    }

    private func collect(_ request: Request) async throws -> Data {
        do {
            let buffer = try await request.body.collect(upTo: Self.maximumBodySize)
            return Data(buffer.readableBytesView)
        } catch {
            throw APIError(.contentTooLarge, "subscription_too_large", "the body must be at most \(Self.maximumBodySize) bytes")
        }
    }

    /// A subscription as the API shows it: never its keys.
    static func describe(_ record: PushSubscriptionRecord) -> [String: Any] {
        [
            "id": record.id.uuidString.lowercased(),
            "endpoint": record.endpoint,
            "user_agent": record.userAgent ?? NSNull(),
            "created_at": ISO8601.format(record.createdAt),
            "last_success_at": record.lastSuccessAt.map(ISO8601.format) ?? NSNull(),
        ]
    }
}
