import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Sends push messages to browsers' push services (RFC 8030) with `aes128gcm` encryption (RFC 8291) and VAPID
/// (RFC 8292). One request per message; it never retries (the notification jobs do) and never logs.
public struct WebPushClient: Sendable {
    let client: HTTPClient
    /// The VAPID key, subject and limits.
    public let configuration: WebPushConfiguration

    /// A client sending through `client` (shared, owned by the caller).
    public init(client: HTTPClient, configuration: WebPushConfiguration) {
        self.client = client
        self.configuration = configuration
    }

    /// The VAPID public key (base64url) browsers subscribe with.
    public var publicKey: String { configuration.keys.publicKeyBase64URL }

    /// Encrypts `payload` for `subscription` and POSTs it to its endpoint.
    ///
    /// - Parameters:
    ///   - ttl: seconds the push service keeps the message for an offline user agent (`TTL`, RFC 8030 §5.2).
    ///   - urgency: `Urgency` (RFC 8030 §5.3); escalation alerts use `.high`.
    ///   - topic: `Topic` (RFC 8030 §5.4): a newer message with the same topic replaces an undelivered one; at most
    ///     32 characters of the base64url alphabet.
    /// - Returns: what the push service said; `.gone` means the subscription must be deleted.
    /// - Throws: `WebPushError` when the message cannot be sent at all (payload too large, bad subscription or header).
    public func send(to subscription: WebPushSubscription, payload: Data, ttl: Int, urgency: WebPushUrgency = .normal,
                     topic: String? = nil) async throws(WebPushError) -> WebPushResult {
        guard payload.count <= WebPushEncryption.maximumPlaintextSize else {
            throw .payloadTooLarge(size: payload.count, limit: WebPushEncryption.maximumPlaintextSize)
        }
        guard ttl >= 0 else { throw .invalidHeader("TTL must be 0 or more seconds") }
        if let topic { try Self.validate(topic: topic) }
        guard let audience = subscription.origin else { throw .invalidSubscription("the endpoint has no origin") }
        let body = try WebPushEncryption.encrypt(payload, for: subscription)
        let authorization = try VAPIDToken.authorization(
            keys: configuration.keys, audience: audience, subject: configuration.subject, lifetime: configuration.tokenLifetime)
        var request = HTTPClientRequest(url: subscription.endpoint)
        request.method = .POST
        request.headers.add(name: "Authorization", value: authorization)
        request.headers.add(name: "Content-Encoding", value: "aes128gcm")
        request.headers.add(name: "Content-Type", value: "application/octet-stream")
        request.headers.add(name: "TTL", value: String(ttl))
        request.headers.add(name: "Urgency", value: urgency.rawValue)
        if let topic { request.headers.add(name: "Topic", value: topic) }
        request.headers.add(name: "User-Agent", value: "FloWorx")
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let (status, headers, text) = try await exchange(request)
            return Self.result(status: status, headers: headers, body: text)
        } catch {
            // Connection refused, TLS or timeout: the push service may answer later. AsyncHTTPClient's errors name the
            // connection, never the request headers, so no token can leak into the reason.
            return .retry(status: nil, retryAfterSeconds: nil, reason: "no answer from the push service: \(error)")
        }
    }

    /// Sends `value` encoded as JSON (the service worker's `event.data.json()`).
    public func send(to subscription: WebPushSubscription, json value: some Encodable, ttl: Int, urgency: WebPushUrgency = .normal,
                     topic: String? = nil) async throws(WebPushError) -> WebPushResult {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(value)
        } catch {
            throw .invalidHeader("the payload could not be encoded as JSON")
        }
        return try await send(to: subscription, payload: data, ttl: ttl, urgency: urgency, topic: topic)
    }

    /// Maps the push service's answer (RFC 8030 §5, §8.4; what FCM, Mozilla autopush and Apple answer).
    static func result(status: Int, headers: HTTPHeaders, body: String) -> WebPushResult {
        switch status {
        case 200..<300:
            return .accepted(location: headers.first(name: "Location"))
        case 404, 410:
            return .gone(status: status)
        case 429, 500..<600:
            return .retry(status: status, retryAfterSeconds: retryAfter(headers.first(name: "Retry-After")),
                          reason: body.isEmpty ? "HTTP \(status)" : body)
        default:
            return .rejected(status: status, reason: body.isEmpty ? "HTTP \(status)" : body)
        }
    }

    /// `Retry-After` as seconds from now: delta-seconds or an HTTP-date.
    static func retryAfter(_ value: String?) -> Int? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Int(value) { return max(0, seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return max(0, Int(date.timeIntervalSinceNow.rounded(.up)))
    }

    /// A topic is at most 32 characters of the URL-safe base64 alphabet (RFC 8030 §5.4).
    static func validate(topic: String) throws(WebPushError) {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        guard !topic.isEmpty, topic.count <= 32, topic.allSatisfy({ allowed.contains($0) }) else {
            throw .invalidHeader("Topic must be 1 to 32 characters of A-Z a-z 0-9 - _")
        }
    }

    /// The status, headers and the start of the body (as text) within the timeout.
    private func exchange(_ request: HTTPClientRequest) async throws -> (Int, HTTPHeaders, String) {
        let client = client, timeout = configuration.timeout, limit = configuration.maximumResponseBytes
        return try await withThrowingTaskGroup(of: (Int, HTTPHeaders, String)?.self) { group in
            group.addTask {
                let response = try await client.execute(request, timeout: .seconds(Int64(timeout.components.seconds) + 1))
                // Keep at most `limit` bytes of a refusal; the rest is drained, not stored.
                var kept = Data()
                for try await chunk in response.body where kept.count < limit {
                    kept.append(contentsOf: chunk.readableBytesView.prefix(limit - kept.count))
                }
                let text = String(decoding: kept, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                return (Int(response.status.code), response.headers, String(text.prefix(500)))
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let result = first else {
                throw WebPushTimeout()
            }
            return result
        }
    }
}

/// No complete answer within the client's timeout.
struct WebPushTimeout: Error, CustomStringConvertible {
    var description: String { "no complete answer within the timeout" }
}
