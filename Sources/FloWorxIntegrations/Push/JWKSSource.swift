import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A JSON Web Key Set fetched over HTTPS and kept for `maxAge`; fetched again sooner when a token names a key it
/// does not hold (keys rotate), at most once per `minimumRefetch`, so forged key ids cannot make FloWorx hammer the
/// provider.
public actor JWKSSource {
    public let url: String
    let client: HTTPClient
    let maxAge: Duration
    let minimumRefetch: Duration
    let timeout: Duration
    private var cached: (json: String, at: ContinuousClock.Instant)?

    public init(url: String, client: HTTPClient = .shared, maxAge: Duration = .seconds(3_600), minimumRefetch: Duration = .seconds(60), timeout: Duration = .seconds(10)) {
        self.url = url
        self.client = client
        self.maxAge = maxAge
        self.minimumRefetch = minimumRefetch
        self.timeout = timeout
    }

    /// The key set; `stale` asks for a fresh copy (a token named an unknown key), honoured at most once per minute.
    public func keySet(stale: Bool = false) async throws -> String {
        let now = ContinuousClock.now
        if let cached {
            let age = cached.at.duration(to: now)
            if age < maxAge && (!stale || age < minimumRefetch) { return cached.json }
        }
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/json")
        let response = try await client.execute(request, timeout: .milliseconds(timeout.components.seconds * 1000))
        guard response.status == .ok else { throw JWKSError(message: "JWKS \(url) answered HTTP \(response.status.code)") }
        let body = try await response.body.collect(upTo: 256 * 1024)
        let json = String(buffer: body)
        cached = (json, now)
        return json
    }
}

/// The key set could not be fetched.
public struct JWKSError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
