import FloWorxCore
import Foundation

/// What the workflow routes need from the configuration (issue 16).
public struct WorkflowServerConfiguration: Sendable {
    /// `FLOWORX_WORKFLOW_WEBHOOK_ALLOW_PRIVATE` (default false): when false, saving a webhook step whose URL host is
    /// literally a private, loopback or link-local IP address or `localhost` is refused (422). The worker refuses such
    /// destinations again when it sends, after resolving the name.
    public var allowPrivateWebhooks: Bool

    /// The settings; `allowPrivateWebhooks` by default from the environment (an unreadable value counts as false,
    /// the safe side).
    public init(allowPrivateWebhooks: Bool? = nil) {
        self.allowPrivateWebhooks = allowPrivateWebhooks ?? Self.environmentAllowsPrivate()
    }

    static func environmentAllowsPrivate(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard let text = environment["FLOWORX_WORKFLOW_WEBHOOK_ALLOW_PRIVATE"], !text.isEmpty else { return false }
        return (try? Setting.bool(text, name: "FLOWORX_WORKFLOW_WEBHOOK_ALLOW_PRIVATE")) ?? false
    }
}
