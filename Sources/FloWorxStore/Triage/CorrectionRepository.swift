import FloWorxCore
import Foundation
import Logging
import PostgresNIO

/// Records category corrections (`floworx.triage_corrections`) and reads them back for learning. Service code: every
/// statement is scoped by the client id its caller hands over (the API's comes from the verified token, after the
/// tenant's own RLS showed it the email), and the table's trigger refuses an email of another client.
public struct CorrectionRepository: Sendable {
    let database: ServiceDatabase

    public init(database: ServiceDatabase) {
        self.database = database
    }

    /// Where a correction came from.
    public enum Source: String, Sendable, CaseIterable {
        /// The owner changed the category through `POST /api/v1/emails/{id}/category`.
        case api
        /// The owner moved the mail between FloWorx labels or folders (mailbox sync).
        case mailbox
    }

    /// One stored correction.
    public struct Correction: Sendable, Hashable {
        public var id: UUID
        public var clientId: UUID
        public var emailLogId: UUID
        public var source: String
        public var senderEmail: String
        public var senderDomain: String
        /// What FloWorx had classified the email as; nil when it never was.
        public var fromCategory: String?
        public var toCategory: String
        public var createdAt: Date
    }

    /// A correction with the corrected message, as learning needs it.
    public struct Learnable: Sendable {
        public var correction: Correction
        public var subject: String
        public var body: String

        /// The correction as `TriageAdaptation` reads it (the message's features are recomputed from sender, subject and
        /// body).
        public var triageCorrection: TriageAdaptation.Correction {
            TriageAdaptation.Correction(
                id: correction.emailLogId.uuidString.lowercased(), fromCategory: correction.fromCategory, toCategory: correction.toCategory,
                correctedAt: correction.createdAt, input: TriageInput(fromEmail: correction.senderEmail, subject: subject, text: body))
        }
    }

    /// Records that the client moved `emailLogId` to `category`; a correction of the same email replaces the earlier one
    /// (keeping what FloWorx first chose as `fromCategory`). Writes a `classification_corrected` analytics event in the same
    /// transaction. Returns nil, writing nothing, when the email is not one of the client's. The caller validates
    /// `category` against the business's categories.
    public func record(clientId: UUID, emailLogId: UUID, category: String, source: Source) async throws -> Correction? {
        try await database.transaction { connection in
            let rows = try await connection.query("""
                WITH email AS (
                  SELECT l.id, lower(trim(l.from_email)) AS sender,
                         (SELECT e.event_data ->> 'category' FROM public.analytics_events e
                          WHERE e.client_id = l.client_id AND e.event_type = 'email_classified'
                            AND e.event_data ->> 'email_log_id' = l.id::text
                          ORDER BY e.timestamp DESC LIMIT 1) AS classified
                  FROM public.email_logs l WHERE l.id = \(emailLogId) AND l.client_id = \(clientId)
                )
                INSERT INTO floworx.triage_corrections AS c
                    (client_id, email_log_id, source, sender_email, sender_domain, from_category, to_category)
                SELECT \(clientId), email.id, \(source.rawValue), email.sender,
                       CASE WHEN position('@' in email.sender) > 0 THEN split_part(email.sender, '@', -1) ELSE '' END,
                       CASE WHEN email.classified ~ '^[A-Z_]{2,32}$' THEN email.classified END, \(category)
                FROM email
                ON CONFLICT (client_id, email_log_id) DO UPDATE
                    SET to_category = EXCLUDED.to_category, source = EXCLUDED.source, created_at = now(),
                        from_category = coalesce(c.from_category, EXCLUDED.from_category)
                RETURNING c.id, c.client_id, c.email_log_id, c.source, c.sender_email, c.sender_domain, c.from_category, c.to_category, c.created_at
                """).collect()
            guard let row = rows.first else { return nil }
            let correction = try Self.correction(row)
            var data: [String: JSONValue] = [
                "email_log_id": .string(emailLogId.uuidString.lowercased()),
                "correction_id": .string(correction.id.uuidString.lowercased()),
                "to_category": .string(correction.toCategory),
                "source": .string(correction.source),
                "sender_domain": .string(correction.senderDomain),
            ]
            data["from_category"] = correction.fromCategory.map(JSONValue.string) ?? .null
            let json = String(decoding: try JSONCoding.encoder().encode(data), as: UTF8.self)
            try await connection.query("""
                INSERT INTO public.analytics_events (client_id, event_type, event_data)
                VALUES (\(clientId), 'classification_corrected', \(json)::jsonb)
                """)
            return correction
        }
    }

