import Foundation
import NIOFoundationCompat
import NIOHTTP1
import ServiceLifecycle
import Hummingbird
import HTTPTypes
import Logging
import NIOCore
import Synchronization

/// A small subscriber endpoint for Graph change and lifecycle notifications: answers the `validationToken`
/// request as told, records every notification body and answers 202.
final class NotificationReceiver: Sendable {
    /// How the validation request is answered.
    enum Validation: Sendable {
        case echo
        case status(Int)
        case wrongToken
        case textHTML
        /// Answers only after 5 seconds, longer than the validation timeout the tests configure.
        case hang
    }

    struct Received: Sendable {
        var path: String
        var body: Data
        var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]) ?? [:] }
        var items: [[String: Any]] { json["value"] as? [[String: Any]] ?? [] }
    }

    let validation: Mutex<Validation>
    private let received = Mutex<[Received]>([])
    private let validations = Mutex<[String]>([])
    private let task = Mutex<(Task<Void, any Error>, ServiceGroup)?>(nil)

    init(validation: Validation = .echo) { self.validation = Mutex(validation) }

    /// Notifications received (validation requests excluded).
    var notifications: [Received] { received.withLock { $0 } }
    /// The validation tokens received.
    var validationTokens: [String] { validations.withLock { $0 } }

    /// Starts on an ephemeral port; returns `http://127.0.0.1:<port>`.
    func start() async throws -> String {
        var logger = Logger(label: "notification-receiver")
        logger.logLevel = .error
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let responder = CallbackResponder<BasicRequestContext> { [self] request, _ in try await self.respond(request) }
        let app = Application(responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { continuation.yield($0.localAddress?.port ?? 0); continuation.finish() },
                              logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        task.withLock { $0 = (Task { try await group.run() }, group) }
        var iterator = ports.makeAsyncIterator()
        let port = await iterator.next() ?? 0
        return "http://127.0.0.1:\(port)"
    }

    func stop() async {
        guard let (running, group) = task.withLock({ $0 }) else { return }
        await group.triggerGracefulShutdown()
        _ = try? await running.value
    }

    private func respond(_ request: Request) async throws -> Response {
        let body = try await request.body.collect(upTo: 1024 * 1024)
        let query = request.uri.query ?? ""
        if let pair = query.split(separator: "&").first(where: { $0.hasPrefix("validationToken=") }) {
            let token = String(pair.dropFirst("validationToken=".count)).removingPercentEncoding ?? ""
            validations.withLock { $0.append(token) }
            var headers = HTTPFields()
            headers[.contentType] = "text/plain"
            switch validation.withLock({ $0 }) {
            case .echo: return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: token)))
            case .status(let code): return Response(status: .init(code: code), headers: headers, body: .init(byteBuffer: ByteBuffer(string: token)))
            case .wrongToken: return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "not-the-token")))
            case .textHTML:
                headers[.contentType] = "text/html"
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: token)))
            case .hang:
                try? await Task.sleep(for: .seconds(5))
                return Response(status: .ok)
            }
        }
        received.withLock { $0.append(Received(path: request.uri.path, body: Data(buffer: body))) }
        return Response(status: .accepted)
    }
}
