import FloWorxServer
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The FloWorx API called in-process, as a browser-facing client of it: the web app's sign-up, sign-in, password
/// reset and category corrections go through the very routes (`/auth/v1`, `/api/v1`) that Supabase clients use, so
/// their validation, throttling, mail and learning are the API's own and cannot drift apart.
struct InternalAPI: Sendable {
    let responder: RouterResponder<AppRequestContext>
    let anonKey: String

    /// A JSON answer of the API.
    struct Answer {
        var status: HTTPResponse.Status
        var object: [String: Any]

        /// The API's own message: GoTrue's `msg`, else the data API's `message`.
        var message: String {
            (object["msg"] as? String) ?? (object["message"] as? String) ?? (object["error_description"] as? String) ?? "The request failed (\(status.code))"
        }

        var ok: Bool { (200..<300).contains(status.code) }
    }

    /// Sends one request to the API as the browser's client would, with the anon key and, when given, the owner's
    /// access token. The original request's host, user agent and forwarded address go along (links, throttling).
    func call(
        _ method: HTTPRequest.Method, _ path: String, json: [String: Any]? = nil, bearer: String? = nil,
        original: Request, context: AppRequestContext
    ) async throws -> Answer {
        var headers = HTTPFields()
        headers[HTTPField.Name("apikey")!] = anonKey
        if let bearer { headers[.authorization] = "Bearer \(bearer)" }
        for name in [HTTPField.Name.userAgent, HTTPField.Name("x-forwarded-for")!, HTTPField.Name("x-real-ip")!] {
            if let value = original.headers[name] { headers[name] = value }
        }
        var body = ByteBuffer()
        if let json {
            let data = try JSONSerialization.data(withJSONObject: json)
            body = ByteBuffer(bytes: data)
            headers[.contentType] = "application/json"
            headers[.contentLength] = "\(data.count)"
        }
        let head = HTTPRequest(method: method, scheme: "http", authority: original.head.authority ?? "127.0.0.1", path: path, headerFields: headers)
        let response = try await responder.respond(to: Request(head: head, body: RequestBody(buffer: body)), context: context)
        let box = CollectedBody()
        try await response.body.write(BodyCollector(box: box))
        let object = (try? JSONSerialization.jsonObject(with: Data(box.buffer.readableBytesView))) as? [String: Any] ?? [:]
        return Answer(status: response.status, object: object)
    }
}

/// Where `BodyCollector` puts the bytes (the writer itself is consumed by `ResponseBody.write`).
private final class CollectedBody: @unchecked Sendable {
    var buffer = ByteBuffer()
}

/// Collects an in-process response's body.
private struct BodyCollector: ResponseBodyWriter {
    let box: CollectedBody

    mutating func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        box.buffer.writeBuffer(&buffer)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
