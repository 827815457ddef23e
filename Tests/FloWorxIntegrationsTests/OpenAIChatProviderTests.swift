import FloWorxCore
import FloWorxIntegrations
import Foundation
import Logging
import Testing

/// `OpenAIChatProvider` against a real local HTTP server speaking the chat-completions contract.
@Suite(.timeLimit(.minutes(1))) struct OpenAIChatProviderTests {
    typealias ProviderError = OpenAIChatProvider.ProviderError

    static let logger: Logger = {
        var logger = Logger(label: "openai-provider-test")
        logger.logLevel = .error
        return logger
    }()

    /// A provider for `baseURL` with test-sized delays.
    static func provider(_ baseURL: String, apiKey: String = "sk-test-key", maxAttempts: Int = 3, timeout: Duration = .seconds(5)) throws -> OpenAIChatProvider {
        try OpenAIChatProvider(
            configuration: .init(baseURL: baseURL, apiKey: apiKey, model: "gpt-4o-mini", timeout: timeout, maxAttempts: maxAttempts, retryBase: .milliseconds(5)),
            logger: logger
        )
    }

    /// A sales question to an HVAC business; prices in drafts as `includePricing` says.
    static func request(includePricing: Bool? = false) -> DraftRequest {
        let message = EmailMessage(
            messageId: "msg-1", from: EmailAddress(email: "jane.doe@example.com", name: "Jane Doe"),
            to: [EmailAddress(email: "office@northline.test")], subject: "Furnace tune-up",
            text: "Hi, how much is a furnace tune-up, and when could you come?", receivedAt: Date(timeIntervalSince1970: 1_780_000_000)
        )
        let classification = Classification(category: .sales, confidence: 0.82, urgency: .normal, sentiment: .neutral, draftAppropriate: true)
        let config = ClientConfig(
            business: .init(name: "Northline Heating", type: .hvac),
            services: [.init(name: "Furnace tune-up", description: "Fall furnace check", pricing: "$149")],
            autoReply: .init(enabled: true, includePricing: includePricing)
        )
        return DraftRequest(message: message, classification: classification, profile: ClientProfile(clientId: UUID(), config: config), status: nil, now: Date(timeIntervalSince1970: 1_780_000_100))
    }

    // MARK: Request and response

    @Test func sendsTheDocumentedRequestAndMapsTheCompletion() async throws {
        try await ChatCompletionsServer.with(answers: [.completion(content: "  Hi Jane,\nwe can come Tuesday.\n", model: "gpt-4o-mini-2024-07-18", totalTokens: 321)]) { server, baseURL in
            let request = Self.request()
            let reply = try await Self.provider(baseURL + "/").draftReply(request)
            #expect(reply.text == "Hi Jane,\nwe can come Tuesday.")
            #expect(reply.model == "gpt-4o-mini-2024-07-18", "the model that answered, not the alias asked for")
            #expect(reply.tokensUsed == 321)
            #expect(reply.confidence == 0.82)

            let recorded = try #require(server.requests.first)
            #expect(server.requests.count == 1)
            #expect(recorded.method == "POST")
            #expect(recorded.path == "/v1/chat/completions")
            #expect(recorded.authorization == "Bearer sk-test-key")
            #expect(recorded.contentType == "application/json")
            let body = try #require(recorded.json)
            #expect(body["model"] as? String == "gpt-4o-mini")
            let messages = try #require(body["messages"] as? [[String: Any]])
            let prompt = DraftPrompt(request)
            #expect(messages.count == 2)
            #expect(messages.first?["role"] as? String == "system")
            #expect(messages.first?["content"] as? String == prompt.system)
            #expect(messages.last?["role"] as? String == "user")
            #expect(messages.last?["content"] as? String == prompt.user)
            #expect((messages.last?["content"] as? String)?.contains("how much is a furnace tune-up") == true)
            #expect(body["temperature"] as? Double == 0.4)
            #expect(body["max_tokens"] as? Int == 600)
            #expect(body["stream"] == nil || body["stream"] as? Bool == false, "one JSON answer, not a stream")
        }
    }

    @Test func aCompletionWithoutUsageOrModelFallsBackToTheConfiguredModel() async throws {
        let minimal = #"{"choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello Jane."}, "finish_reason": "stop"}]}"#
        try await ChatCompletionsServer.with(answers: [.raw(status: 200, body: minimal)]) { _, baseURL in
            let reply = try await Self.provider(baseURL).draftReply(Self.request())
            #expect(reply.text == "Hello Jane.")
            #expect(reply.model == "gpt-4o-mini")
            #expect(reply.tokensUsed == nil)
        }
    }

    // MARK: Retries

    @Test func aRateLimitIsRetriedAfterTheDelayTheServerAsks() async throws {
        let limited = ChatCompletionsServer.Answer.error(
            status: 429, type: "requests", code: "rate_limit_exceeded",
            message: "Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3, Used 3, Requested 1.", retryAfter: "1"
        )
        try await ChatCompletionsServer.with(answers: [limited, .completion(content: "Booked.")]) { server, baseURL in
            let reply = try await Self.provider(baseURL).draftReply(Self.request())
            #expect(reply.text == "Booked.")
            let requests = server.requests
            #expect(requests.count == 2)
            if requests.count == 2 {
                // The backoff alone would be 5 ms; only Retry-After explains a pause of a second.
                #expect(requests[1].arrival - requests[0].arrival >= .milliseconds(950))
            }
        }
    }

    @Test func serverErrorsAreRetriedUntilSuccess() async throws {
        let answers: [ChatCompletionsServer.Answer] = [
            .error(status: 500, type: "server_error", code: nil, message: "The server had an error while processing your request."),
            .error(status: 503, type: "service_unavailable_error", code: "server_is_overloaded", message: "The server is overloaded."),
            .completion(content: "Third time."),
        ]
        try await ChatCompletionsServer.with(answers: answers) { server, baseURL in
            let reply = try await Self.provider(baseURL, maxAttempts: 3).draftReply(Self.request())
            #expect(reply.text == "Third time.")
            #expect(server.requests.count == 3)
        }
    }

    @Test func exhaustedRetriesFailWithTheLastError() async throws {
        let overloaded = ChatCompletionsServer.Answer.error(status: 503, type: "service_unavailable_error", code: "server_is_overloaded", message: "The server is overloaded.")
        try await ChatCompletionsServer.with(answers: [overloaded]) { server, baseURL in
            let error = await #expect(throws: ProviderError.self) { try await Self.provider(baseURL, maxAttempts: 3).draftReply(Self.request()) }
            #expect(error?.status == 503)
            #expect(error?.retryable == true, "the queue may try again later")
            #expect(error?.message == "The server is overloaded.")
            #expect(server.requests.count == 3)
        }
    }

    @Test(arguments: [
        (400, "invalid_request_error", "context_length_exceeded", "This model's maximum context length is 128000 tokens."),
        (403, "invalid_request_error", "unsupported_country_region_territory", "Country, region, or territory not supported"),
        (404, "invalid_request_error", "model_not_found", "The model `gpt-9` does not exist or you do not have access to it."),
        (422, "invalid_request_error", nil, "Unprocessable request."),
    ] as [(Int, String, String?, String)])
    func clientErrorsFailAtOnce(status: Int, type: String, code: String?, message: String) async throws {
        try await ChatCompletionsServer.with(answers: [.error(status: status, type: type, code: code, message: message)]) { server, baseURL in
            let error = await #expect(throws: ProviderError.self) { try await Self.provider(baseURL, maxAttempts: 3).draftReply(Self.request()) }
            #expect(error?.status == status)
            #expect(error?.retryable == false)
            #expect(error?.message == message)
            #expect(server.requests.count == 1, "no retry for HTTP \(status)")
        }
    }

    @Test func aWrongKeyFailsAtOnceWithTheServersMessage() async throws {
        try await ChatCompletionsServer.with(answers: [.completion(content: "unreachable")]) { server, baseURL in
            let error = await #expect(throws: ProviderError.self) {
                try await Self.provider(baseURL, apiKey: "sk-wrong-0000").draftReply(Self.request())
            }
            #expect(error?.status == 401)
            #expect(error?.retryable == false)
            #expect(error?.message.hasPrefix("Incorrect API key provided") == true)
            #expect(server.requests.count == 1)
            #expect(server.requests.first?.authorization == "Bearer sk-wrong-0000")
        }
    }

    // MARK: Timeouts and bad answers

    @Test func aRequestThatTimesOutIsARetryableFailure() async throws {
        try await ChatCompletionsServer.with(answers: [.delayed(.seconds(3), .completion(content: "too late"))]) { server, baseURL in
            let error = await #expect(throws: ProviderError.self) {
                try await Self.provider(baseURL, maxAttempts: 1, timeout: .milliseconds(200)).draftReply(Self.request())
            }
            #expect(error?.status == nil)
            #expect(error?.retryable == true)
            #expect(server.requests.count == 1)
        }
    }

    @Test func aTimedOutRequestIsRetried() async throws {
        try await ChatCompletionsServer.with(answers: [.delayed(.seconds(3), .completion(content: "too late")), .completion(content: "In time.")]) { server, baseURL in
            let reply = try await Self.provider(baseURL, maxAttempts: 2, timeout: .milliseconds(300)).draftReply(Self.request())
            #expect(reply.text == "In time.")
            #expect(server.requests.count == 2)
        }
    }

    @Test(arguments: [
        #"{"object": "list", "data": []}"#,
        #"{"choices": []}"#,
        #"{"choices": [{"index": 0, "message": {"role": "assistant", "content": null, "refusal": "I can't help with that."}}]}"#,
        "this is not JSON",
    ])
    func anAnswerThatIsNotAChatCompletionFails(body: String) async throws {
        try await ChatCompletionsServer.with(answers: [.raw(status: 200, body: body)]) { _, baseURL in
            let error = await #expect(throws: ProviderError.self) { try await Self.provider(baseURL, maxAttempts: 1).draftReply(Self.request()) }
            #expect(error?.message.contains("not a chat completion") == true)
        }
    }

    @Test func aGatewayErrorPageIsRetriedAndReported() async throws {
        let page = ChatCompletionsServer.Answer.raw(status: 502, contentType: "text/html", body: "<html><body>502 Bad Gateway</body></html>")
        try await ChatCompletionsServer.with(answers: [page]) { server, baseURL in
            let error = await #expect(throws: ProviderError.self) { try await Self.provider(baseURL, maxAttempts: 2).draftReply(Self.request()) }
            #expect(error?.status == 502)
            #expect(error?.retryable == true)
            #expect(error?.message.contains("502 Bad Gateway") == true)
            #expect(server.requests.count == 2)
        }
    }

    @Test func anEmptyDraftFails() async throws {
        try await ChatCompletionsServer.with(answers: [.completion(content: " \n ")]) { _, baseURL in
            let error = await #expect(throws: ProviderError.self) { try await Self.provider(baseURL, maxAttempts: 1).draftReply(Self.request()) }
            #expect(error?.message.contains("empty") == true)
        }
    }

    // MARK: Prices

    static let pricedDraft = "Thanks for asking, Jane! A furnace tune-up is $149 plus tax. We can come next Tuesday morning."

    @Test(arguments: [false, nil] as [Bool?])
    func pricesAreStrippedWhenTheClientDoesNotAllowThem(includePricing: Bool?) async throws {
        try await ChatCompletionsServer.with(answers: [.completion(content: Self.pricedDraft)]) { _, baseURL in
            let reply = try await Self.provider(baseURL).draftReply(Self.request(includePricing: includePricing))
            #expect(!PriceGuard.containsPrice(reply.text))
            #expect(reply.text.contains("We can come next Tuesday morning."), "the rest of the draft stays")
            #expect(reply.text.contains("Thanks for asking, Jane!"))
            #expect(!reply.text.contains("149"), "the amount itself must go, not only its currency sign: \(reply.text)")
        }
    }

    @Test func pricesStayWhenTheClientAllowsThem() async throws {
        try await ChatCompletionsServer.with(answers: [.completion(content: Self.pricedDraft)]) { _, baseURL in
            let reply = try await Self.provider(baseURL).draftReply(Self.request(includePricing: true))
            #expect(reply.text == Self.pricedDraft)
        }
    }

    // MARK: Configuration

    @Test(arguments: ["", "not a url", "ftp://example.com/v1", "http://", "file:///tmp/openai", "api.openai.com/v1"])
    func anInvalidBaseURLIsRejected(baseURL: String) {
        let error = #expect(throws: ProviderError.self) { try Self.provider(baseURL) }
        #expect(error?.retryable == false)
        #expect(error?.message.contains("OPENAI_BASE_URL") == true)
    }

    @Test func aValidBaseURLIsAccepted() throws {
        let provider = try Self.provider("https://api.openai.com/v1")
        #expect(provider.name == "openai")
        _ = try Self.provider("http://localhost:11434/v1/")
    }
}
