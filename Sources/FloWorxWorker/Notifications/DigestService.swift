import FloWorxCore
import FloWorxStore
import Foundation
import Logging

/// Builds one business's digest for one local day and queues it in the outbox: the figures, the rendered email and
/// one `floworx.notifications` row per recipient, deduplicated per business, day and recipient. The `digest.send`
/// job and `floworx digest` both come here.
public struct DigestService: Sendable {
    let repository: DigestRepository
    /// The dashboard address the digest links to, if any (`FLOWORX_PUBLIC_URL`).
    public var link: String?

    public init(database: ServiceDatabase, link: String? = nil) {
        repository = DigestRepository(database: database)
        self.link = link
    }

    /// What one build ended with.
    public struct Outcome: Sendable, Hashable {
        public enum Status: Sendable, Hashable {
            /// Rows were written for these recipients (the others, if any, already had theirs).
            case queued
            /// Every recipient already had this day's digest.
            case alreadySent
            /// Email notifications are off for the business.
            case notificationsOff
            /// The business has no address to send to.
            case noRecipients
            /// No such business.
            case unknownBusiness
        }

        public var status: Status
        public var date: DigestDate
        public var subject: String?
        /// Recipients written now.
        public var queued: [String]
        /// Recipients that already had it.
        public var skipped: [String]
        public var figures: DigestFigures?
    }

    /// Builds and queues the digest of `clientId` for `date`. `force` writes it again under a new key (a digest sent
    /// again on purpose); otherwise a second build for the same day writes nothing.
    public func send(clientId: UUID, date: DigestDate, force: Bool = false) async throws -> Outcome {
        guard let business = try await repository.business(clientId) else {
            return Outcome(status: .unknownBusiness, date: date, queued: [], skipped: [])
        }
        return try await send(business, date: date, force: force)
    }

    /// Builds and queues the digest of `business` for `date`.
    public func send(_ business: DigestBusiness, date: DigestDate, force: Bool = false) async throws -> Outcome {
        guard business.emailNotifications else { return Outcome(status: .notificationsOff, date: date, queued: [], skipped: []) }
        let recipients = business.recipients
        guard !recipients.isEmpty else { return Outcome(status: .noRecipients, date: date, queued: [], skipped: []) }

        let zone = business.zone
        let bounds = date.bounds(in: zone)
        let figures = try await repository.figures(clientId: business.clientId, from: bounds.start, to: bounds.end)
        let content = DigestContent.render(business: business.name, date: date, timezone: business.timezone, figures: figures, link: link)
        let stored = DigestOutboxContent(
            content: content, date: date, business: business.name, timezone: business.timezone, figures: figures, forced: force ? true : nil
        )
        let json = String(decoding: try JSONCoding.encoder().encode(stored), as: UTF8.self)
        let run = force ? UUID() : nil
        let rows = recipients.map {
            DigestRepository.Row(
                recipient: $0.email, recipientName: $0.name,
                dedupeKey: Digest.notificationKey(clientId: business.clientId, date: date, recipient: $0.email, forcedRun: run)
            )
        }
        let written = try await repository.insert(clientId: business.clientId, rows: rows, contentJSON: json)
        let skipped = recipients.map(\.email).filter { !written.contains($0) }
        return Outcome(
            status: written.isEmpty ? .alreadySent : .queued, date: date, subject: content.subject,
            queued: written, skipped: skipped, figures: figures
        )
    }
}
