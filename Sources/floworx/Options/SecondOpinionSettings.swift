import FloWorxCore
import FloWorxIntegrations
import FloWorxStore
import FloWorxWorker
import Foundation

/// The LLM second opinion's settings (docs/triage.md, "Second opinion"), from the environment only: it is off unless
/// `FLOWORX_TRIAGE_LLM_URL`, `FLOWORX_TRIAGE_LLM_MODEL` and `FLOWORX_TRIAGE_LLM_API_KEY` are all set; setting only
/// some of them is an error, so a half-done configuration never passes for "off".
enum SecondOpinionSettings {
    static func configuration() throws -> SecondOpinionService.Configuration? {
        // Checked even when the feature is off, so a typo shows before the day it is switched on.
        let timeout = try Environment.int("FLOWORX_TRIAGE_LLM_TIMEOUT_MS", range: 100...120_000) ?? 5000
        let askBelow = try fraction("FLOWORX_TRIAGE_LLM_BELOW_CONFIDENCE") ?? SecondOpinionPolicy.defaultAskBelowConfidence
        let accept = try fraction("FLOWORX_TRIAGE_LLM_ACCEPT_CONFIDENCE") ?? SecondOpinionPolicy.defaultAcceptCategoryAtConfidence
        let requests = try Environment.int("FLOWORX_LLM_DAILY_REQUESTS_PER_CLIENT", range: 0...1_000_000)
            ?? LLMUsageRepository.Budget.defaultRequestsPerDay
        let tokens = try Environment.int("FLOWORX_LLM_DAILY_TOKENS_PER_CLIENT", range: 0...1_000_000_000)
            ?? LLMUsageRepository.Budget.defaultTokensPerDay
        let url = Environment.get("FLOWORX_TRIAGE_LLM_URL")
        let model = Environment.get("FLOWORX_TRIAGE_LLM_MODEL")
        let key = Environment.get("FLOWORX_TRIAGE_LLM_API_KEY")
        guard url != nil || model != nil || key != nil else { return nil }
        guard let url, let model, let key else {
            throw ConfigurationError(
                "the triage second opinion needs FLOWORX_TRIAGE_LLM_URL, FLOWORX_TRIAGE_LLM_MODEL and FLOWORX_TRIAGE_LLM_API_KEY together")
        }
        return SecondOpinionService.Configuration(
            client: .init(baseURL: url, apiKey: key, model: model, timeout: .milliseconds(timeout)),
            policy: SecondOpinionPolicy(askBelowConfidence: askBelow, acceptCategoryAtConfidence: accept),
            budget: .init(requestsPerDay: requests, tokensPerDay: tokens))
    }

    /// A number between 0 and 1; `nil` when unset.
    private static func fraction(_ name: String) throws -> Double? {
        guard let text = Environment.get(name) else { return nil }
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite, (0...1).contains(value) else {
            throw ConfigurationError("\(name) must be a number between 0 and 1, got \"\(text)\"")
        }
        return value
    }
}
