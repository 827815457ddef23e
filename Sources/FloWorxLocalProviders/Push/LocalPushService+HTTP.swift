import Foundation

extension LocalPushService {
    /// Routes one request: pushes under `/push/`, the control surface under `/_local/push/`.
    func respond(_ request: LocalHTTPRequest) async -> LocalHTTPResponse {
        let segments = request.path.split(separator: "/").map(String.init)
        switch (request.method, segments.count) {
        case ("POST", 2) where segments[0] == "push":
            return push(token: segments[1], request: request)
        case ("POST", 3) where segments[0] == "_local" && segments[1] == "push" && segments[2] == "subscriptions":
            let object = (try? JSONSerialization.jsonObject(with: request.body)) as? [String: Any]
            do {
                let subscription = try createSubscription(applicationServerKey: object?["application_server_key"] as? String)
                return Self.json(201, ["token": subscription.token, "endpoint": subscription.endpoint])
            } catch {
                return Self.error(503, "\(error)")
            }
        case ("POST", 5) where segments[0] == "_local" && segments[2] == "subscriptions" && segments[4] == "gone":
            do {
                try markGone(segments[3])
                return LocalHTTPResponse.empty(204)
            } catch {
                return Self.error(404, "no such subscription")
            }
        case ("GET", 5) where segments[0] == "_local" && segments[2] == "subscriptions" && segments[4] == "messages":
            let list: [[String: Any]] = messages(token: segments[3]).map { message in
                var entry: [String: Any] = [
                    "id": message.id, "body": LocalPushVAPIDVerifier.encode(message.body), "ttl": message.ttl,
                    "urgency": message.urgency, "content_encoding": message.contentEncoding,
                    "authorization": message.authorization, "vapid_public_key": message.vapidPublicKey,
                    "vapid_subject": message.vapidSubject,
                ]
                if let topic = message.topic { entry["topic"] = topic }
                return entry
            }
            return Self.json(200, ["messages": list])
        default:
            return Self.error(404, "not found")
        }
    }

    static func json(_ status: Int, _ object: Any) -> LocalHTTPResponse {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return LocalHTTPResponse.json(status, data)
    }
}

extension LocalPushVAPIDVerifier {
    /// base64url without padding.
    static func encode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
