import FloWorxCore
import FloWorxIntegrations
import FloWorxStore
import Foundation
import Hummingbird
import HTTPTypes
import NIOCore

/// A workflow version in n8n (issue 16), for the signed-in owner:
///
/// - `GET /api/v1/workflows/{version}/n8n`: the version as an n8n workflow (`N8NExport`), ready for n8n's
///   `POST /api/v1/workflows` or its import.
/// - `POST /api/v1/workflows/{version}/n8n/deploy`: creates or updates the business's n8n workflow with the version
///   (never a second one: `N8NDeployer`), leaving it active or not as it was; `{"activate": true|false}` sets it.
/// - `POST /api/v1/workflows/{version}/n8n/activate`: deploys the version and activates it in n8n.
/// - `POST /api/v1/workflows/{version}/n8n/deactivate`: deactivates the deployed n8n workflow.
///
/// Errors: 404 `workflow_version_not_found`, 422 `invalid_workflow` (a stored version that is not a valid
/// definition), 409 `n8n_not_deployed` (deactivate before any deploy), 503 `n8n_not_configured`, 502 `n8n_error`
/// (n8n refused or failed; its message, never the API key), 400 `invalid_body`.
struct N8NWorkflowRoutes: Sendable {
    /// The key of a business's workflow series in n8n: every version (whatever its display name) deploys to the one
    /// n8n workflow `floworx:<business>:main`, as a business runs one workflow at a time.
    static let series = "main"

    let database: Database
    let authenticator: RequestAuthenticator
    let configuration: N8NServerConfiguration
    /// Where the exports call FloWorx when `configuration.floworxURL` is not set.
    let defaultFloworxURL: String

    func addRoutes(to router: Router<AppRequestContext>) {
        let group = router.group("api/v1/workflows/:version/n8n")
        group.get { request, context in await APIError.handle(request) { try await export(request, context) } }
        group.post("deploy") { request, context in await APIError.handle(request) { try await deploy(request, context, activate: nil) } }
        group.post("activate") { request, context in await APIError.handle(request) { try await deploy(request, context, activate: true) } }
        group.post("deactivate") { request, context in await APIError.handle(request) { try await deactivate(request, context) } }
    }

    private func export(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (version, document) = try await exported(request, context)
        var response = APIError.json(try Self.object(document), status: .ok)
        response.headers[HTTPField.Name("Content-Disposition")!] = "attachment; filename=\"floworx-\(Self.fileName(version.name))-v\(version.version).n8n.json\""
        return response
    }

    private func deploy(_ request: Request, _ context: AppRequestContext, activate fixed: Bool?) async throws -> Response {
        var activate = fixed
        if fixed == nil, let body = try await Self.optionalBody(request) {
            guard body.keys.allSatisfy({ $0 == "activate" }), body["activate"].map({ $0.boolValue != nil }) ?? true else {
                throw APIError(.badRequest, "invalid_body", "the body may only hold \"activate\": true or false")
            }
            activate = body["activate"]?.boolValue
        }
        let (version, document) = try await exported(request, context)
        let deployer = N8NDeployer(client: N8NClient(configuration: try n8n()))
        let repository = N8NDeploymentRepository(database: database.service)
        let outcome = try await repository.deploying(clientId: version.clientId, workflowName: Self.series) { record in
            let knownId = record?.n8nWorkflowId
            let outcome = try await Self.calling { () async throws(MailProviderError) -> N8NDeployer.Outcome in
                try await deployer.deploy(document, knownId: knownId, activate: activate)
            }
            let saved = N8NDeploymentRecord(
                clientId: version.clientId, workflowName: Self.series, n8nWorkflowId: outcome.workflowId, version: version.version, active: outcome.active)
            return (saved, outcome)
        }
        return APIError.json([
            "n8n_workflow_id": outcome.workflowId, "n8n_workflow_name": document.name, "version": version.version,
            "created": outcome.created, "updated": outcome.updated, "active": outcome.active,
        ], status: outcome.created ? .created : .ok)
    }

    private func deactivate(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let version = try await stored(request, context)
        let client = N8NClient(configuration: try n8n())
        let repository = N8NDeploymentRepository(database: database.service)
        let active: Bool = try await repository.deploying(clientId: version.clientId, workflowName: Self.series) { record in
            guard var record else {
                throw APIError(.conflict, "n8n_not_deployed", "no version of this business's workflow has been deployed to n8n; deploy one first")
            }
            let id = record.n8nWorkflowId
            record.active = try await Self.calling { () async throws(MailProviderError) -> Bool in
                try await N8NDeployer(client: client).setActive(id: id, false)
            }
            return (record, record.active)
        }
        return APIError.json(["version": version.version, "active": active], status: .ok)
    }

    // MARK: Helpers

    /// The caller's version `{version}` (under the caller's RLS).
    private func stored(_ request: Request, _ context: AppRequestContext) async throws -> WorkflowVersion {
        let verified = try await authenticator.authenticateUser(request)
        let repository = WorkflowRepository(tenant: database.tenant(verified.identity))
        guard let text = context.parameters.get("version"), let number = Int(text), number >= 1,
              let version = try await repository.version(clientId: verified.identity.userId!, version: number) else {
            throw APIError(.notFound, "workflow_version_not_found", "this business has no such workflow version (versions are numbered from 1)")
        }
        return version
    }

    private func exported(_ request: Request, _ context: AppRequestContext) async throws -> (WorkflowVersion, N8NWorkflowDocument) {
        let version = try await stored(request, context)
        guard let definition = version.definition else {
            throw APIError(.unprocessableContent, "invalid_workflow", "version \(version.version) is not a valid workflow definition and cannot be exported")
        }
        let document = N8NExport.document(
            businessId: version.clientId, workflowName: Self.series, version: version.version, steps: definition.steps,
            floworxURL: configuration.floworxURL ?? defaultFloworxURL)
        return (version, document)
    }

    private func n8n() throws -> N8NConfiguration {
        guard let n8n = configuration.n8n else {
            throw APIError(.serviceUnavailable, "n8n_not_configured", "no n8n instance is configured (N8N_API_URL and N8N_API_KEY)")
        }
        return n8n
    }

    /// Runs an n8n call; its failure becomes a 502 that carries n8n's status and message.
    private static func calling<T>(_ body: () async throws(MailProviderError) -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            let status = error.status.map { "HTTP \($0)" } ?? "no answer"
            throw APIError(.badGateway, "n8n_error", "n8n refused or failed (\(status), \(error.kind.rawValue)): \(error.message)")
        }
    }

    private static func optionalBody(_ request: Request) async throws -> [String: JSONValue]? {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: 4096)
        } catch {
            throw APIError(.contentTooLarge, "body_too_large", "the body must be at most 4096 bytes")
        }
        guard buffer.readableBytes > 0 else { return nil }
        guard let object = (try? JSONDecoder().decode(JSONValue.self, from: Data(buffer.readableBytesView)))?.objectValue else {
            throw APIError(.badRequest, "invalid_body", "the body must be a JSON object")
        }
        return object
    }

    private static func object(_ document: N8NWorkflowDocument) throws -> Any {
        try JSONSerialization.jsonObject(with: JSONCoding.encoder().encode(document))
    }

    private static func fileName(_ name: String) -> String {
        String(name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }.prefix(60))
    }
}
