import Foundation
import Synchronization

/// A local Twilio REST API speaking the Messages subset FloWorx uses, for tests, the vendor check and the demo.
///
/// Endpoints (HTTP basic auth: Account SID + Auth Token, or API Key SID + secret; else 401 code 20003):
/// `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` (form: `To`, `From` or `MessagingServiceSid`, `Body`,
/// `StatusCallback`), `GET .../Messages/{Sid}.json`, `GET .../Messages.json` (`To`, `From`, `PageSize`, `Page`;
/// Twilio's paging envelope). Validation answers Twilio's codes: 21604 no To, 21603 no From, 21602 no Body,
/// 21211 invalid To, 21606 From not owned, 21701 unknown Messaging Service, 21617 body over 1,600 characters,
/// 21408 region not enabled, 21610 unsubscribed recipient. Errors have Twilio's body
/// `{"code", "message", "more_info", "status"}`.
///
/// After a create the message goes `queued` → `sent` → `delivered` (or `undelivered`/`failed` with an error code
/// for a number `setRecipient` marks), and each step is POSTed to the `StatusCallback`, form-encoded and signed
/// with `X-Twilio-Signature` as Twilio signs it. `/_local/twilio/...` is the control API over HTTP.
public final class LocalTwilioServer: Sendable {
    public let configuration: LocalTwilioConfiguration
    /// Fault injection: the next N requests under a path prefix answer a status (429 carries code 20429).
    public let faults = FaultPlan()
    let state = Mutex<LocalTwilioState>(LocalTwilioState())
    let callbacks: LocalTwilioCallbackSender
    private let slot = LocalServerSlot()

    public init(configuration: LocalTwilioConfiguration = LocalTwilioConfiguration()) {
        self.configuration = configuration
        self.callbacks = LocalTwilioCallbackSender(authToken: configuration.authToken)
    }

    /// `http://127.0.0.1:<port>` (FloWorx's `FLOWORX_TWILIO_BASE_URL`) once started.
    public var baseURL: String? {
        slot.baseURL
    }

    /// Starts listening (port 0: ephemeral) and returns the base URL.
    @discardableResult
    public func start(host: String = "127.0.0.1", port: Int = 0) async throws -> String {
        try await slot.start(host: host, port: port, maxBodyBytes: 1024 * 1024, label: "local-twilio") { [self] request in
            await self.respond(request)
        }
    }

    /// Stops listening; callbacks still in flight are cancelled.
    public func stop() async {
        callbacks.cancelAll()
        await slot.stop()
    }

    func respond(_ request: LocalHTTPRequest) async -> LocalHTTPResponse {
        if request.path.hasPrefix("/_local/twilio/") { return await control(request) }
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard parts.count >= 4, parts[0] == "2010-04-01", parts[1] == "Accounts" else {
            return Self.error(404, 20404, "The requested resource \(request.path) was not found")
        }
        guard authenticate(request.header("Authorization")), parts[2] == configuration.accountSid else {
            return LocalHTTPResponse.json(401, Self.errorBody(401, 20003, "Authenticate"), headers: [("WWW-Authenticate", "Basic realm=\"Twilio API\"")])
        }
        if let fault = faults.take(method: request.method, path: request.path) {
            var headers: [(String, String)] = []
            if let seconds = fault.retryAfterSeconds { headers.append(("Retry-After", String(seconds))) }
            let code = fault.status == 429 ? 20429 : 20500
            let message = fault.status == 429 ? "Too Many Requests" : "An internal server error has occurred"
            return LocalHTTPResponse.json(fault.status, Self.errorBody(fault.status, code, message), headers: headers)
        }
        switch (request.method, Array(parts.dropFirst(3))) {
        case ("POST", ["Messages.json"]): return create(request)
        case ("GET", ["Messages.json"]): return list(request)
        case ("GET", let rest) where rest.count == 2 && rest[0] == "Messages" && rest[1].hasSuffix(".json"):
            return fetch(sid: String(rest[1].dropLast(5)))
        case (_, let rest) where rest.first == "Messages.json" || rest.first == "Messages":
            return Self.error(405, 20004, "Method not allowed")
        default:
            return Self.error(404, 20404, "The requested resource \(request.path) was not found")
        }
    }

    /// Basic auth with the Account SID and Auth Token, or an API key and its secret.
    func authenticate(_ header: String?) -> Bool {
        guard let header, header.hasPrefix("Basic "), let data = Data(base64Encoded: String(header.dropFirst(6))),
              let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":") else { return false }
        let user = String(text[..<colon]), password = String(text[text.index(after: colon)...])
        if user == configuration.accountSid { return password == configuration.authToken }
        return configuration.apiKeys[user].map { $0 == password } ?? false
    }

    // MARK: Rendering

    static func errorBody(_ status: Int, _ code: Int, _ message: String) -> Data {
        json(["code": code, "message": message, "more_info": "https://www.twilio.com/docs/errors/\(code)", "status": status])
    }

    static func error(_ status: Int, _ code: Int, _ message: String) -> LocalHTTPResponse {
        .json(status, errorBody(status, code, message))
    }

    static func json(_ object: Any) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    }
}

/// The server's mutable state.
struct LocalTwilioState {
    /// In creation order.
    var messages: [LocalTwilioMessage] = []
    var recipients: [String: LocalTwilioRecipientBehavior] = [:]
}
