import FloWorxCore
import FloWorxStore
import Foundation
import Hummingbird
import HTTPTypes
import Logging
import NIOCore
import PostgresNIO

/// `POST /api/v1/emails/{email_log_id}/category` with `{"category": "SALES"}`: the signed-in owner moves one of the
/// business's emails to another category. The correction is recorded (a later one of the same email replaces it), a
/// `classification_corrected` analytics event is written, and the business's classifier learns from it from then on
/// (`TriageAdaptation`), unless a guardrail says otherwise (`learned: false` and `ignored_reason` in the answer).
/// `GET` on the same path says the email's current category: corrected or as classified.
///
/// 404 `email_not_found` for an unknown email and for another business's (the tenant's own RLS decides); 422
/// `invalid_category` (naming the field) for a category the business does not have.
struct CorrectionController: Sendable {
    let database: Database
    let corrections: CorrectionRepository
    let profiles: ProfileRepository
    let authenticator: RequestAuthenticator

    static let maximumBodySize = 4 * 1024

    func addRoutes(to router: Router<AppRequestContext>) {
        let group = router.group("api/v1/emails/:id/category")
        group.post { request, context in await APIError.handle(request) { try await post(request, context) } }
        group.get { request, context in await APIError.handle(request) { try await get(request, context) } }
    }

    private func post(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (clientId, emailLogId) = try await ownedEmail(request, context)
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: Self.maximumBodySize)
        } catch {
            throw APIError(.contentTooLarge, "body_too_large", "the body must be at most \(Self.maximumBodySize) bytes")
        }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any] else {
            throw APIError(.badRequest, "invalid_body", "the body must be a JSON object such as {\"category\": \"SALES\"}")
        }
        let profile = try await profiles.profiles([clientId])[clientId]
        let industry = profile?.industry
        let allowed = (industry?.categories ?? Category.common).map(\.rawValue)
        guard let text = object["category"] as? String, let category = Category(rawValue: text.uppercased()).map(\.rawValue), allowed.contains(category) else {
            let got = object["category"].map { "\($0)" } ?? "nothing"
            let kind = industry.map { "a \($0.rawValue) business" } ?? "a business without an industry"
            let message = "must be one of \(allowed.joined(separator: ", ")) (the categories of \(kind))"
            return APIError.json([
                "code": "invalid_category",
                "message": "category: \(message)",
                "details": "category: got \(got.prefix(100))",
                "hint": NSNull(),
                "errors": [["path": "category", "message": message]],
            ], status: .unprocessableContent)
        }
        let extra = Set(object.keys).subtracting(["category"])
        guard extra.isEmpty else {
            let message = "is not a field of a correction (only category is)"
            return APIError.json([
                "code": "invalid_category", "message": "\(extra.sorted()[0]): \(message)", "details": NSNull(), "hint": NSNull(),
                "errors": extra.sorted().map { ["path": $0, "message": message] },
            ], status: .unprocessableContent)
        }
        guard let correction = try await corrections.record(clientId: clientId, emailLogId: emailLogId, category: category, source: .api) else {
            throw APIError(.notFound, "email_not_found", "no email \(emailLogId.uuidString.lowercased())")
        }
        context.logger.info("category corrected", metadata: [
            "client": "\(clientId)", "email_log": "\(emailLogId)", "from": "\(correction.fromCategory ?? "-")", "to": "\(category)",
        ])
        return APIError.json(describe(correction, profile: profile), status: .ok)
    }

    private func get(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (clientId, emailLogId) = try await ownedEmail(request, context)
        let correction = try await corrections.correction(clientId: clientId, emailLogId: emailLogId)
        let classified = try await corrections.classifiedCategory(clientId: clientId, emailLogId: emailLogId)
        var answer: [String: Any] = [
            "email_log_id": emailLogId.uuidString.lowercased(),
            "category": correction?.toCategory ?? classified ?? NSNull(),
            "classified_category": correction?.fromCategory ?? classified ?? NSNull(),
            "corrected": correction != nil,
        ]
        if let correction {
            let profile = try await profiles.profiles([clientId])[clientId]
            answer["correction"] = describe(correction, profile: profile)
        } else {
            answer["correction"] = NSNull()
        }
        return APIError.json(answer, status: .ok)
    }

    /// The signed-in owner's id and the email id, once the owner's own RLS shows it the email.
    private func ownedEmail(_ request: Request, _ context: AppRequestContext) async throws -> (UUID, UUID) {
        let caller = try await authenticator.authenticateUser(request)
        guard let text = context.parameters.get("id"), let id = UUID(uuidString: text) else {
            throw APIError(.notFound, "email_not_found", "no email \(context.parameters.get("id") ?? ""): email ids are UUIDs")
        }
        guard let clientId = caller.identity.userId,
            try await CorrectionRepository.isVisible(emailLogId: id, to: database.tenant(caller.identity))
        else {
            throw APIError(.notFound, "email_not_found", "no email \(id.uuidString.lowercased())")
        }
        return (clientId, id)
    }

    private func describe(_ correction: CorrectionRepository.Correction, profile: ClientProfile?) -> [String: Any] {
        let business = profile.map(TriageBusiness.init(profile:)) ?? TriageBusiness(industry: "", domain: "", managers: [], supplierDomains: [])
        let ignored = TriageAdaptation.guardrail(sender: correction.senderEmail, business: business)
            ?? (correction.fromCategory == correction.toCategory ? "moved back to the category FloWorx chose" : nil)
        return [
            "id": correction.id.uuidString.lowercased(),
            "email_log_id": correction.emailLogId.uuidString.lowercased(),
            "category": correction.toCategory,
            "from_category": correction.fromCategory ?? NSNull(),
            "source": correction.source,
            "sender_email": correction.senderEmail,
            "sender_domain": correction.senderDomain,
            "created_at": ISO8601.format(correction.createdAt),
            "learned": ignored == nil,
            "ignored_reason": ignored ?? NSNull(),
        ]
    }
}
