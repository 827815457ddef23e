import FloWorxCore
import FloWorxStore
import Foundation
import Logging

/// Processes claimed jobs: decodes each email, loads its client's profile, runs the analysis steps of the core
/// module, writes drafts through the AI provider when policy allows, and completes the batch in one statement.
public struct EmailPipeline: Sendable {
    let queue: EmailQueue
    let profiles: ProfileCache
    let repository: ProfileRepository
    let analyzer: EmailAnalyzer
    let provider: any AIProvider
    let draftConcurrency: Int
    let logger: Logger
    /// The LLM second opinion; `nil` (no provider configured) leaves the pipeline exactly as without it.
    let secondOpinion: SecondOpinionService?
    /// Turns notify and forward actions into outbox rows written with the completion.
    let planner: NotificationPlanner
    /// Plan limits (issue 15); nil enforces none.
    let billing: BillingGate?
    /// The workflow definitions the claimed emails run (each claim names its business's active version).
    let workflows: WorkflowCache

    /// A pipeline; `analyzer` defaults to one running the bundled triage model (`TriageModel.bundled()`), which
    /// throws only when the model resource is missing or unreadable. With `corrections`, each client's triage learns
    /// from its recorded corrections (loaded and cached with its profile).
    public init(
        queue: EmailQueue, repository: ProfileRepository, provider: any AIProvider, configuration: WorkerConfiguration, logger: Logger,
        analyzer: EmailAnalyzer? = nil, corrections: CorrectionRepository? = nil, secondOpinion: SecondOpinionService? = nil,
        billingDatabase: ServiceDatabase? = nil
    ) throws {
        // Everything that can throw comes before the first stored property: a throw from a partly initialised struct
        // crashed the test process once (swift_release in "outlined destroy of EmailPipeline", Swift 6.3).
        let analyzer = try analyzer ?? EmailAnalyzer(triage: TriageModel.bundled())
        self.queue = queue
        self.repository = repository
        self.profiles = ProfileCache(repository: repository, ttl: configuration.profileTTL, corrections: corrections, model: analyzer.triageModel)
        self.analyzer = analyzer
        self.provider = provider
        self.draftConcurrency = configuration.draftConcurrency
        self.logger = logger
        self.secondOpinion = secondOpinion
        self.planner = configuration.notifications
        // Plan limits need both the setting and a database to count in.
        self.billing = configuration.billing.flatMap { enforcement in
            billingDatabase.map { BillingGate(database: $0, enforcement: enforcement, logger: logger) }
        }
        self.workflows = WorkflowCache(repository: WorkflowRepository(queue: queue), logger: logger)
    }

    /// What a batch came to.
    public struct BatchResult: Sendable, Hashable {
        public var completed = 0
        public var escalated = 0
        public var drafted = 0
        /// Failed attempts (retried later or dead-lettered).
        public var failed = 0
        /// Jobs whose lease another worker had taken: their results were not written.
        public var lost = 0
    }

    struct Prepared: Sendable {
        var job: ClaimedJob
        var message: EmailMessage
        var analysis: EmailAnalysis
        var profile: ClientProfile
        var analysisTime: Duration
        /// The workflow version the email runs, what its steps decided, and the steps' times.
        var workflow: WorkflowCache.Resolved
        var outcome: WorkflowOutcome
        var classificationTime: Duration
        var rulesTime: Duration
        var secondOpinionTime: Duration? = nil
    }

