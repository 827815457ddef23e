import AsyncHTTPClient
import FloWorxCore
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Writes drafts with any OpenAI-compatible chat-completions API (`POST {base}/chat/completions`).
///
/// Retries 429 and 5xx answers (and connection failures) with exponential backoff, honouring `Retry-After`;
/// other 4xx answers fail at once. Usage is reported as `tokensUsed`, the answering model as `model`. When the
/// client does not allow prices in drafts, sentences stating one are removed from the model's text.
public struct OpenAIChatProvider: AIProvider {
    /// Where and how to call the API.
    public struct Configuration: Sendable {
        public var baseURL: String
        public var apiKey: String
        public var model: String
        /// Timeout of one HTTP request.
        public var timeout: Duration
        /// Attempts per draft (the first included).
        public var maxAttempts: Int
        /// First backoff; doubles per attempt.
        public var retryBase: Duration
        public var temperature: Double
        public var maxTokens: Int

        public init(baseURL: String, apiKey: String, model: String, timeout: Duration = .seconds(20), maxAttempts: Int = 3,
                    retryBase: Duration = .milliseconds(500), temperature: Double = 0.4, maxTokens: Int = 600) {
            self.baseURL = baseURL
            self.apiKey = apiKey
            self.model = model
            self.timeout = timeout
            self.maxAttempts = maxAttempts
            self.retryBase = retryBase
            self.temperature = temperature
            self.maxTokens = maxTokens
        }
    }

    /// Why a draft could not be written.
    public struct ProviderError: Error, CustomStringConvertible, Sendable {
        public var status: Int?
        public var message: String
        /// Whether a later attempt may succeed.
        public var retryable: Bool
        /// A delay the server asked for (`Retry-After`).
        public var retryAfter: Duration?

        public init(status: Int?, message: String, retryable: Bool, retryAfter: Duration? = nil) {
            self.status = status
            self.message = message
            self.retryable = retryable
            self.retryAfter = retryAfter
        }

        public var description: String { status.map { "HTTP \($0): \(message)" } ?? message }
    }

    let configuration: Configuration
    let endpoint: String
    let client: HTTPClient
    let logger: Logger

    public var name: String { "openai" }

    public init(configuration: Configuration, client: HTTPClient = .shared, logger: Logger) throws {
        var base = configuration.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        guard let url = URL(string: base), url.scheme == "https" || url.scheme == "http", url.host != nil else {
            throw ProviderError(status: nil, message: "OPENAI_BASE_URL must be an http(s) URL, got \(configuration.baseURL)", retryable: false)
        }
        self.configuration = configuration
        self.endpoint = base + "/chat/completions"
        self.client = client
        self.logger = logger
    }

    public func draftReply(_ request: DraftRequest) async throws -> DraftReply {
        let prompt = DraftPrompt(request)
        let body = try JSONSerialization.data(withJSONObject: [
            "model": configuration.model,
            "messages": [["role": "system", "content": prompt.system], ["role": "user", "content": prompt.user]],
            "temperature": configuration.temperature,
            "max_tokens": configuration.maxTokens,
        ] as [String: Any])
        var attempt = 1
        while true {
            do {
                let completion = try await send(body)
                var text = completion.text.trimmingCharacters(in: .whitespacesAndNewlines)
                if request.profile.config.autoReply?.includePricing != true && PriceGuard.containsPrice(text) {
                    // Drop the sentences that state a price (stripping the currency alone would leave the amount).
                    text = PriceGuard.strip(PriceGuard.droppingPricedSentences(text))
                }
                guard !text.isEmpty else { throw ProviderError(status: nil, message: "the model returned an empty draft", retryable: true) }
                return DraftReply(text: text, confidence: request.classification.confidence, model: completion.model ?? configuration.model, tokensUsed: completion.tokens)
            } catch let error as ProviderError where error.retryable && attempt < configuration.maxAttempts {
                let delay = error.retryAfter ?? configuration.retryBase * (1 << (attempt - 1))
                logger.warning("AI provider failed; retrying", metadata: ["attempt": "\(attempt)", "error": "\(error)", "delay": "\(delay)"])
                try await Task.sleep(for: delay)
                attempt += 1
            }
        }
    }

    struct Completion {
        var text: String
        var model: String?
        var tokens: Int?
    }

    private func send(_ body: Data) async throws -> Completion {
        var request = HTTPClientRequest(url: endpoint)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(configuration.apiKey)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "FloWorx")
        request.body = .bytes(ByteBuffer(bytes: body))
        let response: HTTPClientResponse
        let payload: ByteBuffer
        let started = ContinuousClock.now
        do {
            response = try await client.execute(request, timeout: .nanoseconds(Int64(configuration.timeout.components.seconds) * 1_000_000_000 + configuration.timeout.components.attoseconds / 1_000_000_000))
            payload = try await response.body.collect(upTo: 4 * 1024 * 1024)
        } catch let error as ProviderError {
            ProviderCallMetrics.record(provider: "openai", ProviderCallMetrics.outcome(status: error.status), started: started)
            throw error
        } catch {
            ProviderCallMetrics.record(provider: "openai", .transport, started: started)
            throw ProviderError(status: nil, message: "request failed: \(error)", retryable: true)
        }
        let status = Int(response.status.code)
        ProviderCallMetrics.record(provider: "openai", ProviderCallMetrics.outcome(status: status), started: started)
        guard (200..<300).contains(status) else {
            var failure = ProviderError(status: status, message: Self.errorMessage(payload), retryable: status == 429 || status >= 500)
            if let header = response.headers.first(name: "Retry-After"), let seconds = Double(header), seconds >= 0 {
                failure.retryAfter = .milliseconds(Int64(min(seconds, 60) * 1000))
            }
            throw failure
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(payload.readableBytesView)) as? [String: Any],
              let choices = object["choices"] as? [[String: Any]], let first = choices.first,
              let message = first["message"] as? [String: Any], let content = message["content"] as? String
        else {
            throw ProviderError(status: status, message: "the response is not a chat completion", retryable: true)
        }
        let usage = object["usage"] as? [String: Any]
        return Completion(text: content, model: object["model"] as? String, tokens: usage?["total_tokens"] as? Int)
    }

    /// The `error.message` of an OpenAI error body, or its first bytes.
    static func errorMessage(_ payload: ByteBuffer) -> String {
        let data = Data(payload.readableBytesView)
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
           let error = object["error"] as? [String: Any], let message = error["message"] as? String {
            return message
        }
        return String(decoding: data.prefix(200), as: UTF8.self)
    }
}
