import AsyncHTTPClient
import Foundation
import NIOHTTP1

/// POSTs the JSON of workflow `webhook` steps, signed with `WebhookSignature` when a secret is given.
///
/// One request per call; the job queue retries. Errors are `MailProviderError` with provider `webhook`: a 4xx other
/// than 408 and 429 is final (`badRequest`, `unauthorized`, `forbidden`, `notFound`...: the receiver refused this
/// body, sending it again fails the same way); 408, 429, 5xx and no answer are retryable. Error messages name the
/// receiver's host and path only: never the query (it may hold a token), the secret or the signature.
public struct WebhookClient: Sendable {
    let client: HTTPClient
    /// Whether receivers on private, loopback and link-local addresses are allowed (`WebhookDestination`).
    let allowPrivateNetworks: Bool
    /// The largest response body read (the answer is not used; a receiver sending megabytes is cut off).
    static let maxResponseBytes = 64 * 1024

    /// A client that follows no redirect: a receiver that answers 3xx cannot send the request to another host (one
    /// inside the operator's network). It lives as long as the process.
    public static let noRedirects = HTTPClient(
        eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))

    public init(client: HTTPClient = WebhookClient.noRedirects, allowPrivateNetworks: Bool = false) {
        self.client = client
        self.allowPrivateNetworks = allowPrivateNetworks
    }

    /// Sends `body` to `url` within `timeout`. `eventId` goes in `X-FloWorx-Event-Id` (the same on every retry, so the
    /// receiver can drop duplicates); `secret` signs the body.
    public func post(url: String, body: Data, eventId: String, secret: String?, timeout: Duration, now: Date = Date()) async throws(MailProviderError) {
        let operation = "POST " + Self.redacted(url)
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https", parsed.host != nil else {
            throw MailProviderError(kind: .badRequest, provider: .webhook, operation: operation, message: "not an absolute http(s) URL")
        }
        if !allowPrivateNetworks, let host = parsed.host, let refusal = WebhookDestination.refusal(host: host) {
            throw MailProviderError(kind: .forbidden, provider: .webhook, operation: operation, message: refusal)
        }
        var headers: HTTPHeaders = ["Content-Type": "application/json", "X-FloWorx-Event-Id": eventId]
        if let secret {
            let timestamp = Int(now.timeIntervalSince1970)
            headers.add(name: WebhookSignature.timestampHeader, value: String(timestamp))
            headers.add(name: WebhookSignature.signatureHeader, value: WebhookSignature.sign(body: body, timestamp: timestamp, secret: secret))
        }
        let http = MailHTTP(client: client, provider: .webhook, timeout: timeout, maxResponseBytes: Self.maxResponseBytes)
        let secrets = secret.map { [$0] } ?? []
        _ = try await http.send(.POST, url, headers: headers, body: body, operation: operation, secrets: secrets) { status, _, retryAfter in
            let kind: MailProviderError.Kind = switch status {
            case 408: .transport
            case 429: .rateLimited
            case 401: .unauthorized
            case 403: .forbidden
            case 404: .notFound
            case 409: .conflict
            case 413: .tooLarge
            case 500...: .server
            default: .badRequest
            }
            return MailProviderError(
                kind: kind, provider: .webhook, operation: operation, status: status, message: "the receiver answered HTTP \(status)",
                retryAfter: retryAfter.flatMap { MailProviderError.parseRetryAfter($0) })
        }
    }

    /// `scheme://host[:port]/path` without the query, fragment or credentials.
    static func redacted(_ url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host else { return "(invalid URL)" }
        let port = components.port.map { ":\($0)" } ?? ""
        return "\(components.scheme ?? "http")://\(host)\(port)\(components.path)"
    }
}
