import FloWorxCore
import FloWorxIntegrations
import FloWorxStore
import Foundation
import Logging

/// The LLM second opinion of one email, end to end: the policy says whether to ask, the client's daily budget is
/// reserved in PostgreSQL, the provider is asked (redacted text, bounded time), the tokens are recorded, and the
/// answer is merged by `SecondOpinionPolicy`. Never throws: every failure is an outcome in which the offline result
/// stands.
public struct SecondOpinionService: Sendable {
    /// Everything the second opinion needs; the pipeline has none when no provider is configured.
    public struct Configuration: Sendable {
        public var client: TriageSecondOpinionClient.Configuration
        public var policy: SecondOpinionPolicy
        public var budget: LLMUsageRepository.Budget

        public init(client: TriageSecondOpinionClient.Configuration, policy: SecondOpinionPolicy = SecondOpinionPolicy(),
                    budget: LLMUsageRepository.Budget = LLMUsageRepository.Budget()) {
            self.client = client
            self.policy = policy
            self.budget = budget
        }
    }

    /// What happened.
    public enum Outcome: Sendable {
        /// The policy did not ask (confident enough, or a structural decision).
        case notAsked
        /// The client's daily budget is spent: not asked.
        case overBudget
        /// Asked, but no usable answer (or the budget could not be reserved): the offline result stands.
        case failed(reason: String, usage: TriageSecondOpinionClient.Usage?)
        /// Asked and merged.
        case answered(TriageSecondOpinionClient.Answer, SecondOpinionPolicy.Merged)
    }

    public let policy: SecondOpinionPolicy
    let budget: LLMUsageRepository.Budget
    let client: TriageSecondOpinionClient
    let usage: LLMUsageRepository
    let logger: Logger

    public init(configuration: Configuration, database: ServiceDatabase, logger: Logger) throws {
        self.policy = configuration.policy
        self.budget = configuration.budget
        self.client = try TriageSecondOpinionClient(configuration: configuration.client, logger: logger)
        self.usage = LLMUsageRepository(database: database)
        self.logger = logger
    }

    /// Asks about `question` for `clientID` when the policy wants it and the budget allows, and merges the answer.
    /// `askBelow` is the email's workflow threshold (`nil`: the policy's own).
    public func consult(clientID: UUID, question: TriageSecondOpinionClient.Question, offline: SecondOpinionPolicy.Offline, askBelow: Double? = nil) async -> Outcome {
        var policy = self.policy
        if let askBelow { policy.askBelowConfidence = askBelow }
        guard policy.shouldAsk(offline) else { return .notAsked }
        let reservation: LLMUsageRepository.Reservation?
        do {
            reservation = try await usage.reserve(client: clientID, budget: budget)
        } catch {
            // Without a reservation there is no accounting: do not spend money blind.
            logger.warning("second opinion: could not reserve the budget", metadata: ["client": "\(clientID)", "error": "\(String(reflecting: error))"])
            return .failed(reason: "budget unavailable", usage: nil)
        }
        guard let reservation else { return .overBudget }
        do throws(TriageSecondOpinionClient.Failure) {
            let answer = try await client.ask(question)
            await record(reservation, answer.usage, failed: false)
            let merged = policy.merge(offline: offline, opinion: answer.opinion, allowedCategories: Set(question.allowedCategories))
            return .answered(answer, merged)
        } catch {
            await record(reservation, error.usage, failed: true)
            logger.info("second opinion failed; keeping the offline result", metadata: ["client": "\(clientID)", "error": "\(error)"])
            return .failed(reason: error.reason.rawValue, usage: error.usage)
        }
    }

    private func record(_ reservation: LLMUsageRepository.Reservation, _ tokens: TriageSecondOpinionClient.Usage?, failed: Bool) async {
        do {
            try await usage.record(reservation, promptTokens: tokens?.promptTokens ?? 0, completionTokens: tokens?.completionTokens ?? 0, failed: failed)
        } catch {
            logger.warning("second opinion: could not record the tokens", metadata: ["client": "\(reservation.client)", "error": "\(String(reflecting: error))"])
        }
    }
}
