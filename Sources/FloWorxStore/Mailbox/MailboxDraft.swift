import Foundation

/// A reply draft FloWorx wrote into a mailbox (`floworx.mailbox_drafts`).
public struct MailboxDraft: Sendable, Hashable {
    public var integrationId: UUID
    /// The provider's draft id (Gmail draft id; Graph message id of the draft).
    public var draftId: String
    public var threadId: String
    public var replyToMessageId: String
    /// Gmail: the id of the draft's own message (it changes when the draft is updated).
    public var draftMessageId: String?
    public var emailLogId: UUID?
    public var bodyText: String
    public var bodySHA256: String
    /// Outlook: the changeKey after FloWorx wrote the draft.
    public var changeKey: String?
    /// `open`, `replaced`, `edited`, `sent` or `deleted`.
    public var state: String

    public init(integrationId: UUID, draftId: String, threadId: String, replyToMessageId: String, draftMessageId: String?, emailLogId: UUID?, bodyText: String, bodySHA256: String, changeKey: String?, state: String = "open") {
        self.integrationId = integrationId
        self.draftId = draftId
        self.threadId = threadId
        self.replyToMessageId = replyToMessageId
        self.draftMessageId = draftMessageId
        self.emailLogId = emailLogId
        self.bodyText = bodyText
        self.bodySHA256 = bodySHA256
        self.changeKey = changeKey
        self.state = state
    }
}
