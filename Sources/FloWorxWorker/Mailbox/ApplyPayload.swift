import FloWorxCore
import Foundation
import Logging

/// The input of a `mailbox.apply` job, written by the email queue's completion trigger (migration 0030).
struct ApplyPayload: Decodable, Sendable {
    var emailLogId: UUID
    var messageId: String
    var threadId: String?
    var from: EmailAddress?
    var replyTo: EmailAddress?
    var subject: String?
    /// The original's Message-ID header (In-Reply-To of the reply).
    var rfcMessageId: String?
    var references: [String]?

    enum CodingKeys: String, CodingKey {
        case emailLogId = "email_log_id", messageId = "message_id", threadId = "thread_id", from, replyTo = "reply_to", subject
        case rfcMessageId = "rfc_message_id", references
    }

    /// The category path a message is filed under: `CATEGORY` or `CATEGORY/Subcategory`.
    static func path(category: String, subcategory: String?) -> String {
        guard let subcategory, !subcategory.isEmpty else { return category }
        return category + "/" + subcategory
    }
}
