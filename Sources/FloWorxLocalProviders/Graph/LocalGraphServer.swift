import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A local Microsoft Graph v1.0 server speaking the mail subset FloWorx uses, for tests, benchmarks and the demo.
///
/// Endpoints (under `/v1.0`, also as `users/{id or address}/...`): `me`, `me/revokeSignInSessions`,
/// `me/mailFolders[/{id}]`, `me/mailFolders/{id}/childFolders` (GET, POST; 409 `ErrorFolderExists`),
/// `me/mailFolders/{id}/messages`, `me/mailFolders/{id}/messages/delta` (`@odata.nextLink` / `@odata.deltaLink`,
/// `@removed`, 410 after `expireDelta`), `me/messages/{id}` (GET, PATCH, DELETE), `.../$value`, `.../move`,
/// `.../createReply`, `subscriptions` (POST with the `validationToken` handshake, GET, PATCH, DELETE).
/// Honours `Prefer: IdType="ImmutableId"` and `Prefer: odata.maxpagesize`. Errors use Graph's body
/// `{"error":{"code","message","innerError"}}`; throttling answers 429 with `Retry-After`.
///
/// One server holds any number of mailboxes; each has a bearer token (`addMailbox`) or gets tokens from
/// `LocalMicrosoftOAuth`. Unlike Graph, `http` notification URLs are accepted (everything runs on loopback).
public final class LocalGraphServer: Sendable {
    /// The settings the server runs with.
    public let configuration: LocalGraphConfiguration
    /// Fault injection: the next N requests under a path prefix (e.g. `/v1.0/me/messages`) answer a status.
    public let faults = FaultPlan()
    let store: GraphStore
    let notifier: GraphNotifier
    private let running = Mutex<(task: Task<Void, any Error>?, group: ServiceGroup?, root: String?)>((nil, nil, nil))

    /// Creates a stopped server.
    public init(configuration: LocalGraphConfiguration = LocalGraphConfiguration()) {
        self.configuration = configuration
        self.notifier = GraphNotifier(configuration: configuration)
        self.store = GraphStore(configuration: configuration, notifier: notifier)
    }

    /// The service root, `http://127.0.0.1:<port>/v1.0` (FloWorx's Graph base URL), once started.
    public var baseURL: String? { running.withLock { $0.root } }

    /// Starts listening on `host`:`port` (0: an ephemeral port) and returns the service root,
    /// `http://<host>:<port>/v1.0`.
    @discardableResult
    public func start(host: String = "127.0.0.1", port: Int = 0) async throws -> String {
        if let root = baseURL { return root }
        var logger = Logger(label: "local-graph")
        logger.logLevel = .error
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let responder = CallbackResponder<BasicRequestContext> { [self] request, _ in
            await self.respond(request)
        }
        let app = Application(
            responder: responder, configuration: .init(address: .hostname(host, port: port), serverName: "Microsoft-IIS/10.0"),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let task = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let bound = await iterator.next(), bound > 0 else {
            task.cancel()
            throw LocalGraphError("the local Graph server did not start")
        }
        let root = "http://\(host):\(bound)/v1.0"
        running.withLock { $0 = (task, group, root) }
        return root
    }

    /// Stops the server: cancels pending notification retries, lets waiting requests go and closes the listener.
    public func stop() async {
        let (task, group) = running.withLock { state -> (Task<Void, any Error>?, ServiceGroup?) in
            defer { state = (nil, nil, nil) }
            return (state.task, state.group)
        }
        notifier.cancelAll()
        await store.releaseAll()
        // A graceful shutdown: in-flight requests finish, idle connections close, nothing is logged as an error.
        await group?.triggerGracefulShutdown()
        _ = try? await task?.value
    }

    private func respond(_ request: Request) async -> Response {
        let path = request.uri.path
        if path.hasPrefix(Self.localPrefix) { return await handleLocal(request) }
        let clientRequestID = request.headers[HTTPField.Name("client-request-id")!]
        guard let segments = GraphRequest.segments(ofPath: path) else {
            return Self.response(.error(400, "BadRequest", "Invalid version."), clientRequestID: clientRequestID)
        }
        let method = request.method.rawValue
        let email: String
        switch await store.authenticate(request.headers[.authorization]) {
        case .success(let value): email = value
        case .failure(let failure):
            var reply = failure.reply
            reply.headers.append(("WWW-Authenticate", "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", client_id=\"00000003-0000-0000-c000-000000000000\""))
            return Self.response(reply, clientRequestID: clientRequestID)
        }
        guard let operation = GraphStore.operation(method: method, segments: segments) else {
            let status = segments.isEmpty ? 400 : 400
            return Self.response(.error(status, "BadRequest", "Resource not found for the segment '\(segments.last ?? "")'."), clientRequestID: clientRequestID)
        }
        if let fault = faults.take(method: method, path: path) {
            await store.count(email: email, operation: operation)
            return Self.response(.fault(status: fault.status, retryAfter: fault.retryAfterSeconds), clientRequestID: clientRequestID)
        }
        if let rejected = await store.admit(email: email, operation: operation) {
            return Self.response(rejected, clientRequestID: clientRequestID)
        }
        await store.waitIfHeld(email: email)
        let body: Data
        do {
            body = Data(try await request.body.collect(upTo: 8 * 1024 * 1024).readableBytesView)
        } catch {
            await store.finish(email: email)
            return Self.response(.error(413, "RequestEntityTooLarge", "The request body is too large."), clientRequestID: clientRequestID)
        }
        let preferences = GraphRequest.preferences(request.headers[values: HTTPField.Name("Prefer")!])
        let parsed = GraphRequest(
            method: method, segments: segments, query: GraphRequest.query(request.uri.query), immutableIds: preferences.immutable,
            maxPageSize: preferences.maxPageSize, body: body, serviceRoot: baseURL ?? "http://127.0.0.1/v1.0", path: path)
        let reply = await store.handle(parsed, email: email, operation: operation)
        await store.finish(email: email)
        return Self.response(reply, clientRequestID: clientRequestID)
    }

    static func response(_ reply: GraphReply, clientRequestID: String?) -> Response {
        var fields = HTTPFields()
        let requestID = UUID().uuidString.lowercased()
        fields[HTTPField.Name("request-id")!] = requestID
        fields[HTTPField.Name("client-request-id")!] = clientRequestID ?? requestID
        fields[.cacheControl] = "no-cache"
        if let contentType = reply.contentType { fields[.contentType] = contentType }
        for (name, value) in reply.headers {
            if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
        }
        return Response(status: HTTPResponse.Status(code: reply.status), headers: fields,
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: reply.body)))
    }
}
