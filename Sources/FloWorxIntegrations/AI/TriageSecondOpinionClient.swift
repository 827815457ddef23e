import AsyncHTTPClient
import FloWorxCore
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Asks an OpenAI-compatible chat-completions API (`POST {base}/chat/completions`) for a structured triage
/// classification: Structured Outputs (`response_format` of type `json_schema`, `strict: true`), whose schema restricts
/// the category to the business's allowed categories.
///
/// One attempt, bounded by `timeout`: a second opinion that comes late is worth nothing, the offline result stands.
/// Every failure — timeout, transport error, non-2xx answer, refusal, truncated or malformed content, a value outside
/// the schema — is a `Failure`, which the caller turns into "keep the offline result". Secrets are removed from the
/// subject and body (`TriageRedactor`) before the request is built; the sender is sent as its domain only.
public struct TriageSecondOpinionClient: Sendable {
    /// Where and how to call the API.
    public struct Configuration: Sendable {
        /// The API base, e.g. `https://api.openai.com/v1` (`FLOWORX_TRIAGE_LLM_URL`).
        public var baseURL: String
        /// From the environment only (`FLOWORX_TRIAGE_LLM_API_KEY`).
        public var apiKey: String
        /// A model that supports Structured Outputs (`FLOWORX_TRIAGE_LLM_MODEL`).
        public var model: String
        /// The whole request, connection to last byte (`FLOWORX_TRIAGE_LLM_TIMEOUT_MS`, default 5 s).
        public var timeout: Duration
        /// `max_completion_tokens` of the answer (a few dozen are needed).
        public var maxCompletionTokens: Int
        /// The body is cut to this many characters before it is sent (cost and exposure).
        public var maxBodyCharacters: Int

        public init(baseURL: String, apiKey: String, model: String, timeout: Duration = .seconds(5),
                    maxCompletionTokens: Int = 300, maxBodyCharacters: Int = 4000) {
            self.baseURL = baseURL
            self.apiKey = apiKey
            self.model = model
            self.timeout = timeout
            self.maxCompletionTokens = maxCompletionTokens
            self.maxBodyCharacters = maxBodyCharacters
        }
    }

    /// What is asked about one email.
    public struct Question: Sendable {
        public var subject: String
        /// The new text of the message (not redacted yet: the client does it).
        public var body: String
        /// The sender's domain only.
        public var senderDomain: String
        /// The industry key (`hvac`, `roofing`, …).
        public var industry: String
        /// The categories the answer may take (the industry's, without MANAGER, which only a structural rule decides).
        public var allowedCategories: [String]
        /// Facts the model cannot see in the text.
        public var senderIsKnownSupplier: Bool
        public var relayChannel: Bool

        public init(subject: String, body: String, senderDomain: String, industry: String, allowedCategories: [String],
                    senderIsKnownSupplier: Bool = false, relayChannel: Bool = false) {
            self.subject = subject
            self.body = body
            self.senderDomain = senderDomain
            self.industry = industry
            self.allowedCategories = allowedCategories
            self.senderIsKnownSupplier = senderIsKnownSupplier
            self.relayChannel = relayChannel
        }
    }

    /// Tokens billed for one call (`usage` of the completion).
    public struct Usage: Sendable, Hashable {
        public var promptTokens: Int
        public var completionTokens: Int
        public var totalTokens: Int

        public init(promptTokens: Int, completionTokens: Int, totalTokens: Int) {
            self.promptTokens = promptTokens
            self.completionTokens = completionTokens
            self.totalTokens = totalTokens
        }
    }

    /// A usable answer.
    public struct Answer: Sendable {
        public var opinion: SecondOpinionPolicy.Opinion
        public var usage: Usage
        /// The answering model.
        public var model: String
        /// What was redacted from the question.
        public var redacted: [TriageRedactor.Kind: Int]
    }

    /// Why there is no usable answer: the caller keeps the offline result.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        /// The kind of failure (stable, for logs and analytics).
        public enum Reason: String, Sendable {
            case timeout, transport
            case httpStatus = "http_status"
            case refusal, truncated, malformed
            case schemaViolation = "schema_violation"
        }

        public var reason: Reason
        public var status: Int?
        public var message: String
        /// Tokens billed even though the answer could not be used (a refusal, a malformed answer).
        public var usage: Usage?

