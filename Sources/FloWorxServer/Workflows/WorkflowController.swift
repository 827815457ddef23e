import FloWorxCore
import FloWorxIntegrations
import FloWorxStore
import Foundation
import Hummingbird
import HTTPTypes
import NIOCore

/// The signed-in owner's workflow versions (issue 16), under the owner's own RLS:
///
/// - `GET /api/v1/workflows`: every version, newest first (the default is version 1 of a business that had none).
/// - `GET /api/v1/workflows/{version}`: one version.
/// - `POST /api/v1/workflows` with `{"name": …, "workflow_data": {…}}`: saves the next version, inactive (201).
/// - `POST /api/v1/workflows/{version}/activate`: deploys it; the next email claimed runs it.
/// - `POST /api/v1/workflows/rollback` with `{"version": n}`: activates an older version.
///
/// Errors: 400 `invalid_body`, 413 `body_too_large`, 422 `invalid_workflow` (problems named by their field, e.g.
/// `steps[3].type`; at most `WorkflowValidator.maxListedProblems` listed, with `total` and `truncated`), 404
/// `workflow_version_not_found`, 409 `not_an_earlier_version`.
struct WorkflowController: Sendable {
    let database: Database
    let authenticator: RequestAuthenticator
    var configuration = WorkflowServerConfiguration()

    /// The largest body accepted: the database's limit on one JSON document (256 KiB).
    static let maximumBodySize = 256 * 1024
    /// The longest version name.
    static let maximumNameLength = 200

    func addRoutes(to router: Router<AppRequestContext>) {
        let group = router.group("api/v1/workflows")
        group.get { request, _ in await APIError.handle(request) { try await list(request) } }
        group.post { request, _ in await APIError.handle(request) { try await save(request) } }
        group.post("rollback") { request, _ in await APIError.handle(request) { try await rollback(request) } }
        group.get(":version") { request, context in await APIError.handle(request) { try await show(request, context) } }
        group.post(":version/activate") { request, context in await APIError.handle(request) { try await activate(request, context) } }
    }

    private func caller(_ request: Request) async throws -> (WorkflowRepository, UUID) {
        let verified = try await authenticator.authenticateUser(request)
        // authenticateUser guarantees a user id.
        return (WorkflowRepository(tenant: database.tenant(verified.identity)), verified.identity.userId!)
    }

    private func list(_ request: Request) async throws -> Response {
        let (repository, clientId) = try await caller(request)
        let versions = try await repository.list(clientId: clientId)
        return APIError.json([
            "active_version": versions.first(where: \.isActive).map { $0.version as Any } ?? NSNull(),
            "workflows": versions.map(Self.describe),
        ], status: .ok)
    }

    private func show(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (repository, clientId) = try await caller(request)
        let number = try Self.versionNumber(context.parameters.get("version"))
        guard let version = try await repository.version(clientId: clientId, version: number) else { throw Self.notFound(number) }
        return APIError.json(Self.describe(version), status: .ok)
    }

    private func save(_ request: Request) async throws -> Response {
        let (repository, clientId) = try await caller(request)
        let object = try await Self.body(request)
        var problems: [WorkflowProblem] = []
        for key in object.keys.sorted() where !["name", "workflow_data"].contains(key) {
            problems.append(WorkflowProblem(field: key, message: "unknown member (a workflow has name and workflow_data)"))
        }
        let name = object["name"]
        if let name, name.stringValue.map({ !$0.isEmpty && $0.count <= Self.maximumNameLength }) != true {
            problems.append(WorkflowProblem(field: "name", message: "must be a string of 1 to \(Self.maximumNameLength) characters"))
        }
        var definition: WorkflowDefinition?
        if let data = object["workflow_data"] {
            let found = WorkflowValidator.validate(data)
            for problem in found {
                // Named from the body's root: `workflow_data.steps[3].type`.
                let field = problem.field == "workflow_data" ? problem.field : "workflow_data." + problem.field
                problems.append(WorkflowProblem(field: field, message: problem.message))
            }
            if found.isEmpty { definition = try? JSONDecoder().decode(WorkflowDefinition.self, from: JSONEncoder().encode(data)) }
            if let definition, !configuration.allowPrivateWebhooks { problems += Self.inwardWebhooks(definition) }
        } else {
            problems.append(WorkflowProblem(field: "workflow_data", message: "is required"))
        }
        guard problems.isEmpty, let definition else { return Self.invalid(problems) }
        let saved = try await repository.save(clientId: clientId, name: name?.stringValue ?? "Workflow", definition: definition)
        return APIError.json(Self.describe(saved), status: .created)
    }

