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

    @Option(name: .customLong("ai-provider"), help: "builtin or openai (env: FLOWORX_AI_PROVIDER, default builtin).")
    var aiProvider: String?

    @Option(name: .customLong("openai-base-url"), help: "OpenAI-compatible API base URL (env: OPENAI_BASE_URL, default https://api.openai.com/v1). The key is read from OPENAI_API_KEY only.")
    var openAIBaseURL: String?

    @Option(name: .customLong("openai-model"), help: "Chat model (env: OPENAI_MODEL, default gpt-4o-mini).")
    var openAIModel: String?

    @Option(name: .customLong("ai-timeout-seconds"), help: "Timeout of one AI request (env: FLOWORX_AI_TIMEOUT_SECONDS, default 20).")
    var aiTimeoutSeconds: Double?

    /// The resolved worker settings.
    func configuration() throws -> WorkerConfiguration {
        var configuration = WorkerConfiguration()
        configuration.concurrency = try positive("worker concurrency", concurrency ?? Environment.int("FLOWORX_WORKER_CONCURRENCY") ?? configuration.concurrency)
        configuration.batchSize = try positive("batch size", batchSize ?? Environment.int("FLOWORX_BATCH_SIZE") ?? configuration.batchSize)
        let lease = try positive("lease seconds", leaseSeconds ?? Environment.int("FLOWORX_LEASE_SECONDS") ?? 300)
        configuration.queue.lease = .seconds(lease)
        configuration.reclaimInterval = .seconds(max(1, min(15, lease / 4)))
        configuration.queue.maxAttempts = try positive("max attempts", maxAttempts ?? Environment.int("FLOWORX_MAX_ATTEMPTS") ?? 5)
        let base = retryBaseSeconds ?? Environment.get("FLOWORX_RETRY_BASE_SECONDS").flatMap(Double.init) ?? 2
        guard base > 0 else { throw ConfigurationError("retry base seconds must be positive") }
        configuration.queue.retryBase = .milliseconds(Int64(base * 1000))
        configuration.queue.completedRetention = .seconds(try positive("retention seconds", retentionSeconds ?? Environment.int("FLOWORX_QUEUE_RETENTION_SECONDS") ?? 3600))
        return configuration
    }

    /// The AI provider that writes drafts.
    func provider(logger: Logger) throws -> any AIProvider {
        switch (aiProvider ?? Environment.get("FLOWORX_AI_PROVIDER") ?? "builtin").lowercased() {
        case "builtin":
            return BuiltInComposer()
        case "openai":
            guard let key = Environment.get("OPENAI_API_KEY") else {
                throw ConfigurationError("FLOWORX_AI_PROVIDER=openai needs OPENAI_API_KEY in the environment")
            }
            let timeout = aiTimeoutSeconds ?? Environment.get("FLOWORX_AI_TIMEOUT_SECONDS").flatMap(Double.init) ?? 20
            return try OpenAIChatProvider(configuration: OpenAIChatProvider.Configuration(
                baseURL: openAIBaseURL ?? Environment.get("OPENAI_BASE_URL") ?? "https://api.openai.com/v1",
                apiKey: key,
                model: openAIModel ?? Environment.get("OPENAI_MODEL") ?? "gpt-4o-mini",
                timeout: .milliseconds(Int64(timeout * 1000))
            ), logger: logger)
        case let other:
            throw ConfigurationError("AI provider must be builtin or openai, got \(other)")
        }
    }

    private func positive(_ name: String, _ value: Int) throws -> Int {
        guard value > 0 else { throw ConfigurationError("\(name) must be positive, got \(value)") }
        return value
    }
}
