import Foundation
import Synchronization

/// A local n8n public API (v1) speaking the workflow subset FloWorx uses, for tests, the OpenAPI check
/// (scripts/n8n-check) and the demo.
///
/// Endpoints under `/api/v1`, all authenticated with `X-N8N-API-KEY` (missing: 401 `'X-N8N-API-KEY' header
/// required`; wrong: 401 `unauthorized`): `GET /workflows` (`name` substring filter, `active`, `limit` 1...250
/// default 100, `cursor` from the previous page's `nextCursor`), `POST /workflows`, `GET|PUT|DELETE
/// /workflows/{id}`, `POST /workflows/{id}/activate|deactivate`. Bodies are checked as n8n's OpenAPI validator checks
/// them (400 with its messages); unknown ids answer 404 `Not Found`; activating a workflow without a trigger node
/// answers 400 as n8n does. Every error body is n8n's `{"message": ...}`. Updating an active workflow keeps it active.
public final class LocalN8NServer: Sendable {
    /// The API key the server accepts.
    public let apiKey: String
    /// Fault injection: the next N requests under a path prefix answer a status.
    public let faults = FaultPlan()
    let state = Mutex<[LocalN8NWorkflow]>([])
    private let server = Mutex<LocalHTTPServer?>(nil)

    public init(apiKey: String = "n8n_api_" + LocalTwilioConfiguration.randomHex(32)) {
        self.apiKey = apiKey
    }

    /// `http://127.0.0.1:<port>` (FloWorx's `N8N_API_URL`) once started.
    public var baseURL: String? {
        server.withLock { $0.map { "http://127.0.0.1:\($0.port)" } }
    }

    /// Starts listening (port 0: ephemeral) and returns the base URL.
    @discardableResult
    public func start(host: String = "127.0.0.1", port: Int = 0) async throws -> String {
        if let baseURL { return baseURL }
        let started = try await LocalHTTPServer.start(host: host, port: port, maxBodyBytes: 16 * 1024 * 1024, label: "local-n8n") { [self] request in
            self.respond(request)
        }
        server.withLock { $0 = started }
        return "http://\(host):\(started.port)"
    }

    /// Stops listening.
    public func stop() async {
        let running = server.withLock { server -> LocalHTTPServer? in
            defer { server = nil }
            return server
        }
        await running?.stop()
    }

    /// Every workflow the server holds, in creation order.
    public var workflows: [LocalN8NWorkflow] { state.withLock { $0 } }

    func respond(_ request: LocalHTTPRequest) -> LocalHTTPResponse {
        guard request.path == "/api/v1/workflows" || request.path.hasPrefix("/api/v1/workflows/") else {
            return Self.error(404, "not found")
        }
        guard let key = request.header("X-N8N-API-KEY") else { return Self.error(401, "'X-N8N-API-KEY' header required") }
        guard key == apiKey else { return Self.error(401, "unauthorized") }
        if let fault = faults.take(method: request.method, path: request.path) {
            var headers: [(String, String)] = []
            if let seconds = fault.retryAfterSeconds { headers.append(("Retry-After", String(seconds))) }
            return .json(fault.status, Self.message(fault.status == 429 ? "Too Many Requests" : "Internal Server Error"), headers: headers)
        }
        let parts = request.path.split(separator: "/").dropFirst(3).map(String.init)
        switch (request.method, parts.count, parts.last) {
        case ("GET", 0, _): return list(request)
        case ("POST", 0, _): return create(request)
        case ("GET", 1, _): return withWorkflow(parts[0]) { .json(200, $0.json.data) }
        case ("PUT", 1, _): return update(parts[0], request)
        case ("DELETE", 1, _): return delete(parts[0])
        case ("POST", 2, "activate"): return setActive(parts[0], true)
        case ("POST", 2, "deactivate"): return setActive(parts[0], false)
        case (_, 0...1, _), (_, 2, "activate"), (_, 2, "deactivate"): return Self.error(405, "\(request.method) method not allowed")
        default: return Self.error(404, "not found")
        }
    }