        public var description: String { "\(reason.rawValue)\(status.map { " (HTTP \($0))" } ?? ""): \(message)" }
    }

    let configuration: Configuration
    let endpoint: String
    let client: HTTPClient
    let logger: Logger

    /// Fails when the base URL is not an http(s) URL.
    public init(configuration: Configuration, client: HTTPClient = .shared, logger: Logger) throws {
        var base = configuration.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        guard let url = URL(string: base), url.scheme == "https" || url.scheme == "http", url.host != nil else {
            throw Failure(reason: .transport, message: "FLOWORX_TRIAGE_LLM_URL must be an http(s) URL, got \(configuration.baseURL)")
        }
        self.configuration = configuration
        self.endpoint = base + "/chat/completions"
        self.client = client
        self.logger = logger
    }

    /// The name of the response format's schema.
    public static let schemaName = "triage"

    /// The JSON schema of the answer: every property required and no others (Structured Outputs' strict mode).
    public static func schema(allowedCategories: [String]) -> [String: Any] {
        [
            "type": "object",
            "properties": [
                "category": ["type": "string", "enum": allowedCategories, "description": "The one primary category."],
                "urgency": ["type": "string", "enum": SecondOpinionPolicy.urgencies],
                "escalate": ["type": "boolean", "description": "Whether the owner or a manager must see this now."],
                "confidence": ["type": "number", "description": "Your confidence in the category, from 0 to 1."],
                "safety_reason": ["type": "string", "description": "For high or critical urgency: the hazard or damage. Empty otherwise."],
                "reason": ["type": "string", "description": "One short sentence: why this category."],
            ] as [String: Any],
            "required": ["category", "urgency", "escalate", "confidence", "safety_reason", "reason"],
            "additionalProperties": false,
        ]
    }

    /// The request body for `question` (already redacted text inside), and what was redacted.
    public func requestBody(_ question: Question) throws -> (Data, [TriageRedactor.Kind: Int]) {
        let subject = Self.redactedExcerpt(question.subject, limit: 300)
        let body = Self.redactedExcerpt(question.body, limit: configuration.maxBodyCharacters)
        var redacted = subject.counts
        redacted.merge(body.counts, uniquingKeysWith: +)
        let system = """
            You triage email for a small \(question.industry.replacingOccurrences(of: "_", with: " ")) business. Choose one primary \
            category by these rules, in order: mail through a relay channel (website form, phone system voicemail or \
            missed call, Google review, social network) takes the channel's category whatever it says; the industry's \
            extra category wins over SALES and SUPPORT when the subject matter is about it; otherwise the content decides: \
            URGENT is an emergency now, SALES a new quote or purchase, SUPPORT an existing customer's scheduling, billing, \
            complaint or warranty, SUPPLIERS transactional mail from a known supplier, BANKING bank and payment notices, \
            RECRUITMENT jobs and applicants, PROMO bulk or marketing mail, MISC unclear, misdirected or phishing mail. \
            Urgency: critical = risk to life or safety now (gas smell, CO alarm, sparking or burning electrics, water on \
            electrics, structural danger, no heat in deep cold with vulnerable people); high = needs action today (active \
            leak, roof open to rain, loss of heat or cooling, complaint threatening reviews or legal action, a 1-2 star \
            review, a bank security alert); normal = a reply within a business day; low = for information. Escalate a \
            customer issue rated high or critical, a complaint threatening a review, the BBB, a lawyer or court, or a \
            sender asking for the owner or a manager; never bank security alerts. Text in [brackets] was removed for privacy.
            """
        let user = """
            Sender domain: \(question.senderDomain.isEmpty ? "(unknown)" : question.senderDomain)
            Sender is a known supplier: \(question.senderIsKnownSupplier ? "yes" : "no")
            Arrived through a relay channel: \(question.relayChannel ? "yes" : "no")
            Subject: \(subject.text)

            \(body.text)
            """
        let object: [String: Any] = [
            "model": configuration.model,
            "messages": [["role": "system", "content": system], ["role": "user", "content": user]],
            // No `temperature`: reasoning models refuse any but the default, and the schema already bounds the answer.
            "max_completion_tokens": configuration.maxCompletionTokens,
            "response_format": [
                "type": "json_schema",
                "json_schema": ["name": Self.schemaName, "strict": true, "schema": Self.schema(allowedCategories: question.allowedCategories)] as [String: Any],
            ] as [String: Any],
        ]
        return (try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), redacted)
    }

    /// The first `limit` characters of `text`, redacted. The redaction runs on a window a little longer than the
    /// limit, so a secret that straddles the limit is recognised whole; a fragment of letters, digits, spaces and
    /// dashes left at the cut is dropped (at most 80 characters), so no part of a number is sent either way.
    static func redactedExcerpt(_ text: String, limit: Int) -> TriageRedactor.Result {
        guard text.count > limit else { return TriageRedactor.redact(text) }
        var result = TriageRedactor.redact(String(text.prefix(limit + 80)))
        var cut = Substring(result.text.prefix(limit))
        var dropped = 0
        while let last = cut.last, dropped < 80, last.isASCII && (last.isLetter || last.isNumber || last == " " || last == "-") {
            cut.removeLast()
            dropped += 1
        }
        result.text = String(cut)
        return result
    }

    /// Asks for a second opinion on `question`; one attempt within the configured timeout.
    public func ask(_ question: Question) async throws(Failure) -> Answer {
        let body: Data
        let redacted: [TriageRedactor.Kind: Int]
        do {
            (body, redacted) = try requestBody(question)
        } catch {
            throw Failure(reason: .malformed, message: "could not encode the request: \(error)")
        }
        var request = HTTPClientRequest(url: endpoint)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(configuration.apiKey)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "FloWorx")
        request.body = .bytes(ByteBuffer(bytes: body))
        let status: Int
        let payload: ByteBuffer
        let started = ContinuousClock.now
        do {
            // The deadline bounds the whole exchange, the body included.
            let deadline = NIODeadline.now() + .nanoseconds(Self.nanoseconds(configuration.timeout))
            let response = try await client.execute(request, deadline: deadline, logger: logger)
            status = Int(response.status.code)
            payload = try await response.body.collect(upTo: 1024 * 1024)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            ProviderCallMetrics.record(provider: "openai", .transport, started: started)
            throw Failure(reason: .timeout, message: "no answer within \(configuration.timeout)")
        } catch {
            ProviderCallMetrics.record(provider: "openai", .transport, started: started)
            throw Failure(reason: .transport, message: "request failed: \(error)")
        }
        ProviderCallMetrics.record(provider: "openai", ProviderCallMetrics.outcome(status: status), started: started)
        guard (200..<300).contains(status) else {
            throw Failure(reason: .httpStatus, status: status, message: OpenAIChatProvider.errorMessage(payload))
        }
        return try Self.parse(payload, allowedCategories: Set(question.allowedCategories), redacted: redacted, fallbackModel: configuration.model)
    }

    /// Reads a chat completion whose content follows `schema(allowedCategories:)`.
    static func parse(_ payload: ByteBuffer, allowedCategories: Set<String>, redacted: [TriageRedactor.Kind: Int], fallbackModel: String) throws(Failure) -> Answer {
        guard let object = try? JSONSerialization.jsonObject(with: Data(payload.readableBytesView)) as? [String: Any],
              let choices = object["choices"] as? [[String: Any]], let first = choices.first,
              let message = first["message"] as? [String: Any]
        else { throw Failure(reason: .malformed, status: 200, message: "the response is not a chat completion") }
        let usage = (object["usage"] as? [String: Any]).map { usage in
            Usage(promptTokens: usage["prompt_tokens"] as? Int ?? 0, completionTokens: usage["completion_tokens"] as? Int ?? 0,
                  totalTokens: usage["total_tokens"] as? Int ?? 0)
        }
        if let refusal = message["refusal"] as? String, !refusal.isEmpty {
            throw Failure(reason: .refusal, status: 200, message: String(refusal.prefix(200)), usage: usage)
        }
        if first["finish_reason"] as? String == "length" {
            throw Failure(reason: .truncated, status: 200, message: "the answer was cut at max_completion_tokens", usage: usage)
        }
        guard let content = message["content"] as? String,
              let keys = (try? JSONSerialization.jsonObject(with: Data(content.utf8)) as? [String: Any])?.keys
        else { throw Failure(reason: .malformed, status: 200, message: "the content is not a JSON object", usage: usage) }
        // JSONDecoder is strict about types (a boolean must be true/false, a string a string); the key set must be exact.
        let expected: Set<String> = ["category", "urgency", "escalate", "confidence", "safety_reason", "reason"]
        guard Set(keys) == expected, let opinion = try? JSONDecoder().decode(SecondOpinionPolicy.Opinion.self, from: Data(content.utf8)) else {
            throw Failure(reason: .schemaViolation, status: 200, message: "the answer does not follow the schema", usage: usage)
        }
        let (category, urgency, confidence) = (opinion.category, opinion.urgency, opinion.confidence)
        guard allowedCategories.contains(category) else {
            throw Failure(reason: .schemaViolation, status: 200, message: "category \(category) is not one of the allowed categories", usage: usage)
        }
        guard SecondOpinionPolicy.urgencies.contains(urgency) else {
            throw Failure(reason: .schemaViolation, status: 200, message: "urgency \(urgency) is not a known urgency", usage: usage)
        }
        guard confidence.isFinite, (0...1).contains(confidence) else {
            throw Failure(reason: .schemaViolation, status: 200, message: "confidence \(confidence) is outside 0–1", usage: usage)
        }
        return Answer(
            opinion: opinion,
            usage: usage ?? Usage(promptTokens: 0, completionTokens: 0, totalTokens: 0),
            model: object["model"] as? String ?? fallbackModel, redacted: redacted)
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
