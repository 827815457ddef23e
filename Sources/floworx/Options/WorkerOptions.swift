import ArgumentParser
import FloWorxCore
import FloWorxIntegrations
import FloWorxStore
import FloWorxWorker
import Logging

/// How the email workers run and which AI provider writes drafts.
struct WorkerOptions: ParsableArguments {
    @Option(name: .customLong("worker-concurrency"), help: "Worker loops per process (env: FLOWORX_WORKER_CONCURRENCY, default 2).")
    var concurrency: Int?

    @Option(name: .customLong("batch-size"), help: "Jobs claimed per batch (env: FLOWORX_BATCH_SIZE, default 50).")
    var batchSize: Int?

    @Option(name: .customLong("lease-seconds"), help: "Visibility timeout of a claimed job (env: FLOWORX_LEASE_SECONDS, default 300).")
    var leaseSeconds: Int?

    @Option(name: .customLong("max-attempts"), help: "Attempts before a job becomes a dead letter (env: FLOWORX_MAX_ATTEMPTS, default 5).")
    var maxAttempts: Int?

    @Option(name: .customLong("retry-base-seconds"), help: "First retry delay, doubled per attempt with jitter (env: FLOWORX_RETRY_BASE_SECONDS, default 2).")
    var retryBaseSeconds: Double?

    @Option(name: .customLong("retention-seconds"), help: "How long completed jobs stay in email_queue (env: FLOWORX_QUEUE_RETENTION_SECONDS, default 3600).")
    var retentionSeconds: Int?

    @Option(name: .customLong("claim-per-client"), help: "Most jobs one client gets per claimed batch; 0: no cap, clients still take turns (env: FLOWORX_CLAIM_PER_CLIENT, default 0).")
    var claimPerClient: Int?

    @Option(name: .customLong("ai-provider"), help: "builtin or openai (env: FLOWORX_AI_PROVIDER, default builtin).")
    var aiProvider: String?

    @Option(name: .customLong("openai-base-url"), help: "OpenAI-compatible API base URL (env: OPENAI_BASE_URL, default https://api.openai.com/v1). The key is read from OPENAI_API_KEY only.")
    var openAIBaseURL: String?

    @Option(name: .customLong("openai-model"), help: "Chat model (env: OPENAI_MODEL, default gpt-4o-mini).")
    var openAIModel: String?

    @Option(name: .customLong("ai-timeout-seconds"), help: "Timeout of one AI request (env: FLOWORX_AI_TIMEOUT_SECONDS, default 20).")
    var aiTimeoutSeconds: Double?

    /// The resolved worker settings; every number is range-checked and a value out of range names its flag or variable.
    func configuration() throws -> WorkerConfiguration {
        var configuration = WorkerConfiguration()
        configuration.concurrency = try Environment.int(
            flag: concurrency, "--worker-concurrency", env: "FLOWORX_WORKER_CONCURRENCY", default: configuration.concurrency, range: 1...256
        )
        configuration.batchSize = try Environment.int(
            flag: batchSize, "--batch-size", env: "FLOWORX_BATCH_SIZE", default: configuration.batchSize, range: 1...10_000
        )
        let lease = try Environment.int(flag: leaseSeconds, "--lease-seconds", env: "FLOWORX_LEASE_SECONDS", default: 300, range: 1...86_400)
        configuration.queue.lease = .seconds(lease)
        configuration.reclaimInterval = .seconds(max(1, min(15, lease / 4)))
        configuration.queue.maxAttempts = try Environment.int(flag: maxAttempts, "--max-attempts", env: "FLOWORX_MAX_ATTEMPTS", default: 5, range: 1...100)
        // The delay doubles up to a 10-minute cap, so a first delay above it would never be used as given.
        configuration.queue.retryBase = try Environment.seconds(
            flag: retryBaseSeconds, "--retry-base-seconds", env: "FLOWORX_RETRY_BASE_SECONDS", default: 2, range: 0.001...600
        )
        configuration.queue.completedRetention = .seconds(try Environment.int(
            flag: retentionSeconds, "--retention-seconds", env: "FLOWORX_QUEUE_RETENTION_SECONDS", default: 3600, range: 1...31_536_000
        ))
        configuration.queue.claimPerClient = try Environment.int(
            flag: claimPerClient, "--claim-per-client", env: "FLOWORX_CLAIM_PER_CLIENT", default: 0, range: 0...10_000
        )
        configuration.queue.fairClaims = try Environment.bool("FLOWORX_FAIR_CLAIMS") ?? true
        configuration.secondOpinion = try SecondOpinionSettings.configuration()
        configuration.billing = try BillingSettings.enforcement()
        return configuration
    }

    /// The AI provider that writes drafts.
    func provider(logger: Logger) throws -> any AIProvider {
        let name = aiProvider != nil ? "--ai-provider" : "FLOWORX_AI_PROVIDER"
        // Checked whichever provider is chosen, so a typo shows up before the day it is switched on.
        let timeout = try Environment.seconds(
            flag: aiTimeoutSeconds, "--ai-timeout-seconds", env: "FLOWORX_AI_TIMEOUT_SECONDS", default: 20, range: 0.1...600
        )
        switch try Setting.choice(aiProvider ?? Environment.get("FLOWORX_AI_PROVIDER") ?? "builtin", name: name, among: ["builtin", "openai"]) {
        case "builtin":
            return BuiltInComposer()
        case "openai":
            guard let key = Environment.get("OPENAI_API_KEY") else {
                throw ConfigurationError("FLOWORX_AI_PROVIDER=openai needs OPENAI_API_KEY in the environment")
            }
            return try OpenAIChatProvider(configuration: OpenAIChatProvider.Configuration(
                baseURL: openAIBaseURL ?? Environment.get("OPENAI_BASE_URL") ?? "https://api.openai.com/v1",
                apiKey: key,
                model: openAIModel ?? Environment.get("OPENAI_MODEL") ?? "gpt-4o-mini",
                timeout: timeout
            ), logger: logger)
        default:
            return BuiltInComposer()
        }
    }
}
