import FloWorxCore
import FloWorxStore
import Foundation
import Hummingbird
import HTTPTypes
import Logging
import NIOCore

/// `POST /api/v1/workflows/{version}/dry-run` with `{"limit": N}` (1 to 500, default 50): replays the business's last
/// N emails under version `{version}` and under the active version, and answers per email what would change
/// (category, escalation, draft yes/no, actions) — without writing anything, queuing anything or calling a
/// provider or an LLM (`WorkflowDryRun`; the emails are read in a READ ONLY transaction).
///
/// Errors: 400 `invalid_body` (`limit` out of range, unknown member), 404 `workflow_version_not_found`, 422
/// `invalid_workflow` (a stored version that is not a valid definition), 409 `no_profile`.
struct WorkflowDryRunRoutes: Sendable {
    let database: Database
    let authenticator: RequestAuthenticator
    let logger: Logger
    /// The pipeline's analyzer with the bundled triage model, loaded once per process (nil only if the bundled model
    /// is missing, which the pipeline refuses too: then the route answers 503).
    static let analyzer: EmailAnalyzer? = try? EmailAnalyzer(triage: TriageModel.bundled())

    /// The most emails one dry run replays.
    static let maximumLimit = 500
    static let defaultLimit = 50

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("api/v1/workflows/:version/dry-run") { request, context in await APIError.handle(request) { try await dryRun(request, context) } }
    }

    private func dryRun(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let verified = try await authenticator.authenticateUser(request)
        guard let analyzer = Self.analyzer else {
            throw APIError(.serviceUnavailable, "triage_model_missing", "the bundled triage model could not be loaded")
        }
        let clientId = verified.identity.userId!
        let limit = try await Self.limit(request)
        let versions = WorkflowRepository(tenant: database.tenant(verified.identity))
        guard let text = context.parameters.get("version"), let number = Int(text), number >= 1,
              let draft = try await versions.version(clientId: clientId, version: number) else {
            throw APIError(.notFound, "workflow_version_not_found", "this business has no such workflow version (versions are numbered from 1)")
        }
        guard let draftDefinition = draft.definition else {
            throw APIError(.unprocessableContent, "invalid_workflow", "version \(number) is not a valid workflow definition")
        }
        let active = try await versions.active(clientId: clientId)
        let reader = WorkflowDryRunReader(database: database.service, logger: logger)
        guard let profile = try await reader.profile(clientId: clientId) else {
            throw APIError(.conflict, "no_profile", "this business has no profile to run the workflow with")
        }
        let emails = try await reader.recentEmails(clientId: clientId, limit: limit)
        let results = WorkflowDryRun(analyzer: analyzer).compare(
            emails, profile: profile, draft: draftDefinition, active: active?.definition ?? .default)
        func describe(_ decision: WorkflowDryRun.Decision) -> [String: Any] {
            ["category": decision.category, "confidence": decision.confidence, "escalated": decision.escalated, "draft": decision.draft,
             "actions": decision.actions]
        }
        let changed = results.filter { !$0.changes.isEmpty }
        // What the reader needs to recognise each email (the web page lists them); never the body.
        let messages = Dictionary(emails.map { ($0.emailLogId, $0.message) }, uniquingKeysWith: { first, _ in first })
        return APIError.json([
            "version": number,
            "active_version": active.map { $0.version as Any } ?? NSNull(),
            "emails": results.count,
            "changed": changed.count,
            "changes": Dictionary(grouping: changed.flatMap(\.changes), by: { $0 }).mapValues(\.count),
            "results": results.map { result in
                [
                    "email_log_id": result.emailLogId.uuidString.lowercased(), "changes": result.changes,
                    "subject": messages[result.emailLogId]?.subject ?? "", "from": messages[result.emailLogId]?.from.email ?? "",
                    "received_at": messages[result.emailLogId].map { ISO8601.format($0.receivedAt) } ?? NSNull(),
                    "active": describe(result.active), "draft": describe(result.draft),
                ] as [String: Any]
            },
        ], status: .ok)
    }

    /// `limit` from an optional JSON body.
    private static func limit(_ request: Request) async throws -> Int {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: 4096)
        } catch {
            throw APIError(.contentTooLarge, "body_too_large", "the body must be at most 4096 bytes")
        }
        guard buffer.readableBytes > 0 else { return defaultLimit }
        guard let object = (try? JSONDecoder().decode(JSONValue.self, from: Data(buffer.readableBytesView)))?.objectValue,
              object.keys.allSatisfy({ $0 == "limit" }) else {
            throw APIError(.badRequest, "invalid_body", "the body must be a JSON object with at most \"limit\"")
        }
        guard let value = object["limit"] else { return defaultLimit }
        guard let number = value.numberValue, number.rounded() == number, (1...Double(maximumLimit)).contains(number) else {
            throw APIError(.badRequest, "invalid_body", "limit must be an integer from 1 to \(maximumLimit)")
        }
        return Int(number)
    }
}
