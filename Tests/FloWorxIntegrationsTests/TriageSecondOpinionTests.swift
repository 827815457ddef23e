import FloWorxCore
@testable import FloWorxIntegrations
import FloWorxStore
import FloWorxTestSupport
import FloWorxWorker
import Foundation
import Logging
import PostgresNIO
import Testing

/// The LLM second opinion against a real chat-completions server on 127.0.0.1 (`ChatCompletionsServer`, which checks
/// Structured Outputs requests as the API does) and, for the budget, a real PostgreSQL.
@Suite("Triage second opinion")
struct TriageSecondOpinionTests {
    static let hvac = ["URGENT", "SALES", "SUPPORT", "SUPPLIERS", "BANKING", "FORMSUB", "GOOGLE_REVIEW", "PHONE", "RECRUITMENT", "PROMO",
                       "SOCIALMEDIA", "MISC", "MAINTENANCE"]
    static let logger = Logger(label: "second-opinion-test")

    static func client(_ baseURL: String, timeout: Duration = .seconds(5)) throws -> TriageSecondOpinionClient {
        try TriageSecondOpinionClient(configuration: .init(baseURL: baseURL, apiKey: "sk-test-key", model: "gpt-4o-mini", timeout: timeout), logger: logger)
    }

    static func question(body: String = "Hi, the bill you sent last week shows two visits but you only came once. Can you check?") -> TriageSecondOpinionClient.Question {
        .init(subject: "Question about my bill", body: body, senderDomain: "gmail.com", industry: "hvac", allowedCategories: hvac)
    }

    /// The content of a schema-conforming answer.
    static func content(_ category: String = "SUPPORT", urgency: String = "normal", escalate: Bool = false, confidence: Double = 0.86,
                        safety: String = "", extra: String = "") -> String {
        #"{"category":"\#(category)","urgency":"\#(urgency)","escalate":\#(escalate),"confidence":\#(confidence),"safety_reason":"\#(safety)","reason":"a customer's billing question"\#(extra)}"#
    }