    /// Processes `jobs` and records every outcome.
    public func process(_ jobs: [ClaimedJob]) async throws -> BatchResult {
        var result = BatchResult()
        guard !jobs.isEmpty else { return result }
        let now = Date()
        let decoder = JSONCoding.decoder()

        var decoded: [(ClaimedJob, EmailMessage)] = []
        for job in jobs {
            do {
                decoded.append((job, try decoder.decode(EmailMessage.self, from: Data(job.emailDataJSON.utf8))))
            } catch {
                result.failed += 1
                try await queue.fail(job, JobFailure(type: "invalid_email_data", message: "email_data does not decode: \(error)", retryable: false))
            }
        }
        let profiles = try await profiles.profiles(Set(decoded.map { $0.0.clientId }))
        let counts = try await senderCounts(decoded, profiles: profiles)
        let admissions = try await admitBilling(decoded, now: now)
        let running = try await workflows.resolve(decoded.map(\.0), clients: Set(profiles.keys))

        var prepared: [Prepared] = []
        for (job, message) in decoded {
            guard let profile = profiles[job.clientId] else {
                result.failed += 1
                try await queue.fail(job, JobFailure(type: "client_not_found", message: "no profile for client \(job.clientId)", retryable: false))
                continue
            }
            let windows = counts[job.clientId.uuidString + "|" + message.from.email.lowercased()] ?? [:]
            let workflow = running[job.id] ?? WorkflowCache.Resolved(id: nil, version: nil, definition: .default)
            let run = EmailTraceScope.stage(EmailTraceKeys.analyze, job: job) {
                analyze(message, job: job, profile: profile, workflow: workflow, senderRecentCounts: windows, now: now)
            }
            prepared.append(Prepared(
                job: job, message: message, analysis: run.analysis, profile: profile, analysisTime: run.classification + run.rules, workflow: workflow,
                outcome: run.outcome, classificationTime: run.classification, rulesTime: run.rules))
        }

        // The LLM second opinion on unsure results, before any draft: a merge that changes the classification
        // re-runs the rules and the draft decision.
        var opinionEvents: [Int: (type: String, dataJSON: String)] = [:]
        if let secondOpinion {
            let items = prepared.enumerated().filter { billingAllowsLLM($0.element.job.clientId, admissions) }.map { index, item in
                SecondOpinionItem(
                    index: index, clientID: item.job.clientId, emailLogID: item.job.emailLogId, message: item.message, analysis: item.analysis,
                    profile: item.profile, senderRecentCounts: counts[item.job.clientId.uuidString + "|" + item.message.from.email.lowercased()] ?? [:])
            }
            for (index, opinion) in await secondOpinions(workflowOpinionItems(items, prepared), service: secondOpinion, now: now) {
                let windows = counts[prepared[index].job.clientId.uuidString + "|" + prepared[index].message.from.email.lowercased()] ?? [:]
                reapplyWorkflow(&prepared[index], opinion: opinion, senderRecentCounts: windows, now: now)
                opinionEvents[index] = opinion.event
            }
        }

        let limited = billingDraftDecisions(prepared.map { (clientId: $0.job.clientId, decision: $0.analysis.draft) }, admissions)
        for index in prepared.indices { prepared[index].analysis.draft = limited[index] }
        let drafts = await writeDrafts(prepared, now: now)
        try await recordBilling(drafts: drafts.compactMap { index, outcome in
            guard case .success(let reply) = outcome.result else { return nil }
            return (clientId: prepared[index].job.clientId, tokens: reply.tokensUsed ?? 0)
        }, admissions)
        var completions: [JobCompletion] = []
        var stepTimes = WorkflowStepTimes()
        for (index, item) in prepared.enumerated() {
            var draft: DraftReply?
            var elapsed = item.analysisTime
            if let outcome = drafts[index] {
                switch outcome.result {
                case .success(let reply):
                    draft = reply
                    elapsed += outcome.duration
                case .failure(let error):
                    // A draft cut short by shutdown is not a failed attempt: the caller hands the batch back.
                    try Task.checkCancellation()
                    result.failed += 1
                    logger.warning("draft failed; the job will be retried", metadata: ["job": "\(item.job.id)", "error": "\(error)"])
                    try await queue.fail(item.job, JobFailure(type: "ai_provider_failed", message: "\(error)", retryable: true))
                    continue
                }
            }
            let record = ProcessingRecord(emailLogId: item.job.emailLogId, message: item.message, analysis: item.analysis, draft: draft, processingMilliseconds: elapsed.fractionalMilliseconds)
            let steps = WorkflowSteps(workflow: item.workflow, outcome: item.outcome)
            stepTimes.add(
                client: item.job.clientId, classification: item.classificationTime, rules: item.rulesTime, secondOpinion: item.secondOpinionTime,
                draft: draft == nil ? nil : drafts[index]?.duration)
            completions.append(JobCompletion(
                job: item.job, finalStatus: item.analysis.finalStatus,
                draft: draft,
                events: record.encodedEvents() + (opinionEvents[index].map { [$0] } ?? []) + steps.events(emailLogId: item.job.emailLogId),
                metrics: record.metrics,
                // The workflow's notifications step (off, or not reached) silences the rules' alerts.
                notifications: item.outcome.notifications
                    ? planner.plan(message: item.message, analysis: item.analysis, profile: item.profile, emailLogId: item.job.emailLogId, now: now) : [],
                slaTimer: SLAPolicy.timer(for: item.message, analysis: item.analysis, profile: item.profile, now: now),
                workflow: steps.record(milliseconds: elapsed.fractionalMilliseconds),
                jobs: steps.jobs(job: item.job, message: item.message, analysis: item.analysis, drafted: draft != nil)
            ))
        }
        stepTimes.flush(into: &completions)
        let owned = try await queue.complete(completions)
        for completion in completions {
            guard owned.contains(completion.job.id) else {
                result.lost += 1
                continue
            }
            result.completed += 1
            if completion.finalStatus == "escalated" { result.escalated += 1 }
            if completion.draft != nil { result.drafted += 1 }
        }
        if result.lost > 0 {
            logger.warning("jobs were taken over by another worker after their lease expired; results discarded", metadata: ["count": "\(result.lost)"])
        }
        return result
    }