    private func activate(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (repository, clientId) = try await caller(request)
        let number = try Self.versionNumber(context.parameters.get("version"))
        return try Self.answer(await repository.activate(clientId: clientId, version: number), number)
    }

    private func rollback(_ request: Request) async throws -> Response {
        let (repository, clientId) = try await caller(request)
        let object = try await Self.body(request)
        guard object.keys.allSatisfy({ $0 == "version" }), let number = object["version"]?.numberValue, number.rounded() == number,
              let version = Int(exactly: number), version >= 1 else {
            return Self.invalid([WorkflowProblem(field: "version", message: "must be a version number (an integer from 1), and the only member")])
        }
        return try Self.answer(await repository.rollback(clientId: clientId, version: version), version)
    }

    // MARK: Helpers

    private static func answer(_ activation: WorkflowActivation, _ number: Int) throws -> Response {
        switch activation {
        case .activated(let version):
            return APIError.json(describe(version), status: .ok)
        case .notFound:
            throw notFound(number)
        case .notEarlier(let active):
            throw APIError(.conflict, "not_an_earlier_version", "version \(number) is not older than the active version \(active); activate it instead")
        }
    }

    private static func versionNumber(_ text: String?) throws -> Int {
        guard let text, let number = Int(text), number >= 1 else { throw notFound(nil) }
        return number
    }

    private static func notFound(_ number: Int?) -> APIError {
        APIError(.notFound, "workflow_version_not_found", number.map { "this business has no workflow version \($0)" } ?? "workflow versions are numbered from 1")
    }

    private static func body(_ request: Request) async throws -> [String: JSONValue] {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maximumBodySize)
        } catch {
            throw APIError(.contentTooLarge, "body_too_large", "the body must be at most \(maximumBodySize) bytes")
        }
        guard let object = (try? JSONDecoder().decode(JSONValue.self, from: Data(buffer.readableBytesView)))?.objectValue else {
            throw APIError(.badRequest, "invalid_body", "the body must be a JSON object")
        }
        return object
    }

    /// Webhook steps whose URL host is literally an inward address (a private, loopback or link-local IP, or
    /// `localhost`): refused at save; names that resolve inward are refused by the worker when it sends.
    static func inwardWebhooks(_ definition: WorkflowDefinition) -> [WorkflowProblem] {
        definition.steps.enumerated().compactMap { index, step in
            guard case .webhook(let webhook) = step, let host = URL(string: webhook.url)?.host,
                  let refusal = WebhookDestination.literalRefusal(host: host) else { return nil }
            return WorkflowProblem(
                field: "workflow_data.steps[\(index)].url",
                message: "must not point into a private network: \(refusal) (FLOWORX_WORKFLOW_WEBHOOK_ALLOW_PRIVATE allows it)")
        }
    }

    /// The 422 answer: the first `WorkflowValidator.maxListedProblems` problems, the total and whether the list is cut
    /// (a definition of thousands of bad steps must not answer with thousands of errors).
    static func invalid(_ problems: [WorkflowProblem]) -> Response {
        let listed = problems.prefix(WorkflowValidator.maxListedProblems)
        return APIError.json([
            "code": "invalid_workflow",
            "message": problems.first.map(\.description) ?? "invalid workflow",
            "details": problems.count > 1 ? "\(problems.count) problems" as Any : NSNull(),
            "hint": "see docs/workflows.md for the steps and their settings",
            "errors": listed.map { ["path": $0.field, "message": $0.message] },
            "total": problems.count,
            "truncated": problems.count > listed.count,
        ], status: .unprocessableContent)
    }

    static func describe(_ version: WorkflowVersion) -> [String: Any] {
        [
            "id": version.id.uuidString.lowercased(),
            "version": version.version,
            "name": version.name,
            "is_active": version.isActive,
            "deployed_at": version.deployedAt.map { ISO8601.format($0) } ?? NSNull(),
            "created_at": ISO8601.format(version.createdAt),
            "workflow_data": (try? JSONSerialization.jsonObject(with: Data(version.definitionJSON.utf8))) ?? NSNull(),
            "valid": version.definition != nil,
            "metrics": [
                "execution_count": version.totals.executions,
                "success_count": version.totals.successes,
                "error_count": version.totals.errors,
                "avg_execution_time": version.totals.averageMilliseconds,
            ],
        ]
    }
}
