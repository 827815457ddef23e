import FloWorxCore
import Foundation
import Synchronization

/// An `AIProvider` test double: answers each draft request as its script says for that attempt, and records the
/// message ids it was asked about. `AIProvider` is the pipeline's seam to the outside; the pipeline itself is real.
final class ScriptedProvider: AIProvider {
    /// What to do on one call.
    enum Step: Sendable {
        /// Answer with this text.
        case reply(String)
        /// Throw.
        case fail(String)
        /// Wait (cancellably), then do the next step.
        case wait(Duration, then: Reply)

        enum Reply: Sendable {
            case reply(String)
            case fail(String)
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let script: @Sendable (_ messageId: String, _ call: Int) -> Step
    private let calls = Mutex<[String]>([])

    var name: String { "scripted" }

    /// `script(messageId, n)` decides the n-th call (from 1) for that message.
    init(_ script: @escaping @Sendable (_ messageId: String, _ call: Int) -> Step) {
        self.script = script
    }

    /// Every call so far, by message id, in order.
    var callLog: [String] { calls.withLock { $0 } }

    /// How many times `messageId` was drafted.
    func callCount(_ messageId: String) -> Int { calls.withLock { $0.filter { $0 == messageId }.count } }

    /// Waits until at least `expected` calls were made, or `deadline` passed; returns whether they were.
    func waitForCalls(_ expected: Int, within deadline: Duration = .seconds(20)) async throws -> Bool {
        let end = ContinuousClock.now + deadline
        while ContinuousClock.now < end, callLog.count < expected {
            try await Task.sleep(for: .milliseconds(20))
        }
        return callLog.count >= expected
    }

    func draftReply(_ request: DraftRequest) async throws -> DraftReply {
        let id = request.message.messageId
        let call = calls.withLock { calls in
            calls.append(id)
            return calls.filter { $0 == id }.count
        }
        var reply: Step.Reply
        switch script(id, call) {
        case .reply(let text): reply = .reply(text)
        case .fail(let message): reply = .fail(message)
        case .wait(let delay, let then):
            try await Task.sleep(for: delay)
            reply = then
        }
        switch reply {
        case .reply(let text):
            return DraftReply(text: text, confidence: request.classification.confidence, model: "scripted-1", tokensUsed: 7)
        case .fail(let message):
            throw Failure(description: message)
        }
    }
}
