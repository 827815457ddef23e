import Foundation
import Synchronization

/// A local push service speaking RFC 8030's push message delivery with RFC 8291/8292's requirements, for tests and
/// the demo: it checks what a real push service checks and keeps the encrypted messages for the subscriber to read.
///
/// - `POST /push/{token}`: a push message. Requires `Authorization: vapid t=<ES256 JWT>, k=<key>` (signature, audience =
///   this origin, expiry in the future and ≤ 24 h, subject; 401 otherwise, 403 when the subscription was made with
///   another application server key), `TTL` (400 without), `Content-Encoding: aes128gcm` (415 otherwise), a body of
///   at most 4096 bytes (413). Answers 201 with `Location: /m/{id}`; 404 for an unknown token, 410 once the
///   subscription is gone. Fault injection (`faults`, path prefix `/push/`) answers 429/5xx with `Retry-After`.
/// - Control surface (not part of any standard), in Swift and over HTTP under `/_local/push/`:
///   `POST /_local/push/subscriptions` (optional JSON `{"application_server_key"}`) → `{"token", "endpoint"}`;
///   `POST /_local/push/subscriptions/{token}/gone`; `GET /_local/push/subscriptions/{token}/messages` → every message
///   with its body in base64url and its headers.
public final class LocalPushService: Sendable {
    /// Fault injection: the next N pushes under a path prefix answer a status instead.
    public let faults = FaultPlan()
    private let state = Mutex<State>(State())
    private let server = Mutex<LocalHTTPServer?>(nil)

    private struct State {
        var subscriptions: [String: LocalPushSubscription] = [:]
        var messages: [LocalPushMessage] = []
        var origin: String?
    }

    /// Creates a stopped service.
    public init() {}

    /// The service's origin, `http://127.0.0.1:<port>`, once started.
    public var origin: String? { state.withLock { $0.origin } }

    /// Starts listening and returns the origin.
    @discardableResult
    public func start(host: String = "127.0.0.1", port: Int = 0) async throws -> String {
        if let origin { return origin }
        let started = try await LocalHTTPServer.start(host: host, port: port, maxBodyBytes: 64 * 1024, label: "local-push") { [self] request in
            await self.respond(request)
        }
        let origin = "http://\(host):\(started.port)"
        server.withLock { $0 = started }
        state.withLock { $0.origin = origin }
        return origin
    }

    /// Stops listening.
    public func stop() async {
        let running = server.withLock { server in
            defer { server = nil }
            return server
        }
        await running?.stop()
    }

    /// A new subscription endpoint, as `pushManager.subscribe()` would get from a push service. With
    /// `applicationServerKey` (base64url), only pushes signed with that VAPID key are accepted.
    public func createSubscription(applicationServerKey: String? = nil) throws -> LocalPushSubscription {
        guard let origin else { throw LocalProviderError.invalidArgument("the local push service is not started") }
        let token = Self.randomToken()
        let subscription = LocalPushSubscription(
            token: token, endpoint: "\(origin)/push/\(token)", applicationServerKey: applicationServerKey, gone: false)
        state.withLock { $0.subscriptions[token] = subscription }
        return subscription
    }

    /// The user agent unsubscribed: every later push to `token` answers 410 Gone.
    public func markGone(_ token: String) throws {
        try state.withLock { state in
            guard state.subscriptions[token] != nil else { throw LocalProviderError.notFound("push subscription \(token)") }
            state.subscriptions[token]?.gone = true
        }
    }

    /// The messages accepted for `token` (all tokens when nil), oldest first.
    public func messages(token: String? = nil) -> [LocalPushMessage] {
        state.withLock { state in state.messages.filter { token == nil || $0.token == token } }
    }

    /// The subscription with this token, or with this endpoint URL.
    public func subscription(_ tokenOrEndpoint: String) -> LocalPushSubscription? {
        let token = tokenOrEndpoint.split(separator: "/").last.map(String.init) ?? tokenOrEndpoint
        return state.withLock { $0.subscriptions[token] }
    }

    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<18).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return LocalPushVAPIDVerifier.encode(Data(bytes))
    }

    /// Accepts or refuses one push (the route of `POST /push/{token}`).
    func push(token: String, request: LocalHTTPRequest) -> LocalHTTPResponse {
        guard let origin else { return Self.error(503, "not started") }
        if let fault = faults.take(method: request.method, path: request.path) {
            return Self.error(fault.status, "injected fault", headers: fault.retryAfterSeconds.map { [("Retry-After", String($0))] } ?? [])
        }
        guard let subscription = state.withLock({ $0.subscriptions[token] }) else { return Self.error(404, "no such subscription") }
        if subscription.gone { return Self.error(410, "push subscription has expired or was unsubscribed") }
        let verified: LocalPushVAPIDVerifier.Verified
        do {
            verified = try LocalPushVAPIDVerifier(origin: origin).verify(request.header("Authorization"))
        } catch {
            return Self.error(401, error.message)
        }
        if let expected = subscription.applicationServerKey,
           LocalPushVAPIDVerifier.base64URL(expected) != LocalPushVAPIDVerifier.base64URL(verified.publicKey) {
            return Self.error(403, "the VAPID key is not the application server key of this subscription")
        }
        guard let ttlText = request.header("TTL"), let ttl = Int(ttlText.trimmingCharacters(in: .whitespaces)), ttl >= 0 else {
            return Self.error(400, "TTL header (seconds) is required")
        }
        guard request.header("Content-Encoding")?.lowercased() == "aes128gcm" else {
            return Self.error(415, "Content-Encoding must be aes128gcm")
        }
        guard request.body.count <= 4096 else { return Self.error(413, "push message body larger than 4096 bytes") }
        let urgency = request.header("Urgency") ?? "normal"
        guard ["very-low", "low", "normal", "high"].contains(urgency) else { return Self.error(400, "unknown Urgency \(urgency)") }
        let id = Self.randomToken()
        let message = LocalPushMessage(
            id: id, token: token, body: request.body, ttl: ttl, urgency: urgency, topic: request.header("Topic"),
            contentEncoding: "aes128gcm", authorization: request.header("Authorization") ?? "", vapidPublicKey: verified.publicKey,
            vapidSubject: verified.subject, receivedAt: Date())
        state.withLock { $0.messages.append(message) }
        return LocalHTTPResponse.empty(201, headers: [("Location", "\(origin)/m/\(id)"), ("TTL", String(ttl))])
    }

    /// An error answer: a small JSON body, as autopush sends (`{"code", "errno", "error", "message"}`, simplified).
    static func error(_ status: Int, _ message: String, headers: [(String, String)] = []) -> LocalHTTPResponse {
        let body = (try? JSONSerialization.data(withJSONObject: ["code": status, "message": message], options: [.sortedKeys])) ?? Data()
        return LocalHTTPResponse.json(status, body, headers: headers)
    }
}
