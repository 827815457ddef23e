import AsyncHTTPClient
import FloWorxCore
import Foundation
import NIOHTTP1

/// Manages workflows through n8n's public REST API (v1): `X-N8N-API-KEY` authentication, `/api/v1/workflows` list
/// (name filter, cursor pagination), create, get, update (PUT), delete, activate and deactivate.
///
/// Errors are `MailProviderError` with provider `n8n` (kind `unauthorized` for a refused key, `notFound`,
/// `badRequest` with n8n's validation message, `rateLimited`, `server`, `transport`...; `isRetryable` says whether to
/// try again). One request per call, no retries and no logging; the API key never appears in an error.
public struct N8NClient: Sendable {
    public let configuration: N8NConfiguration
    let http: MailHTTP

    public init(configuration: N8NConfiguration, client: HTTPClient = .shared) {
        self.configuration = configuration
        self.http = MailHTTP(client: client, provider: .n8n, timeout: configuration.timeout, maxResponseBytes: configuration.maxResponseBytes)
    }

    /// One page of workflows, oldest first; `name` keeps those whose name contains it (n8n's filter).
    public func listWorkflows(name: String? = nil, limit: Int = 100, cursor: String? = nil) async throws(MailProviderError) -> N8NWorkflowPage {
        let query = MailHTTP.query([("name", name), ("limit", cursor == nil ? String(limit) : nil), ("cursor", cursor)])
        return try await call(.GET, "/workflows" + query, operation: "workflows.list")
    }

    /// Every workflow whose name is exactly `name`, following the cursor through all pages.
    public func workflows(named name: String) async throws(MailProviderError) -> [N8NWorkflow] {
        var found: [N8NWorkflow] = []
        var cursor: String?
        repeat {
            let page = try await listWorkflows(name: name, limit: 250, cursor: cursor)
            found += page.data.filter { $0.name == name }
            cursor = page.nextCursor
        } while cursor != nil
        return found
    }

    /// `POST /workflows`: creates the workflow (inactive).
    public func createWorkflow(_ document: N8NWorkflowDocument) async throws(MailProviderError) -> N8NWorkflow {
        try await call(.POST, "/workflows", body: MailHTTP.json(document), operation: "workflows.create")
    }

    /// `GET /workflows/{id}`.
    public func workflow(id: String) async throws(MailProviderError) -> N8NWorkflow {
        try await call(.GET, "/workflows/" + MailHTTP.percentEncode(id), operation: "workflows.get")
    }

    /// `PUT /workflows/{id}`: replaces the workflow's name, nodes, connections and settings (an active workflow stays
    /// active with the new nodes).
    public func updateWorkflow(id: String, _ document: N8NWorkflowDocument) async throws(MailProviderError) -> N8NWorkflow {
        try await call(.PUT, "/workflows/" + MailHTTP.percentEncode(id), body: MailHTTP.json(document), operation: "workflows.update")
    }

    /// `POST /workflows/{id}/activate`.
    public func activate(id: String) async throws(MailProviderError) -> N8NWorkflow {
        try await call(.POST, "/workflows/" + MailHTTP.percentEncode(id) + "/activate", operation: "workflows.activate")
    }

    /// `POST /workflows/{id}/deactivate`.
    public func deactivate(id: String) async throws(MailProviderError) -> N8NWorkflow {
        try await call(.POST, "/workflows/" + MailHTTP.percentEncode(id) + "/deactivate", operation: "workflows.deactivate")
    }

    /// `DELETE /workflows/{id}`: returns the deleted workflow.
    @discardableResult
    public func deleteWorkflow(id: String) async throws(MailProviderError) -> N8NWorkflow {
        try await call(.DELETE, "/workflows/" + MailHTTP.percentEncode(id), operation: "workflows.delete")
    }

    private func call<T: Decodable>(_ method: HTTPMethod, _ path: String, body: Data? = nil, operation: String) async throws(MailProviderError) -> T {
        var headers: HTTPHeaders = ["X-N8N-API-KEY": configuration.apiKey, "Accept": "application/json"]
        if body != nil { headers.add(name: "Content-Type", value: "application/json") }
        let secrets = [configuration.apiKey]
        let response = try await http.send(method, configuration.apiURL + path, headers: headers, body: body, operation: operation, secrets: secrets) {
            status, data, retryAfter in
            Self.failure(status: status, body: data, retryAfter: retryAfter, operation: operation, secrets: secrets)
        }
        return try http.decode(T.self, from: response, operation: operation)
    }

    /// n8n's error body is `{"message": ...}` (validation failures name the field: `request/body must have required
    /// property 'settings'`).
    static func failure(status: Int, body: Data, retryAfter: String?, operation: String, secrets: [String]) -> MailProviderError {
        struct Body: Decodable { var message: String? }
        let message = (try? JSONDecoder().decode(Body.self, from: body))?.message ?? "HTTP \(status) without an n8n error body"
        let kind: MailProviderError.Kind = switch status {
        case 401: .unauthorized
        case 403: .forbidden
        case 404: .notFound
        case 409: .conflict
        case 413: .tooLarge
        case 429: .rateLimited
        case 500...: .server
        default: .badRequest
        }
        return MailProviderError(
            kind: kind, provider: .n8n, operation: operation, status: status,
            message: String(MailProviderError.sanitize(message, secrets: secrets).prefix(300)),
            retryAfter: retryAfter.flatMap { MailProviderError.parseRetryAfter($0) })
    }
}
