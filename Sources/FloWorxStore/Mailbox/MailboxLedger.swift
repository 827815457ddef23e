import Foundation
import PostgresNIO

/// The record of provider-side effects (`floworx.mailbox_effects`) and of FloWorx's drafts per thread
/// (`floworx.mailbox_drafts`): what makes a retried, redelivered or crashed write-back safe to run again.
public struct MailboxLedger: Sendable {
    let database: ServiceDatabase

    public init(database: ServiceDatabase) {
        self.database = database
    }

    /// A recorded effect: the provider reference (label ids, folder id, draft id), or nil when none was made.
    public func effect(_ integrationId: UUID, messageId: String, effect: String) async throws -> String?? {
        let rows = try await database.query("""
            SELECT provider_ref FROM floworx.mailbox_effects
            WHERE integration_id = \(integrationId) AND message_id = \(messageId) AND effect = \(effect)
            """).collect()
        guard let row = rows.first else { return nil }
        return .some(try row.decode(String?.self))
    }

    /// Records an effect once; false when it was already recorded.
    @discardableResult
    public func record(_ integrationId: UUID, messageId: String, effect: String, providerRef: String?, detailJSON: String = "{}") async throws -> Bool {
        try await database.query("""
            INSERT INTO floworx.mailbox_effects (integration_id, message_id, effect, provider_ref, detail)
            VALUES (\(integrationId), \(messageId), \(effect), \(providerRef), \(detailJSON)::jsonb)
            ON CONFLICT DO NOTHING
            RETURNING 1
            """).collect().count == 1
    }

    /// Points a message's `filed` effect at the folder or label it is in now (after the owner moved it), so the
    /// move is counted once. False when FloWorx never filed the message.
    @discardableResult
    public func refile(_ integrationId: UUID, messageId: String, providerRef: String) async throws -> Bool {
        try await database.query("""
            UPDATE floworx.mailbox_effects SET provider_ref = \(providerRef), detail = detail || '{"moved_by_owner": true}'
            WHERE integration_id = \(integrationId) AND message_id = \(messageId) AND effect = 'filed'
            RETURNING 1
            """).collect().count == 1
    }

    /// The open FloWorx draft of a thread, if any.
    public func openDraft(_ integrationId: UUID, threadId: String) async throws -> MailboxDraft? {
        let rows = try await database.query("""
            SELECT \(unescaped: Self.draftColumns) FROM floworx.mailbox_drafts
            WHERE integration_id = \(integrationId) AND thread_id = \(threadId) AND state = 'open'
            """)
        return try await Self.drafts(rows).first
    }

    /// Every open FloWorx draft of a mailbox (to notice the owner sending or editing them).
    public func openDrafts(_ integrationId: UUID) async throws -> [MailboxDraft] {
        let rows = try await database.query("""
            SELECT \(unescaped: Self.draftColumns) FROM floworx.mailbox_drafts WHERE integration_id = \(integrationId) AND state = 'open'
            """)
        return try await Self.drafts(rows)
    }

    /// Records a new open draft, closing the thread's previous one as `replaced`, in one transaction. Also records
    /// the `draft` effect of the message it answers.
    public func recordDraft(_ draft: MailboxDraft) async throws {
        try await database.transaction { connection in
            try await connection.query("""
                UPDATE floworx.mailbox_drafts SET state = 'replaced', updated_at = now()
                WHERE integration_id = \(draft.integrationId) AND thread_id = \(draft.threadId) AND state = 'open'
                """)
            try await connection.query("""
                INSERT INTO floworx.mailbox_drafts (integration_id, draft_id, thread_id, reply_to_message_id, draft_message_id, email_log_id,
                                                    body_text, body_sha256, change_key)
                VALUES (\(draft.integrationId), \(draft.draftId), \(draft.threadId), \(draft.replyToMessageId), \(draft.draftMessageId),
                        \(draft.emailLogId), \(draft.bodyText), \(draft.bodySHA256), \(draft.changeKey))
                """)
            try await connection.query("""
                INSERT INTO floworx.mailbox_effects (integration_id, message_id, effect, provider_ref)
                VALUES (\(draft.integrationId), \(draft.replyToMessageId), 'draft', \(draft.draftId))
                ON CONFLICT DO NOTHING
                """)
        }
    }

    /// Closes a draft with a final state (`edited`, `sent`, `deleted`), with the sent reply's similarity to it.
    public func closeDraft(_ integrationId: UUID, draftId: String, state: String, similarity: Double? = nil) async throws {
        try await database.query("""
            UPDATE floworx.mailbox_drafts SET state = \(state), similarity = \(similarity), updated_at = now()
            WHERE integration_id = \(integrationId) AND draft_id = \(draftId) AND state = 'open'
            """)
    }

    static let draftColumns = """
        integration_id, draft_id, thread_id, reply_to_message_id, draft_message_id, email_log_id, body_text, body_sha256, change_key, state
        """

    static func drafts(_ rows: PostgresRowSequence) async throws -> [MailboxDraft] {
        var drafts: [MailboxDraft] = []
        for try await row in rows {
            let c = row.makeRandomAccess()
            drafts.append(MailboxDraft(
                integrationId: try c[0].decode(UUID.self), draftId: try c[1].decode(String.self), threadId: try c[2].decode(String.self),
                replyToMessageId: try c[3].decode(String.self), draftMessageId: try c[4].decode(String?.self), emailLogId: try c[5].decode(UUID?.self),
                bodyText: try c[6].decode(String.self), bodySHA256: try c[7].decode(String.self), changeKey: try c[8].decode(String?.self),
                state: try c[9].decode(String.self)
            ))
        }
        return drafts
    }
}
