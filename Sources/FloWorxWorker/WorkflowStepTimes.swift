import FloWorxStore
import Foundation

/// Per-step times of a batch, averaged per business and step and written as a few `performance_metrics` rows per
/// batch (`workflow_step_ms:<step>`), not one row per step per email.
struct WorkflowStepTimes {
    /// The steps timed: loop guard and classification; the steps after it (escalation rules, draft policy, custom
    /// steps); the LLM second opinion; the draft.
    enum Step: String, CaseIterable {
        case classification, rules
        case secondOpinion = "second_opinion"
        case draft
    }

    private var sums: [UUID: [Step: (total: Double, count: Int)]] = [:]

    /// Adds one email's times.
    mutating func add(client: UUID, classification: Duration, rules: Duration, secondOpinion: Duration?, draft: Duration?) {
        let times: [(Step, Duration?)] = [(.classification, classification), (.rules, rules), (.secondOpinion, secondOpinion), (.draft, draft)]
        for case let (step, duration?) in times {
            let sum = sums[client, default: [:]][step] ?? (0, 0)
            sums[client, default: [:]][step] = (sum.total + duration.fractionalMilliseconds, sum.count + 1)
        }
    }

    /// Adds the averages to the first completion of each business (so they are written only if it is).
    func flush(into completions: inout [JobCompletion]) {
        var done = Set<UUID>()
        for index in completions.indices {
            let client = completions[index].job.clientId
            guard !done.contains(client), let steps = sums[client] else { continue }
            done.insert(client)
            for step in Step.allCases {
                guard let sum = steps[step], sum.count > 0 else { continue }
                completions[index].metrics.append(("workflow_step_ms:" + step.rawValue, sum.total / Double(sum.count)))
            }
        }
    }
}