    /// Whether the tenant's own row-level security shows it the email log `emailLogId`: another client's email looks
    /// exactly like a missing one.
    public static func isVisible(emailLogId: UUID, to tenant: TenantDatabase) async throws -> Bool {
        let business = tenant.business
        return try await tenant.transaction { connection in
            try await connection.query("SELECT 1 FROM public.email_logs WHERE id = \(emailLogId) AND client_id = \(business)").collect().count == 1
        }
    }

    /// The correction of one email of the client, if any.
    public func correction(clientId: UUID, emailLogId: UUID) async throws -> Correction? {
        let rows = try await database.query("""
            SELECT c.id, c.client_id, c.email_log_id, c.source, c.sender_email, c.sender_domain, c.from_category, c.to_category, c.created_at
            FROM floworx.triage_corrections c WHERE c.client_id = \(clientId) AND c.email_log_id = \(emailLogId)
            """).collect()
        return try rows.first.map(Self.correction)
    }

    /// What FloWorx classified one email of the client as (its latest `email_classified` event), if it did.
    public func classifiedCategory(clientId: UUID, emailLogId: UUID) async throws -> String? {
        let rows = try await database.query("""
            SELECT e.event_data ->> 'category' FROM public.analytics_events e
            WHERE e.client_id = \(clientId) AND e.event_type = 'email_classified' AND e.event_data ->> 'email_log_id' = \(emailLogId.uuidString.lowercased())
            ORDER BY e.timestamp DESC LIMIT 1
            """).collect()
        return try rows.first?.decode(String?.self) ?? nil
    }

    /// The newest `limit` corrections of each of `clientIds` (oldest first per client), with their messages: what
    /// `TriageAdaptation` learns from. Clients without corrections are absent.
    public func corrections(for clientIds: [UUID], limit: Int = 500) async throws -> [UUID: [Learnable]] {
        guard !clientIds.isEmpty, limit > 0 else { return [:] }
        let rows = try await database.query("""
            SELECT c.id, c.client_id, c.email_log_id, c.source, c.sender_email, c.sender_domain, c.from_category, c.to_category, c.created_at,
                   coalesce(l.subject, ''), coalesce(l.body, '')
            FROM unnest(\(clientIds)::uuid[]) AS k(client_id)
            CROSS JOIN LATERAL (
                SELECT * FROM floworx.triage_corrections t WHERE t.client_id = k.client_id ORDER BY t.created_at DESC LIMIT \(limit)
            ) c
            JOIN public.email_logs l ON l.id = c.email_log_id AND l.client_id = c.client_id
            ORDER BY c.client_id, c.created_at, c.id
            """).collect()
        var result: [UUID: [Learnable]] = [:]
        for row in rows {
            let correction = try Self.correction(row)
            let columns = row.makeRandomAccess()
            let subject = try columns[9].decode(String.self)
            let body = try columns[10].decode(String.self)
            result[correction.clientId, default: []].append(Learnable(correction: correction, subject: subject, body: body))
        }
        return result
    }

    static func correction(_ row: PostgresRow) throws -> Correction {
        let columns = row.makeRandomAccess()
        return Correction(
            id: try columns[0].decode(UUID.self), clientId: try columns[1].decode(UUID.self), emailLogId: try columns[2].decode(UUID.self),
            source: try columns[3].decode(String.self), senderEmail: try columns[4].decode(String.self),
            senderDomain: try columns[5].decode(String.self), fromCategory: try columns[6].decode(String?.self),
            toCategory: try columns[7].decode(String.self), createdAt: try columns[8].decode(Date.self))
    }
}
