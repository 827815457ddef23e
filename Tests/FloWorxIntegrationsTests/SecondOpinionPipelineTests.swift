import FloWorxCore
import FloWorxIntegrations
import FloWorxStore
import FloWorxTestSupport
import FloWorxWorker
import Foundation
import Logging
import PostgresNIO
import Testing

/// The worker pipeline with the LLM second opinion switched on: real queue and PostgreSQL, the test chat-completions
/// server as the provider. The merged classification reaches the rules (the safety-default escalation), the email log
/// and the analytics; failures and a spent budget leave the offline result.
@Suite("Second opinion in the pipeline")
struct SecondOpinionPipelineTests {
    static let mailbox = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Mailbox")
    static let logger = Logger(label: "second-opinion-pipeline-test")

    struct Run: Sendable {
        var result: EmailPipeline.BatchResult
        /// `event_data` of the `llm_second_opinion` and `email_classified` events, as JSON text.
        var eventTexts: [String]
        var classifiedText: String
        var status: String
        var requests: Int

        var events: [[String: Any]] { eventTexts.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] } }
        var classified: [String: Any] { ((try? JSONSerialization.jsonObject(with: Data(classifiedText.utf8))) as? [String: Any]) ?? [:] }
    }

    /// Seeds the mailbox's HVAC business, ingests its central-AC quote request and runs one batch with the second
    /// opinion asked about every email (threshold above 1) against `answers`.
    static func run(_ answers: [ChatCompletionsServer.Answer], budget: LLMUsageRepository.Budget = .init()) async throws -> Run {
        do {
            return try await runUnwrapped(answers, budget: budget)
        } catch {
            // PSQLError shows PostgreSQL's message only when reflected.
            throw Failure(description: String(reflecting: error))
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func runUnwrapped(_ answers: [ChatCompletionsServer.Answer], budget: LLMUsageRepository.Budget) async throws -> Run {
        try await TestDatabase.with { db in
            let service = db.database.service
            let setup = try JSONCoding.decoder().decode(ClientSetup.self, from: Data(contentsOf: mailbox.appendingPathComponent("clients/hvac.json")))
            let client = try await ClientSeeder(database: service).create(email: "owner@second-opinion.test", passwordHash: nil, setup: setup)
            let message = try JSONCoding.decoder().decode(
                EmailMessage.self, from: Data(contentsOf: mailbox.appendingPathComponent("messages/hvac/011-central-ac-quote.json")))
            let ingested = try await EmailIngestRepository(database: service).ingest([NewEmail(
                clientId: client, messageId: message.messageId, fromEmail: message.from.email, toEmail: message.to.first?.email ?? "",
                subject: message.subject, body: message.text, emailDataJSON: String(decoding: try JSONCoding.encoder().encode(message), as: UTF8.self))])
            return try await ChatCompletionsServer.with(answers: answers) { server, base in
                let opinions = try SecondOpinionService(
                    configuration: .init(client: .init(baseURL: base, apiKey: "sk-test-key", model: "gpt-4o-mini"),
                                         policy: SecondOpinionPolicy(askBelowConfidence: 1.01), budget: budget),
                    database: service, logger: logger)
                let queue = EmailQueue(database: service)
                let pipeline = try EmailPipeline(
                    queue: queue, repository: ProfileRepository(database: service, logger: logger), provider: BuiltInComposer(),
                    configuration: WorkerConfiguration(), logger: logger, secondOpinion: opinions)
                let result = try await pipeline.process(try await queue.claim(limit: 10))
                func texts(_ type: String) async throws -> [String] {
                    var found: [String] = []
                    for try await text in try await service.query("SELECT event_data::text FROM public.analytics_events WHERE event_type = \(type) ORDER BY \"timestamp\"").decode(String.self) {
                        found.append(text)
                    }
                    return found
                }
                var status = ""
                for try await value in try await service.query("SELECT status FROM public.email_logs WHERE id = \(ingested[0].emailLogId)").decode(String.self) { status = value }
                return Run(result: result, eventTexts: try await texts("llm_second_opinion"), classifiedText: try await texts("email_classified").first ?? "{}",
                           status: status, requests: server.requests.count)
            }
        }
    }

    static func content(_ category: String, urgency: String, escalate: Bool, safety: String) -> String {
        #"{"category":"\#(category)","urgency":"\#(urgency)","escalate":\#(escalate),"confidence":0.9,"safety_reason":"\#(safety)","reason":"test"}"#
    }

    @Test("a critical second opinion raises urgency, escalates through the safety-default rule, and is recorded with its tokens")
    func answered() async throws {
        let run = try await Self.run([.structured(
            content: Self.content("SALES", urgency: "critical", escalate: true, safety: "burning smell from the furnace"), promptTokens: 512, completionTokens: 44)])
        #expect(run.requests == 1)
        #expect(run.result.completed == 1)
        let event = try #require(run.events.first)
        #expect(event["outcome"] as? String == "answered")
        #expect(event["total_tokens"] as? Double == 556 || event["total_tokens"] as? Int == 556)
        #expect(event["urgency"] as? String == "critical")
        #expect(event["email_log_id"] != nil)
        #expect(run.classified["urgency"] as? String == "critical")
        #expect((run.classified["reasons"] as? [String])?.contains { $0.hasPrefix("second opinion: urgency") } == true)
        #expect(run.status == "escalated")
    }

    @Test("a failing provider leaves the offline result, and the failure is recorded")
    func failed() async throws {
        let baseline = try await Self.run([.error(status: 500, type: "server_error", code: nil, message: "unused")], budget: .init(requestsPerDay: 0))
        let run = try await Self.run([.error(status: 500, type: "server_error", code: nil, message: "boom")])
        #expect(run.requests == 1)
        #expect(run.events.first?["outcome"] as? String == "failed")
        #expect(run.events.first?["reason"] as? String == "http_status")
        #expect(run.classified["category"] as? String == baseline.classified["category"] as? String)
        #expect(run.classified["urgency"] as? String == baseline.classified["urgency"] as? String)
        #expect(run.status == baseline.status)
        #expect(run.result == baseline.result)
    }

    @Test("a spent budget sends nothing")
    func overBudget() async throws {
        let run = try await Self.run([.structured(content: Self.content("SALES", urgency: "critical", escalate: true, safety: "x"), promptTokens: 1, completionTokens: 1)],
                                     budget: .init(requestsPerDay: 0))
        #expect(run.requests == 0)
        #expect(run.events.first?["outcome"] as? String == "over_budget")
        #expect(run.classified["urgency"] as? String != "critical")
    }
}
