import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A real HTTP server on 127.0.0.1 that speaks OpenAI's chat-completions contract (`POST /v1/chat/completions`):
/// it checks the bearer key and the request body as the API does, answers from a script, and records every request.
///
/// Answers are taken in order; the last one repeats. Errors use OpenAI's error body,
/// `{"error": {"message", "type", "param", "code"}}`. Structured Outputs requests (`response_format` of type
/// `json_schema`) are checked as the API checks them: a valid name, and in strict mode every object closed
/// (`additionalProperties: false`) with every property required; `json_object` needs "json" in the messages.
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
        /// A completion with its own token counts and `finish_reason` (`length` when cut at the token limit).
        case structured(content: String, promptTokens: Int, completionTokens: Int, finishReason: String = "stop")
        /// A Structured Outputs refusal: `content` null, `message.refusal` set.
        case refusal(String, promptTokens: Int = 90, completionTokens: Int = 12)
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
        if let limit = object["max_completion_tokens"], !(limit is Int) {
            return "Invalid type for 'max_completion_tokens': expected an integer."
        }
        if let format = object["response_format"] {
            return validateResponseFormat(format, messages: messages)
        }
        return nil
    }

    /// What the API rejects in `response_format`.
    static func validateResponseFormat(_ format: Any, messages: [[String: Any]]) -> String? {
        guard let format = format as? [String: Any], let type = format["type"] as? String else {
            return "Invalid type for 'response_format': expected an object with a 'type'."
        }
        switch type {
        case "text":
            return nil
        case "json_object":
            let mentionsJSON = messages.contains { ($0["content"] as? String)?.lowercased().contains("json") == true }
            return mentionsJSON ? nil : "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'."
        case "json_schema":
            guard let spec = format["json_schema"] as? [String: Any] else { return "Missing required parameter: 'response_format.json_schema'." }
            guard let name = spec["name"] as? String, (1...64).contains(name.count),
                  name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
            else { return "Invalid 'response_format.json_schema.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'." }
            guard let schema = spec["schema"] as? [String: Any] else { return nil }
            guard spec["strict"] as? Bool == true else { return nil }
            guard schema["type"] as? String == "object" else {
                return "Invalid schema for response_format '\(name)': schema must be a JSON Schema of 'type: \"object\"', got 'type: \"\(schema["type"] ?? "None")\"'."
            }
            return strictProblem(schema, context: [], name: name)
        default:
            return "Invalid value: '\(type)'. Supported values are: 'json_object', 'json_schema', and 'text'."
        }
    }

    /// The strict-mode rules, recursively: objects closed and fully required, enums non-empty.
    static func strictProblem(_ schema: [String: Any], context: [String], name: String) -> String? {
        let prefix = "Invalid schema for response_format '\(name)': In context=(\(context.map { "'\($0)'" }.joined(separator: ", "))), "
        if let values = schema["enum"] as? [Any], values.isEmpty { return prefix + "'enum' must have at least one value." }
        let types = (schema["type"] as? String).map { [$0] } ?? (schema["type"] as? [String]) ?? []
        if types.contains("object") {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            guard schema["additionalProperties"] as? Bool == false else {
                return prefix + "'additionalProperties' is required to be supplied and to be false."
            }
            let required = Set(schema["required"] as? [String] ?? [])
            if let missing = properties.keys.sorted().first(where: { !required.contains($0) }) {
                return prefix + "'required' is required to be supplied and to be an array including every key in properties. Missing '\(missing)'."
            }
            for (key, value) in properties.sorted(by: { $0.key < $1.key }) {
                guard let child = value as? [String: Any] else { return prefix + "property '\(key)' is not a schema." }
                if let problem = strictProblem(child, context: context + ["properties", key], name: name) { return problem }
            }
        }
        if types.contains("array"), let items = schema["items"] as? [String: Any] {
            return strictProblem(items, context: context + ["items"], name: name)
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
        case .structured(let content, let promptTokens, let completionTokens, let finishReason):
            return try Self.completionResponse(content: content, refusal: nil, finishReason: finishReason, promptTokens: promptTokens, completionTokens: completionTokens)
        case .refusal(let text, let promptTokens, let completionTokens):
            return try Self.completionResponse(content: nil, refusal: text, finishReason: "stop", promptTokens: promptTokens, completionTokens: completionTokens)
        case .delayed(let delay, let next):
            try await Task.sleep(for: delay)
            return try await render(next)
        }
    }

    /// A `chat.completion` whose message has `content` or `refusal` (the other null), as the API sends it.
    static func completionResponse(content: String?, refusal: String?, finishReason: String, promptTokens: Int, completionTokens: Int) throws -> Response {
        let object: [String: Any] = [
            "id": "chatcmpl-\(UUID().uuidString)", "object": "chat.completion", "created": Int(Date().timeIntervalSince1970),
            "model": "gpt-4o-mini-2024-07-18", "system_fingerprint": "fp_test", "service_tier": "default",
            "choices": [["index": 0, "message": ["role": "assistant", "content": content.map { $0 as Any } ?? NSNull(),
                                                 "refusal": refusal.map { $0 as Any } ?? NSNull(), "annotations": [Any]()],
                         "logprobs": NSNull(), "finish_reason": finishReason]],
            "usage": ["prompt_tokens": promptTokens, "completion_tokens": completionTokens, "total_tokens": promptTokens + completionTokens,
                      "prompt_tokens_details": ["cached_tokens": 0, "audio_tokens": 0],
                      "completion_tokens_details": ["reasoning_tokens": 0, "audio_tokens": 0, "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0]],
        ]
        return json(status: 200, try JSONSerialization.data(withJSONObject: object))
    }

    static func error(status: Int, type: String, code: String?, message: String) -> Response {
        let object: [String: Any] = ["error": ["message": message, "type": type, "param": NSNull(), "code": code.map { $0 as Any } ?? NSNull()]]
        return json(status: status, (try? JSONSerialization.data(withJSONObject: object)) ?? Data())
    }

    static func json(status: Int, _ data: Data) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