    private struct DraftOutcome: Sendable {
        var result: Result<DraftReply, DraftFailure>
        var duration: Duration
    }

    private struct DraftFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// Drafts for the emails whose analysis allows one, at most `draftConcurrency` at a time.
    private func writeDrafts(_ prepared: [Prepared], now: Date) async -> [Int: DraftOutcome] {
        let wanted = prepared.indices.filter { prepared[$0].analysis.draft.shouldDraft }
        guard !wanted.isEmpty else { return [:] }
        return await withTaskGroup(of: (Int, DraftOutcome).self) { group in
            var outcomes: [Int: DraftOutcome] = [:]
            var iterator = wanted.makeIterator()
            func start(_ index: Int) {
                let item = prepared[index]
                let request = DraftRequest(message: item.message, classification: item.analysis.classification, profile: item.profile, status: item.analysis.status, now: now)
                group.addTask {
                    let begin = ContinuousClock.now
                    do {
                        let reply = try await provider.draftReply(request)
                        return (index, DraftOutcome(result: .success(reply), duration: ContinuousClock.now - begin))
                    } catch {
                        return (index, DraftOutcome(result: .failure(DraftFailure(description: "\(error)")), duration: ContinuousClock.now - begin))
                    }
                }
            }
            for _ in 0..<draftConcurrency {
                guard let index = iterator.next() else { break }
                start(index)
            }
            for await (index, outcome) in group {
                outcomes[index] = outcome
                if let next = iterator.next() { start(next) }
            }
            return outcomes
        }
    }

    /// Prefetches `sender_recent_count` for every window the batch's rules use: one query per window.
    private func senderCounts(_ decoded: [(ClaimedJob, EmailMessage)], profiles: [UUID: ClientProfile]) async throws -> [String: [Double: Int]] {
        var pairsByWindow: [Double: [(clientId: UUID, sender: String)]] = [:]
        for (job, message) in decoded {
            guard let profile = profiles[job.clientId] else { continue }
            for window in RuleEngine.countWindows(EmailAnalyzer.rules(for: profile)) {
                pairsByWindow[window, default: []].append((job.clientId, message.from.email))
            }
        }
        var counts: [String: [Double: Int]] = [:]
        for (window, pairs) in pairsByWindow {
            for (key, count) in try await repository.senderCounts(pairs, hours: window) {
                counts[key, default: [:]][window] = count
            }
        }
        return counts
    }
}
