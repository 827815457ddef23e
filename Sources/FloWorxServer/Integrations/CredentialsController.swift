import FloWorxCore
import FloWorxStore
import Foundation
import Hummingbird
import HTTPTypes
import Logging
import NIOCore
import PostgresNIO

/// `POST /api/v1/integrations/{id}/credentials` stores OAuth tokens encrypted; `DELETE` forgets them.
/// Nothing here ever returns or logs a credential: the answer only says that they are stored and with which key.
struct CredentialsController: Sendable {
    let database: Database
    let credentials: CredentialsRepository
    let authenticator: RequestAuthenticator

    /// Token documents larger than this are refused.
    static let maximumSize = 16 * 1024

    func addRoutes(to router: Router<AppRequestContext>) {
        let group = router.group("api/v1/integrations/:id/credentials")
        group.post { request, context in await APIError.handle(request) { try await store(request, context) } }
        group.delete { request, context in await APIError.handle(request) { try await clear(request, context) } }
    }

    private func store(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let id = try await authorizedIntegration(request, context)
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: Self.maximumSize)
        } catch {
            throw APIError(.contentTooLarge, "credentials_too_large", "credentials must be at most \(Self.maximumSize) bytes")
        }
        let data = Data(buffer.readableBytesView)
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any], !object.isEmpty else {
            throw APIError(.badRequest, "invalid_credentials", "the body must be a JSON object of OAuth tokens, e.g. {\"access_token\": …, \"refresh_token\": …}")
        }
        guard object["access_token"] is String || object["refresh_token"] is String else {
            throw APIError(.badRequest, "invalid_credentials", "access_token or refresh_token (a string) is required")
        }
        for (key, value) in object where !(value is String || value is NSNumber || value is NSNull || value is [Any]) {
            throw APIError(.badRequest, "invalid_credentials", "\(key): token fields must be strings, numbers or lists")
        }
        guard let summary = try await credentials.store(data, integrationId: id) else {
            throw APIError(.notFound, "integration_not_found", "no integration \(id.uuidString.lowercased())")
        }
        context.logger.info("credentials stored", metadata: ["integration": "\(id)", "key_id": "\(summary.keyId ?? "")"])
        return APIError.json(Self.describe(summary), status: .ok)
    }

    private func clear(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let id = try await authorizedIntegration(request, context)
        guard let summary = try await credentials.clear(integrationId: id) else {
            throw APIError(.notFound, "integration_not_found", "no integration \(id.uuidString.lowercased())")
        }
        return APIError.json(Self.describe(summary), status: .ok)
    }

    /// The integration id, once the caller is known to own it (the service role owns all).
    private func authorizedIntegration(_ request: Request, _ context: AppRequestContext) async throws -> UUID {
        let caller = try await authenticator.authenticate(request)
        guard let text = context.parameters.get("id"), let id = UUID(uuidString: text) else {
            throw APIError(.badRequest, "invalid_id", "the integration id must be a UUID")
        }
        switch caller.identity.role {
        case .serviceRole:
            return id
        case .anon:
            throw APIError(.unauthorized, "not_signed_in", "storing credentials requires a signed-in user or the service key")
        case .authenticated:
            guard try await CredentialsRepository.isVisible(id, to: database.tenant(caller.identity)) else {
                // Another tenant's integration looks exactly like a missing one.
                throw APIError(.notFound, "integration_not_found", "no integration \(id.uuidString.lowercased())")
            }
            return id
        }
    }

    static func describe(_ summary: CredentialsRepository.Summary) -> [String: Any] {
        [
            "id": summary.integrationId.uuidString.lowercased(),
            "provider": summary.provider,
            "status": summary.status,
            "has_credentials": summary.keyId != nil,
            "key_id": summary.keyId ?? NSNull(),
            "updated_at": ISO8601.format(summary.updatedAt),
        ]
    }
}
