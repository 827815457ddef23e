import FloWorxCore
import FloWorxStore
import Foundation
import Hummingbird
import HTTPTypes
import Logging

/// `POST /api/v1/emails/{email_log_id}/handled`: the signed-in owner says one of the business's emails has been
/// answered (by phone, in person, from another mailbox), so its first-response (SLA) timer stops: a pending timer
/// becomes `answered` (`answered_by: api`) and will never breach; a breached one stays breached and records the late
/// answer. Idempotent: the first answer is kept and every call answers 200 with the timer as it is. An email without
/// a timer (no target, or no reply expected) is answered 200 with `"sla": null`. No body is needed; one is ignored.
///
/// 404 `email_not_found` for an unknown email and for another business's (the tenant's own RLS decides).
struct HandledController: Sendable {
    let database: Database
    let timers: SLATimerRepository
    let authenticator: RequestAuthenticator

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("api/v1/emails/:id/handled") { request, context in await APIError.handle(request) { try await post(request, context) } }
    }

    private func post(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let caller = try await authenticator.authenticateUser(request)
        guard let text = context.parameters.get("id"), let emailLogId = UUID(uuidString: text) else {
            throw APIError(.notFound, "email_not_found", "no email \(context.parameters.get("id") ?? ""): email ids are UUIDs")
        }
        guard let clientId = caller.identity.userId,
            try await CorrectionRepository.isVisible(emailLogId: emailLogId, to: database.tenant(caller.identity))
        else {
            throw APIError(.notFound, "email_not_found", "no email \(emailLogId.uuidString.lowercased())")
        }
        let timer = try await timers.markAnswered(clientId: clientId, emailLogId: emailLogId, by: .api)
        context.logger.info("email marked handled", metadata: [
            "client": "\(clientId)", "email_log": "\(emailLogId)", "sla": "\(timer?.status ?? "none")",
        ])
        return APIError.json([
            "email_log_id": emailLogId.uuidString.lowercased(),
            "handled": true,
            "sla": timer.map { Self.describe($0) as Any } ?? NSNull(),
        ], status: .ok)
    }

    static func describe(_ timer: SLATimer) -> [String: Any] {
        [
            "status": timer.status,
            "target_minutes": timer.targetMinutes,
            "started_at": ISO8601.format(timer.startedAt),
            "due_at": ISO8601.format(timer.dueAt),
            "answered_at": timer.answeredAt.map(ISO8601.format) ?? NSNull(),
            "answered_by": timer.answeredBy?.rawValue ?? NSNull(),
            "breached_at": timer.breachedAt.map(ISO8601.format) ?? NSNull(),
        ]
    }
}
