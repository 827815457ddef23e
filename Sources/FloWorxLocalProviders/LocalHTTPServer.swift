import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// One HTTP answer of a local provider server, independent of Hummingbird so the vendor logic stays testable.
struct LocalHTTPResponse: Sendable {
    var status: Int
    var headers: [(String, String)] = []
    var body: Data = Data()

    /// A JSON answer (`application/json; charset=UTF-8`, as Google and Microsoft send).
    static func json(_ status: Int, _ data: Data, headers: [(String, String)] = []) -> LocalHTTPResponse {
        LocalHTTPResponse(status: status, headers: [("Content-Type", "application/json; charset=UTF-8")] + headers, body: data)
    }

    /// An answer with no body (204, or a redirect with a Location header).
    static func empty(_ status: Int, headers: [(String, String)] = []) -> LocalHTTPResponse {
        LocalHTTPResponse(status: status, headers: headers)
    }
}

/// One HTTP request as the local servers see it: method, path, decoded query items, headers, whole body.
struct LocalHTTPRequest: Sendable {
    var method: String
    var path: String
    /// Query items in order; a name may repeat (`labelIds=A&labelIds=B`).
    var query: [(name: String, value: String)]
    var headers: HTTPFields
    var body: Data

    /// The first value of a query parameter.
    func queryValue(_ name: String) -> String? { query.first { $0.name == name }?.value }

    /// Every value of a repeated query parameter.
    func queryValues(_ name: String) -> [String] { query.filter { $0.name == name }.map(\.value) }

    /// A header value by name (case-insensitive).
    func header(_ name: String) -> String? {
        HTTPField.Name(name).flatMap { headers[$0] }
    }
}

/// Runs a request handler as a real HTTP server on 127.0.0.1 (port 0 = ephemeral) until `stop()`.
/// Shared by the local provider servers so each only writes its vendor logic.
final class LocalHTTPServer: Sendable {
    typealias Handler = @Sendable (LocalHTTPRequest) async -> LocalHTTPResponse

    private let task: Task<Void, any Error>
    /// The port the server listens on.
    let port: Int

    private init(task: Task<Void, any Error>, port: Int) {
        self.task = task
        self.port = port
    }

    /// Starts listening on `host:port` and returns once the socket is bound.
    static func start(
        host: String = "127.0.0.1", port: Int = 0, maxBodyBytes: Int = 36 * 1024 * 1024, label: String,
        handler: @escaping Handler
    ) async throws -> LocalHTTPServer {
        var logger = Logger(label: label)
        // Cancelling the server task at stop() logs "Already closed" at error level: not a failure.
        logger.logLevel = .critical
        let responder = ClosureResponder { request, _ in
            var body = Data()
            do {
                let buffer = try await request.body.collect(upTo: maxBodyBytes)
                body = Data(buffer.readableBytesView)
            } catch {
                return Response(status: .contentTooLarge)
            }
            let local = LocalHTTPRequest(
                method: request.method.rawValue, path: request.uri.path,
                query: Self.queryItems(request.uri.query), headers: request.headers, body: body)
            let answer = await handler(local)
            var fields = HTTPFields()
            for (name, value) in answer.headers {
                if let field = HTTPField.Name(name) { fields.append(HTTPField(name: field, value: value)) }
            }
            return Response(
                status: HTTPResponse.Status(code: answer.status), headers: fields,
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            responder: responder, configuration: .init(address: .hostname(host, port: port)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger)
        // If the socket cannot be bound, runService ends without calling onServerRunning: finishing the stream
        // turns that into an error here instead of a wait forever.
        let task = Task {
            defer { continuation.finish() }
            try await app.runService(gracefulShutdownSignals: [])
        }
        var iterator = ports.makeAsyncIterator()
        guard let bound = await iterator.next(), bound > 0 else {
            task.cancel()
            _ = await task.result
            throw LocalProviderError.couldNotStart(label)
        }
        return LocalHTTPServer(task: task, port: bound)
    }

    /// Stops listening and waits until the server has shut down.
    func stop() async {
        task.cancel()
        _ = await task.result
    }

    /// Decodes `a=1&b=x%20y` (also `+` as space, as form encoding does).
    static func queryItems(_ query: String?) -> [(name: String, value: String)] {
        guard let query, !query.isEmpty else { return [] }
        return query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                let spaced = part.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }
}

/// An `HTTPResponder` that sends every request to one closure (the local servers route by themselves, so their
/// 404s and fault injection cover every path).
private struct ClosureResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let handler: @Sendable (Request, Context) async throws -> Response

    func respond(to request: Request, context: Context) async throws -> Response {
        try await handler(request, context)
    }
}

/// Errors of the local provider servers' control surfaces.
public enum LocalProviderError: Error, Equatable, CustomStringConvertible {
    /// The HTTP server could not bind its socket.
    case couldNotStart(String)
    /// No mailbox with this address exists on the server.
    case unknownMailbox(String)
    /// No message, draft, label or thread with this id exists in the mailbox.
    case notFound(String)
    /// The argument is not acceptable (e.g. raw MIME that is not valid).
    case invalidArgument(String)

    /// A readable description.
    public var description: String {
        switch self {
        case .couldNotStart(let label): "the local server \(label) could not start"
        case .unknownMailbox(let email): "no local mailbox \(email)"
        case .notFound(let what): "not found: \(what)"
        case .invalidArgument(let why): "invalid argument: \(why)"
        }
    }
}
