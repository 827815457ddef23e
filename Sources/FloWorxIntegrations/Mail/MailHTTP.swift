import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Tracing

/// One HTTP exchange with a mail provider: sends the request, caps the response body, and turns every failure into a
/// `MailProviderError` (the provider-specific mapping is the caller's `failure` closure). Shared by the clients of
/// this folder; it never retries (the job queue does) and never logs.
struct MailHTTP: Sendable {
    /// What a 2xx answer carried.
    struct Response: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: Data
    }

    /// Maps a non-2xx answer to the provider's error.
    typealias Failure = @Sendable (_ status: Int, _ body: Data, _ retryAfter: String?) -> MailProviderError

    let client: HTTPClient
    let provider: MailProviderError.Provider
    let timeout: Duration
    let maxResponseBytes: Int

    /// Sends the request; inside traced work (a mailbox job of a traced email) as a client span of the current span with
    /// the method, the provider's host, the operation and the status: never the URL (its path and query name
    /// messages), headers (tokens) or bodies.
    func send(_ method: HTTPMethod, _ url: String, headers: HTTPHeaders = [:], body: Data? = nil, operation: String,
              secrets: [String], failure: Failure) async throws(MailProviderError) -> Response {
        guard let span = ChildSpan.start("\(method.rawValue) \(provider.rawValue) \(operation)") else {
            return try await perform(method, url, headers: headers, body: body, operation: operation, secrets: secrets, failure: failure)
        }
        span.updateAttributes { attributes in
            attributes["http.request.method"] = method.rawValue
            attributes["server.address"] = URL(string: url)?.host
            attributes["floworx.provider"] = provider.rawValue
            attributes["floworx.provider.operation"] = operation
        }
        do {
            let response = try await ServiceContext.$current.withValue(span.context) {
                try await perform(method, url, headers: headers, body: body, operation: operation, secrets: secrets, failure: failure)
            }
            span.attributes["http.response.status_code"] = response.status
            span.end()
            return response
        } catch let error as MailProviderError {
            if let status = error.status { span.attributes["http.response.status_code"] = status }
            ChildSpan.fail(span, error, type: error.kind.rawValue)
            throw error
        } catch {
            // `perform` throws only MailProviderError.
            ChildSpan.fail(span, error)
            throw MailProviderError(kind: .transport, provider: provider, operation: operation, message: "\(type(of: error))")
        }
    }

    private func perform(_ method: HTTPMethod, _ url: String, headers: HTTPHeaders, body: Data?, operation: String,
                         secrets: [String], failure: Failure) async throws(MailProviderError) -> Response {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers = headers
        request.headers.replaceOrAdd(name: "User-Agent", value: "FloWorx")
        if let body {
            request.body = .bytes(ByteBuffer(bytes: body))
        } else if method == .POST || method == .PUT || method == .PATCH {
            // Google's front end answers 411 to a POST without Content-Length.
            request.headers.replaceOrAdd(name: "Content-Length", value: "0")
        }
        let response: HTTPClientResponse
        let payload: ByteBuffer
        let started = ContinuousClock.now
        do {
            (response, payload) = try await exchange(request, operation: operation)
        } catch let error as MailProviderError {
            // No complete answer: the deadline passed, or the body was over the cap.
            ProviderCallMetrics.record(provider: provider.rawValue, .transport, started: started)
            throw error
        } catch {
            ProviderCallMetrics.record(provider: provider.rawValue, .transport, started: started)
            // AsyncHTTPClient's errors describe the connection, never the request headers; scrub anyway.
            throw MailProviderError(kind: .transport, provider: provider, operation: operation,
                                    message: MailProviderError.sanitize("\(error)", secrets: secrets))
        }
        let status = Int(response.status.code)
        let data = Data(payload.readableBytesView)
        guard (200..<300).contains(status) else {
            let error = failure(status, data, response.headers.first(name: "Retry-After"))
            ProviderCallMetrics.record(provider: provider.rawValue, ProviderCallMetrics.outcome(status: status, throttled: error.kind == .rateLimited), started: started)
            throw error
        }
        ProviderCallMetrics.record(provider: provider.rawValue, .ok, started: started)
        return Response(status: status, headers: response.headers, body: data)
    }

    /// The response and its body within `timeout`. AsyncHTTPClient's deadline ends when the response head arrives, so
    /// a server dripping the body would hold the call forever: the whole exchange races a timer instead (cancelling
    /// the request cancels the body stream).
    private func exchange(_ request: HTTPClientRequest, operation: String) async throws -> (HTTPClientResponse, ByteBuffer) {
        let client = client, timeout = timeout, limit = maxResponseBytes, provider = provider
        return try await withThrowingTaskGroup(of: (HTTPClientResponse, ByteBuffer)?.self) { group in
            group.addTask {
                let response = try await client.execute(request, timeout: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000
                    + timeout.components.attoseconds / 1_000_000_000))
                do {
                    return (response, try await response.body.collect(upTo: limit))
                } catch is NIOTooManyBytesError {
                    throw MailProviderError(kind: .tooLarge, provider: provider, operation: operation, status: Int(response.status.code),
                                            message: "response body larger than \(limit) bytes")
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let result = first else {
                throw MailProviderError(kind: .transport, provider: provider, operation: operation,
                                        message: "no complete response within \(timeout)")
            }
            return result
        }
    }

    /// Decodes a 2xx JSON body, or fails with `invalidResponse`.
    func decode<T: Decodable>(_ type: T.Type, from response: Response, operation: String) throws(MailProviderError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: response.body)
        } catch {
            throw MailProviderError(kind: .invalidResponse, provider: provider, operation: operation, status: response.status,
                                    message: "unexpected response body: \(Self.describe(error))")
        }
    }

    /// The path of a decoding error without the values it read (a body could hold anything).
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "not JSON" }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing \(path(context).isEmpty ? "" : path(context) + ".")\(key.stringValue)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "wrong type at \(path(context))"
        case .dataCorrupted(let context): return context.codingPath.isEmpty ? "not JSON" : "invalid value at \(path(context))"
        @unknown default: return "not decodable"
        }
    }

    /// JSON for a request body, keys sorted so the same call always sends the same bytes; `Encodable` values of this
    /// folder cannot fail to encode.
    static func json(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)) ?? Data("{}".utf8)
    }

    /// `application/x-www-form-urlencoded` with RFC 3986 unreserved characters left as they are.
    static func form(_ fields: [(String, String)]) -> Data {
        Data(fields.map { "\(percentEncode($0.0))=\(percentEncode($0.1))" }.joined(separator: "&").utf8)
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters (safe in a query, a form and a path segment).
    static func percentEncode(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                output += String(format: "%%%02X", byte)
            }
        }
        return output
    }

    /// `?a=b&c=d` from the pairs whose value is present, or "" when none is.
    static func query(_ items: [(String, String?)]) -> String {
        let present = items.compactMap { item in item.1.map { "\(percentEncode(item.0))=\(percentEncode($0))" } }
        return present.isEmpty ? "" : "?" + present.joined(separator: "&")
    }

    /// A base URL without trailing slashes.
    static func trimmed(_ base: String) -> String {
        var base = base
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }
}
