import FloWorxCore
import FloWorxStore
import Foundation
import Logging

/// Runs `digest.send` jobs: builds and queues one business's digest for one local day. Running a job twice, or two
/// jobs for the same day at once, writes one digest: the outbox rows are deduplicated per business, day and recipient.
public struct DigestJobHandler: JobHandler {
    let service: DigestService
    let logger: Logger

    public var kinds: [String] { [Digest.jobKind] }

    public init(database: ServiceDatabase, link: String? = nil, logger: Logger) {
        service = DigestService(database: database, link: link)
        self.logger = logger
    }

    public func run(_ job: ServiceJob) async throws {
        guard let payload = try? JSONCoding.decoder().decode(Digest.JobPayload.self, from: Data(job.payloadJSON.utf8)) else {
            throw JobError(.fail, "digest.send payload is not {client_id, date}")
        }
        let outcome = try await service.send(clientId: payload.clientId, date: payload.date)
        logger.info("digest", metadata: [
            "client_id": "\(payload.clientId.uuidString.lowercased())", "date": "\(payload.date)",
            "status": "\(outcome.status)", "queued": "\(outcome.queued.count)",
        ])
    }
}
