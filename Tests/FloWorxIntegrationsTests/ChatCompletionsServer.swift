import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A real HTTP server on 127.0.0.1 that speaks OpenAI's chat-completions contract (`POST /v1/chat/completions`):
/// it checks the bearer key and the request body as the API does, answers from a script, and records every request.
///
/// Answers are taken in order; the last one repeats. Errors use OpenAI's error body,
/// `{"error": {"message", "type", "param", "code"}}`.
final class ChatCompletionsServer: Sendable {
    /// One scripted answer.
    indirect enum Answer: Sendable {
        /// A `chat.completion` object whose first choice says `content`.
        case completion(content: String, model: String = "gpt-4o-mini-2024-07-18", totalTokens: Int = 321)
        /// An OpenAI error body, optionally with a `Retry-After` header.
        case error(status: Int, type: String, code: String?, message: String, retryAfter: String? = nil)
        /// Any body.
        case raw(status: Int, contentType: String = "application/json", body: String)
        /// The answer after a delay (the request waits).
        case delayed(Duration, Answer)
    }

    /// One request as the server saw it.
    struct Recorded: Sendable {
        var method: String
        var path: String
        var authorization: String?
        var contentType: String?
        var body: Data
        /// When it arrived, to check that a client waited as asked before retrying.
        var arrival: ContinuousClock.Instant

        /// The body as a JSON object.
        var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] }
    }

    let apiKey: String
    private let answers: Mutex<[Answer]>
    private let recorded = Mutex<[Recorded]>([])

    private init(apiKey: String, answers: [Answer]) {
        self.apiKey = apiKey
        self.answers = Mutex(answers)
    }

    /// The requests received so far.
    var requests: [Recorded] { recorded.withLock { $0 } }

    /// Runs `body` with a server answering `answers`; `baseURL` is `http://127.0.0.1:<port>/v1`.
    static func with<Result: Sendable>(
        apiKey: String = "sk-test-key", answers: [Answer],
        _ body: (_ server: ChatCompletionsServer, _ baseURL: String) async throws -> Result
    ) async throws -> Result {
        let server = ChatCompletionsServer(apiKey: apiKey, answers: answers)
        var logger = Logger(label: "chat-completions-test-server")
        logger.logLevel = .error
        let router = Router()
        router.post("v1/chat/completions") { request, _ in try await server.respond(request) }
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                if let port = channel.localAddress?.port { portContinuation.yield(port) }
                portContinuation.finish()
            },
            logger: logger
        )
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService(gracefulShutdownSignals: []) }
            defer { group.cancelAll() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            return try await body(server, "http://127.0.0.1:\(port)/v1")
        }
    }

    private func respond(_ request: Request) async throws -> Response {
        let buffer = try await request.body.collect(upTo: 4 * 1024 * 1024)
        recorded.withLock {
            $0.append(Recorded(
                method: request.method.rawValue, path: request.uri.path,
                authorization: request.headers[.authorization], contentType: request.headers[.contentType],
                body: Data(buffer.readableBytesView), arrival: .now
            ))
        }
        guard request.headers[.authorization] == "Bearer \(apiKey)" else {
            let shown = request.headers[.authorization].map { String($0.suffix(4)) } ?? ""
            return Self.error(status: 401, type: "invalid_request_error", code: "invalid_api_key",
                              message: "Incorrect API key provided: ****\(shown). You can find your API key at https://platform.openai.com/account/api-keys.")
        }
        if let problem = Self.validate(Data(buffer.readableBytesView)) {
            return Self.error(status: 400, type: "invalid_request_error", code: nil, message: problem)
        }
        let answer = answers.withLock { answers in answers.count > 1 ? answers.removeFirst() : answers[0] }
        return try await render(answer)
    }

    /// What the API would reject in a request body, as its error message.
    static func validate(_ body: Data) -> String? {
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
            return "We could not parse the JSON body of your request."
        }
        guard object["model"] is String else { return "you must provide a model parameter" }
        guard let messages = object["messages"] as? [[String: Any]], !messages.isEmpty else {
            return "[] is too short - 'messages'"
        }
        for (index, message) in messages.enumerated() {
            guard let role = message["role"] as? String, ["system", "developer", "user", "assistant", "tool"].contains(role) else {
                return "Invalid value for 'messages[\(index)].role'."
            }
            guard message["content"] is String else { return "Invalid type for 'messages[\(index)].content'." }
        }
        return nil
    }

    private func render(_ answer: Answer) async throws -> Response {
        switch answer {
        case .completion(let content, let model, let totalTokens):
            let object: [String: Any] = [
                "id": "chatcmpl-\(UUID().uuidString)", "object": "chat.completion", "created": Int(Date().timeIntervalSince1970),
                "model": model, "system_fingerprint": "fp_test",
                "choices": [["index": 0, "message": ["role": "assistant", "content": content, "refusal": NSNull()],
                             "logprobs": NSNull(), "finish_reason": "stop"]],
                "usage": ["prompt_tokens": totalTokens - 21, "completion_tokens": 21, "total_tokens": totalTokens],
            ]
            return Self.json(status: 200, try JSONSerialization.data(withJSONObject: object))
        case .error(let status, let type, let code, let message, let retryAfter):
            var response = Self.error(status: status, type: type, code: code, message: message)
            if let retryAfter { response.headers[.retryAfter] = retryAfter }
            return response
        case .raw(let status, let contentType, let body):
            return Response(status: .init(code: status), headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: body)))
        case .delayed(let delay, let next):
            try await Task.sleep(for: delay)
            return try await render(next)
        }
    }

    static func error(status: Int, type: String, code: String?, message: String) -> Response {
        let object: [String: Any] = ["error": ["message": message, "type": type, "param": NSNull(), "code": code.map { $0 as Any } ?? NSNull()]]
        return json(status: status, (try? JSONSerialization.data(withJSONObject: object)) ?? Data())
    }

    static func json(status: Int, _ data: Data) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