    func list(_ request: LocalHTTPRequest) -> LocalHTTPResponse {
        var limit = 100, offset = 0
        if let cursor = request.queryValue("cursor") {
            guard let data = Data(base64Encoded: cursor),
                  let page = try? JSONDecoder().decode(Cursor.self, from: data), page.limit > 0, page.offset >= 0 else {
                return Self.error(400, "An invalid cursor was provided")
            }
            (limit, offset) = (page.limit, page.offset)
        } else if let text = request.queryValue("limit") {
            guard let value = Double(text), value == value.rounded() else { return Self.error(400, "request/query/limit must be number") }
            guard value <= 250 else { return Self.error(400, "request/query/limit must be <= 250") }
            guard value >= 1 else { return Self.error(400, "request/query/limit must be >= 1") }
            limit = Int(value)
        }
        let name = request.queryValue("name")
        let active = request.queryValue("active")
        if let active, active != "true", active != "false" { return Self.error(400, "request/query/active must be boolean") }
        let matching = state.withLock { $0 }.filter { workflow in
            (name == nil || workflow.name.contains(name!)) && (active == nil || workflow.active == (active == "true"))
        }
        let page = Array(matching.dropFirst(offset).prefix(limit))
        var next: LocalN8NJSON = .null
        if offset + limit < matching.count, let data = try? JSONEncoder().encode(Cursor(offset: offset + limit, limit: limit)) {
            next = .string(data.base64EncodedString())
        }
        return .json(200, LocalN8NJSON.object(["data": .array(page.map(\.json)), "nextCursor": next]).data)
    }

    func create(_ request: LocalHTTPRequest) -> LocalHTTPResponse {
        switch LocalN8NValidation.workflow(request.body) {
        case .failure(let problem): return Self.error(400, problem.text)
        case .success(let body):
            let now = Date()
            var workflow = LocalN8NWorkflow(
                id: LocalN8NWorkflow.randomId(), name: "", active: false, createdAt: now, updatedAt: now, nodes: [],
                connections: .object([:]), settings: .object([:]), staticData: .null)
            workflow.replace(with: body)
            state.withLock { $0.append(workflow) }
            return .json(200, workflow.json.data)
        }
    }

    func update(_ id: String, _ request: LocalHTTPRequest) -> LocalHTTPResponse {
        let body: [String: LocalN8NJSON]
        switch LocalN8NValidation.workflow(request.body) {
        case .failure(let problem): return Self.error(400, problem.text)
        case .success(let fields): body = fields
        }
        return change(id) { workflow in
            workflow.replace(with: body)
            // n8n re-activates an active workflow with its new nodes: one that lost its trigger cannot stay active.
            if workflow.active, !LocalN8NValidation.hasTrigger(workflow.nodes) { return Self.noTrigger }
            return nil
        }
    }

    func setActive(_ id: String, _ active: Bool) -> LocalHTTPResponse {
        change(id) { workflow in
            if active, !LocalN8NValidation.hasTrigger(workflow.nodes) { return Self.noTrigger }
            workflow.active = active
            return nil
        }
    }

    func delete(_ id: String) -> LocalHTTPResponse {
        let removed = state.withLock { workflows -> LocalN8NWorkflow? in
            guard let index = workflows.firstIndex(where: { $0.id == id }) else { return nil }
            return workflows.remove(at: index)
        }
        guard let removed else { return Self.notFound }
        return .json(200, removed.json.data)
    }

    /// Applies `body` to the workflow atomically; it answers an error to leave the workflow as it was.
    private func change(_ id: String, _ body: (inout LocalN8NWorkflow) -> LocalHTTPResponse?) -> LocalHTTPResponse {
        state.withLock { workflows in
            guard let index = workflows.firstIndex(where: { $0.id == id }) else { return Self.notFound }
            var workflow = workflows[index]
            if let refusal = body(&workflow) { return refusal }
            workflow.updatedAt = Date()
            workflows[index] = workflow
            return .json(200, workflow.json.data)
        }
    }

    private func withWorkflow(_ id: String, _ body: (LocalN8NWorkflow) -> LocalHTTPResponse) -> LocalHTTPResponse {
        guard let workflow = state.withLock({ $0.first { $0.id == id } }) else { return Self.notFound }
        return body(workflow)
    }

    /// The position in the list a `nextCursor` continues from (n8n's cursors are opaque base64 JSON too).
    struct Cursor: Codable {
        var offset: Int
        var limit: Int
    }

    static let notFound = error(404, "Not Found")
    static let noTrigger = error(400, "Workflow has no node to start the workflow - at least one trigger, poller or webhook node is required")

    static func message(_ text: String) -> Data { LocalN8NJSON.object(["message": .string(text)]).data }

    static func error(_ status: Int, _ text: String) -> LocalHTTPResponse { .json(status, message(text)) }
}