    static func failure(_ body: () async throws -> Void) async -> TriageSecondOpinionClient.Failure? {
        do {
            try await body()
            return nil
        } catch let failure as TriageSecondOpinionClient.Failure {
            return failure
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    // MARK: Requests and answers

    @Test("a structured answer is parsed, with its tokens; the request is a strict json_schema restricted to the allowed categories")
    func success() async throws {
        try await ChatCompletionsServer.with(answers: [.structured(content: Self.content(), promptTokens: 412, completionTokens: 38)]) { server, base in
            let answer = try await Self.client(base).ask(Self.question())
            #expect(answer.opinion == .init(category: "SUPPORT", urgency: "normal", escalate: false, confidence: 0.86, safetyReason: "", reason: "a customer's billing question"))
            #expect(answer.usage == .init(promptTokens: 412, completionTokens: 38, totalTokens: 450))
            #expect(answer.model == "gpt-4o-mini-2024-07-18")

            let request = try #require(server.requests.first?.json)
            #expect(server.requests.first?.path == "/v1/chat/completions")
            #expect(server.requests.first?.authorization == "Bearer sk-test-key")
            let format = try #require(request["response_format"] as? [String: Any])
            #expect(format["type"] as? String == "json_schema")
            let spec = try #require(format["json_schema"] as? [String: Any])
            #expect(spec["name"] as? String == "triage")
            #expect(spec["strict"] as? Bool == true)
            let schema = try #require(spec["schema"] as? [String: Any])
            let properties = try #require(schema["properties"] as? [String: Any])
            #expect((properties["category"] as? [String: Any])?["enum"] as? [String] == Self.hvac)
            #expect(!Self.hvac.contains("MANAGER"))
            #expect(request["max_completion_tokens"] as? Int == 300)
        }
    }

    @Test("card numbers, bank details and passwords never reach the server")
    func redaction() async throws {
        let body = """
            Please take the payment from card 4111 1111 1111 1111, CVV 737, or wire it to GB82 WEST 1234 5698 7654 32.
            Routing number 021000021, account 000123456789. The gate code / password: Sunny-Day-42. Merci!
            """
        try await ChatCompletionsServer.with(answers: [.structured(content: Self.content("SUPPORT"), promptTokens: 300, completionTokens: 30)]) { server, base in
            let answer = try await Self.client(base).ask(Self.question(body: body))
            #expect(answer.redacted == [.cardNumber: 1, .securityCode: 1, .iban: 1, .bankAccount: 2, .password: 1])
            let sent = String(decoding: try #require(server.requests.first).body, as: UTF8.self)
            for secret in ["4111", "737", "GB82", "WEST 1234", "021000021", "000123456789", "Sunny-Day-42"] {
                #expect(!sent.contains(secret), "the request contains \(secret)")
            }
            #expect(sent.contains("[redacted card number]"))
            #expect(sent.contains("[redacted IBAN]"))
            #expect(sent.contains("password: [redacted password]"))
            #expect(sent.contains("Merci!"))  // the rest of the text is sent
        }
    }

    @Test("a card number cut by the length limit is neither sent whole nor in part")
    func redactionAtTheLimit() throws {
        let filler = String(repeating: "The unit makes a noise. ", count: 166)  // 3,984 characters
        let body = filler + "Card 4111 1111 1111 1111 please."
        for limit in 3_984...4_010 {
            let excerpt = TriageSecondOpinionClient.redactedExcerpt(body, limit: limit)
            #expect(!excerpt.text.contains("4111") && !excerpt.text.contains("1111"), "limit \(limit): \(excerpt.text.suffix(40))")
            #expect(excerpt.text.count <= limit)
        }
    }

    @Test("a slow provider is a timeout")
    func timeout() async throws {
        try await ChatCompletionsServer.with(answers: [.delayed(.seconds(3), .structured(content: Self.content(), promptTokens: 1, completionTokens: 1))]) { _, base in
            let failure = await Self.failure { _ = try await Self.client(base, timeout: .milliseconds(200)).ask(Self.question()) }
            #expect(failure?.reason == .timeout)
        }
    }

    @Test("a 500 is an HTTP failure with the API's message")
    func serverError() async throws {
        try await ChatCompletionsServer.with(answers: [.error(status: 500, type: "server_error", code: nil, message: "The server had an error while processing your request.")]) { server, base in
            let failure = await Self.failure { _ = try await Self.client(base).ask(Self.question()) }
            #expect(failure?.reason == .httpStatus)
            #expect(failure?.status == 500)
            #expect(failure?.message == "The server had an error while processing your request.")
            #expect(server.requests.count == 1)  // one attempt: a late opinion is worth nothing
        }
    }

    @Test("a refusal is a failure that still reports its tokens")
    func refusal() async throws {
        try await ChatCompletionsServer.with(answers: [.refusal("I'm sorry, I can't help with that.", promptTokens: 95, completionTokens: 9)]) { _, base in
            let failure = await Self.failure { _ = try await Self.client(base).ask(Self.question()) }
            #expect(failure?.reason == .refusal)
            #expect(failure?.usage == .init(promptTokens: 95, completionTokens: 9, totalTokens: 104))
        }
    }

    @Test("malformed, truncated and out-of-schema answers are failures", arguments: [
        ("not json at all", "stop", TriageSecondOpinionClient.Failure.Reason.malformed),
        (TriageSecondOpinionTests.content().replacingOccurrences(of: "}", with: ""), "length", .truncated),
        (TriageSecondOpinionTests.content("SEASONAL"), "stop", .schemaViolation),
        (TriageSecondOpinionTests.content(urgency: "urgent"), "stop", .schemaViolation),
        (TriageSecondOpinionTests.content(confidence: 1.5), "stop", .schemaViolation),
        (TriageSecondOpinionTests.content(extra: #","note":"x""#), "stop", .schemaViolation),
        (#"{"category":"SUPPORT","urgency":"normal","escalate":"no","confidence":0.9,"safety_reason":"","reason":""}"#, "stop", .schemaViolation),
        (#"{"category":"SUPPORT","urgency":"normal","escalate":false,"confidence":0.9,"reason":""}"#, "stop", .schemaViolation),
    ])
    func badAnswers(_ content: String, _ finishReason: String, _ expected: TriageSecondOpinionClient.Failure.Reason) async throws {
        try await ChatCompletionsServer.with(answers: [.structured(content: content, promptTokens: 200, completionTokens: 20, finishReason: finishReason)]) { _, base in
            let failure = await Self.failure { _ = try await Self.client(base).ask(Self.question()) }
            #expect(failure?.reason == expected)
            #expect(failure?.usage?.totalTokens == 220)
        }
    }

    @Test("the test server rejects a strict schema that is not closed or not fully required, as the API does")
    func serverChecksStrictSchemas() {
        func body(_ schema: [String: Any]) -> Data {
            try! JSONSerialization.data(withJSONObject: [
                "model": "m", "messages": [["role": "user", "content": "hi"]],
                "response_format": ["type": "json_schema", "json_schema": ["name": "triage", "strict": true, "schema": schema]],
            ] as [String: Any])
        }
        var schema = TriageSecondOpinionClient.schema(allowedCategories: Self.hvac)
        #expect(ChatCompletionsServer.validate(body(schema)) == nil)
        schema["required"] = ["category", "urgency"]
        #expect(ChatCompletionsServer.validate(body(schema))?.contains("Missing 'confidence'") == true)
        schema = TriageSecondOpinionClient.schema(allowedCategories: Self.hvac)
        schema.removeValue(forKey: "additionalProperties")
        #expect(ChatCompletionsServer.validate(body(schema))?.contains("'additionalProperties' is required") == true)
    }

    // MARK: OpenAI's own Python client against the test server

    static let python = ProcessInfo.processInfo.environment["FLOWORX_OPENAI_PYTHON"]

    /// scripts/api-check/openai_structured.py with the `openai` package: proves the test server speaks the contract
    /// the vendor's client expects (its strict schemas accepted, its parser reading the answers, refusals, truncation,
    /// errors) and that FloWorx's request shape is one the client sends too. Runs when FLOWORX_OPENAI_PYTHON names a
    /// Python with scripts/api-check/openai-requirements.txt installed (scripts/api-check/openai-check.sh does it).
    @Test("OpenAI's official Python client against the test server", .enabled(if: python != nil))
    func officialClient() async throws {
        let python = try #require(Self.python)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let script = root.appendingPathComponent("scripts/api-check/openai_structured.py")
        let schemaFile = FileManager.default.temporaryDirectory.appendingPathComponent("floworx-triage-schema-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: schemaFile) }
        let spec: [String: Any] = ["name": TriageSecondOpinionClient.schemaName, "strict": true, "schema": TriageSecondOpinionClient.schema(allowedCategories: Self.hvac)]
        try JSONSerialization.data(withJSONObject: spec).write(to: schemaFile)
        let urgent = Self.content("URGENT", urgency: "critical", escalate: true, confidence: 0.93, safety: "no heat with an infant")
        let answers: [ChatCompletionsServer.Answer] = [
            .structured(content: urgent, promptTokens: 420, completionTokens: 31),
            .structured(content: urgent, promptTokens: 420, completionTokens: 31),
            .refusal("I can't help with that."),
            .structured(content: #"{"category":"URG"#, promptTokens: 420, completionTokens: 300, finishReason: "length"),
            .error(status: 500, type: "server_error", code: nil, message: "The server had an error while processing your request."),
        ]
        let (status, output) = try await ChatCompletionsServer.with(answers: answers) { server, base in
            let result = try await Self.run(python, [script.path, "--base-url", base, "--api-key", server.apiKey, "--schema", schemaFile.path])
            // What the SDK sent for parse(): its own strict schema, accepted by the server's checks.
            let first = try #require(server.requests.first?.json)
            #expect((first["response_format"] as? [String: Any])?["type"] as? String == "json_schema")
            #expect(server.requests.count == 5)
            return result
        }
        #expect(status == 0, "\(output)")
        #expect(output.contains("7 passed, 0 failed"), "\(output)")
    }

    /// Runs a program to its end without blocking a thread of the cooperative pool; its status and output.
    static func run(_ executable: String, _ arguments: [String]) async throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        return try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { process in
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                continuation.resume(returning: (process.terminationStatus, String(decoding: data, as: UTF8.self)))
            }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
    }

    // MARK: The service: policy, budget and tokens in PostgreSQL

    static func seedClient(_ db: TestDatabase) async throws -> UUID {
        let setup = try JSONCoding.decoder().decode(ClientSetup.self, from: Data(#"{"client_config": {"business": {"name": "Cold Snap HVAC", "type": "hvac"}}}"#.utf8))
        return try await ClientSeeder(database: db.database.service).create(email: "owner-\(UUID())@llm.test", passwordHash: nil, setup: setup)
    }

    static let unsure = SecondOpinionPolicy.Offline(category: "MISC", urgency: "normal", escalate: false, confidence: 0.31, decidedByRule: false)

    @Test("the daily budget refuses after N requests, and the tokens billed are recorded")
    func budget() async throws {
        try await TestDatabase.with { db in
            let clientID = try await Self.seedClient(db)
            let other = try await Self.seedClient(db)
            let answers: [ChatCompletionsServer.Answer] = [
                .structured(content: Self.content(), promptTokens: 400, completionTokens: 40),
                .refusal("no", promptTokens: 100, completionTokens: 5),
                .structured(content: Self.content(), promptTokens: 410, completionTokens: 41),
            ]
            try await ChatCompletionsServer.with(answers: answers) { server, base in
                let service = try SecondOpinionService(
                    configuration: .init(client: .init(baseURL: base, apiKey: "sk-test-key", model: "gpt-4o-mini"), budget: .init(requestsPerDay: 2)),
                    database: db.database.service, logger: Self.logger)
                guard case .answered(let answer, let merged) = await service.consult(clientID: clientID, question: Self.question(), offline: Self.unsure) else {
                    Issue.record("the first request should be answered"); return
                }
                #expect(answer.opinion.category == "SUPPORT")
                #expect(merged.category == "SUPPORT" && merged.categoryChanged)
                guard case .failed(let reason, _) = await service.consult(clientID: clientID, question: Self.question(), offline: Self.unsure) else {
                    Issue.record("the refusal should be a failure"); return
                }
                #expect(reason == "refusal")
                guard case .overBudget = await service.consult(clientID: clientID, question: Self.question(), offline: Self.unsure) else {
                    Issue.record("the third request is over the budget of 2"); return
                }
                #expect(server.requests.count == 2)  // the refused one never left the machine

                // Another business has its own budget.
                guard case .answered = await service.consult(clientID: other, question: Self.question(), offline: Self.unsure) else {
                    Issue.record("another client's budget is its own"); return
                }
                #expect(server.requests.count == 3)
            }
            let repository = LLMUsageRepository(database: db.database.service)
            let day = Self.utcDay()
            let usage = try await repository.usage(client: clientID, day: day)
            #expect(usage == .init(requests: 2, promptTokens: 500, completionTokens: 45, failures: 1))
            #expect(try await repository.usage(client: other, day: day) == .init(requests: 1, promptTokens: 410, completionTokens: 41, failures: 0))
        }
    }

    @Test("concurrent reservations never overrun the budget; a token budget refuses once it is spent")
    func concurrentReservations() async throws {
        try await TestDatabase.with(connections: 8) { db in
            let clientID = try await Self.seedClient(db)
            let repository = LLMUsageRepository(database: db.database.service)
            let budget = LLMUsageRepository.Budget(requestsPerDay: 5)
            let granted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<24 { group.addTask { try await repository.reserve(client: clientID, budget: budget) != nil } }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(granted == 5)
            #expect(try await repository.usage(client: clientID, day: Self.utcDay()).requests == 5)

            let other = try await Self.seedClient(db)
            let tokens = LLMUsageRepository.Budget(requestsPerDay: 100, tokensPerDay: 1000)
            let first = try #require(try await repository.reserve(client: other, budget: tokens))
            try await repository.record(first, promptTokens: 900, completionTokens: 100, failed: false)
            #expect(try await repository.reserve(client: other, budget: tokens) == nil)
            #expect(try await repository.reserve(client: other, budget: .init(requestsPerDay: 0)) == nil)
            #expect(try await repository.usage(client: other, day: first.day) == .init(requests: 1, promptTokens: 900, completionTokens: 100, failures: 0))
        }
    }

    @Test("confident or structural results are never sent, and cost nothing")
    func notAsked() async throws {
        try await TestDatabase.with { db in
            let clientID = try await Self.seedClient(db)
            try await ChatCompletionsServer.with(answers: [.structured(content: Self.content(), promptTokens: 1, completionTokens: 1)]) { server, base in
                let service = try SecondOpinionService(
                    configuration: .init(client: .init(baseURL: base, apiKey: "sk-test-key", model: "gpt-4o-mini")), database: db.database.service, logger: Self.logger)
                let confident = SecondOpinionPolicy.Offline(category: "SALES", urgency: "normal", escalate: false, confidence: 0.9, decidedByRule: false)
                let internalMail = SecondOpinionPolicy.Offline(category: "MANAGER", urgency: "normal", escalate: false, confidence: 1, decidedByRule: true)
                for offline in [confident, internalMail] {
                    guard case .notAsked = await service.consult(clientID: clientID, question: Self.question(), offline: offline) else {
                        Issue.record("\(offline.category) should not be asked about"); return
                    }
                }
                #expect(server.requests.isEmpty)
            }
            #expect(try await LLMUsageRepository(database: db.database.service).usage(client: clientID, day: Self.utcDay()).requests == 0)
        }
    }

    @Test("a timeout through the service falls back and counts as a failure")
    func serviceTimeout() async throws {
        try await TestDatabase.with { db in
            let clientID = try await Self.seedClient(db)
            try await ChatCompletionsServer.with(answers: [.delayed(.seconds(3), .structured(content: Self.content(), promptTokens: 1, completionTokens: 1))]) { _, base in
                let service = try SecondOpinionService(
                    configuration: .init(client: .init(baseURL: base, apiKey: "sk-test-key", model: "gpt-4o-mini", timeout: .milliseconds(200))),
                    database: db.database.service, logger: Self.logger)
                guard case .failed(let reason, nil) = await service.consult(clientID: clientID, question: Self.question(), offline: Self.unsure) else {
                    Issue.record("a timeout is a failure"); return
                }
                #expect(reason == "timeout")
            }
            #expect(try await LLMUsageRepository(database: db.database.service).usage(client: clientID, day: Self.utcDay()) == .init(requests: 1, promptTokens: 0, completionTokens: 0, failures: 1))
        }
    }

    static func utcDay() -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day], from: Date())
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }
}
