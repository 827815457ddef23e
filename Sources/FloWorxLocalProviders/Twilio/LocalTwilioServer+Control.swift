import Foundation
import Synchronization

/// The control surface: what tests and the demo read back, and how they make a number unreachable. In process, and
/// over HTTP under `/_local/twilio/` (no auth; loopback only): `GET /_local/twilio/messages[?to=]`,
/// `GET /_local/twilio/callbacks`, `POST /_local/twilio/recipients` with JSON
/// `{"number": "+1...", "behavior": "deliver" | "undelivered" | "failed" | "unsubscribed", "error_code": 30003}`.
extension LocalTwilioServer {
    /// Every message accepted so far, oldest first (optionally only those to `to`).
    public func messages(to: String? = nil) -> [LocalTwilioMessage] {
        state.withLock { $0.messages }.filter { to == nil || $0.to == to }
    }

    /// A message by SID.
    public func message(sid: String) -> LocalTwilioMessage? {
        state.withLock { $0.messages.first { $0.sid == sid } }
    }

    /// What happens to later messages to `number`.
    public func setRecipient(_ number: String, _ behavior: LocalTwilioRecipientBehavior) {
        state.withLock { $0.recipients[number] = behavior }
    }

    /// Later messages to `number` end `undelivered` with `errorCode` (30003 unreachable handset by default).
    public func markUnreachable(_ number: String, errorCode: Int = 30003) {
        setRecipient(number, .fail(status: "undelivered", errorCode: errorCode))
    }

    /// Every status callback POSTed, in the order they finished.
    public func callbackLog() -> [LocalTwilioCallback] { callbacks.log }

    /// Waits until every status callback started so far has been POSTed and answered (or failed).
    public func drainCallbacks() async { await callbacks.drain() }

    func control(_ request: LocalHTTPRequest) async -> LocalHTTPResponse {
        switch (request.method, request.path) {
        case ("GET", "/_local/twilio/messages"):
            return .json(200, Self.json(["messages": messages(to: request.queryValue("to")).map(\.json)]))
        case ("GET", "/_local/twilio/callbacks"):
            let log = callbackLog().map { record -> [String: Any] in
                ["url": record.url, "signature": record.signature, "status": record.responseStatus ?? NSNull() as Any,
                 "parameters": Dictionary(record.parameters.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })]
            }
            return .json(200, Self.json(["callbacks": log]))
        case ("POST", "/_local/twilio/recipients"):
            guard let object = try? JSONSerialization.jsonObject(with: request.body) as? [String: Any],
                  let number = object["number"] as? String, Self.isE164(number) else {
                return Self.error(400, 21211, "expected {\"number\": \"+E164\", \"behavior\": ...}")
            }
            let code = object["error_code"] as? Int
            switch object["behavior"] as? String ?? "undelivered" {
            case "deliver": setRecipient(number, .deliver)
            case "undelivered": setRecipient(number, .fail(status: "undelivered", errorCode: code ?? 30003))
            case "failed": setRecipient(number, .fail(status: "failed", errorCode: code ?? 30005))
            case "unsubscribed": setRecipient(number, .unsubscribed)
            default: return Self.error(400, 20001, "behavior must be deliver, undelivered, failed or unsubscribed")
            }
            return .empty(204)
        default:
            return Self.error(404, 20404, "The requested resource \(request.path) was not found")
        }
    }
}
