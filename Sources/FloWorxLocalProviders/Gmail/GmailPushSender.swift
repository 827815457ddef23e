import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Delivers one Gmail notification as Pub/Sub push does: `POST` to the endpoint with
/// `{"message":{"attributes":{},"data":base64({"emailAddress","historyId"}),"messageId","message_id","publishTime",
/// "publish_time"},"subscription":...}` and `Authorization: Bearer <OIDC JWT>`; a 102, 200, 201, 202 or 204 answer
/// acknowledges it, anything else is retried with exponential backoff up to `maxAttempts`.
enum GmailPushSender {
    static let acknowledging: Set<Int> = [102, 200, 201, 202, 204]

    static func body(email: String, historyId: UInt64, messageId: String, subscription: String, publishTime: Date) throws -> Data {
        // Gmail's notification data: the address and the mailbox's new historyId (a JSON number in real pushes).
        let data = try JSONSerialization.data(
            withJSONObject: ["emailAddress": email, "historyId": historyId] as [String: Any], options: [.sortedKeys])
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let time = formatter.string(from: publishTime)
        let message: [String: Any] = [
            "attributes": [String: String](), "data": data.base64EncodedString(), "messageId": messageId,
            "message_id": messageId, "publishTime": time, "publish_time": time,
        ]
        return try JSONSerialization.data(withJSONObject: ["message": message, "subscription": subscription], options: [.sortedKeys])
    }

    static func deliver(
        email: String, historyId: UInt64, messageId: String, route: LocalGmailServer.PushRoute, signer: PubSubPushSigner,
        maxAttempts: Int, retryDelay: Duration, record: @Sendable (LocalGmailServer.PushAttempt) async -> Void
    ) async {
        guard let body = try? Self.body(
            email: email, historyId: historyId, messageId: messageId, subscription: route.subscription, publishTime: Date())
        else { return }
        var delay = retryDelay
        for attempt in 1...max(1, maxAttempts) {
            if Task.isCancelled { return }
            var status: Int?
            do {
                let token = try signer.sign(
                    audience: route.audience ?? route.endpoint, serviceAccountEmail: route.serviceAccountEmail)
                var request = HTTPClientRequest(url: route.endpoint)
                request.method = .POST
                request.headers.add(name: "Content-Type", value: "application/json")
                request.headers.add(name: "Authorization", value: "Bearer \(token)")
                request.headers.add(name: "User-Agent", value: "APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)")
                request.body = .bytes(ByteBuffer(bytes: body))
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
                _ = try? await response.body.collect(upTo: 64 * 1024)
                status = Int(response.status.code)
            } catch {
                status = nil
            }
            await record(LocalGmailServer.PushAttempt(
                email: email, historyId: historyId, messageId: messageId, attempt: attempt, status: status))
            if let status, acknowledging.contains(status) { return }
            guard attempt < maxAttempts else { return }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(10))
        }
    }
}
