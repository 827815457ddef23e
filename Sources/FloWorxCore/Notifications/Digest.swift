import Foundation

/// The daily digest (issue 11): once per local day, each business whose email notifications are on gets one email
/// with the previous day's figures. Sent once per day however many workers run: the `digest.send` job is
/// deduplicated per business and day, and so is every outbox row it writes.
public enum Digest {
    /// The job kind that builds and queues one business's digest for one day.
    public static let jobKind = "digest.send"

    /// The job's dedupe key: `digest:<client_id>:<local date>`.
    public static func jobKey(clientId: UUID, date: DigestDate) -> String {
        "digest:\(clientId.uuidString.lowercased()):\(date)"
    }

    /// The outbox row's dedupe key: `digest:<client_id>:<local date>:<recipient>`, or, for a digest forced by hand,
    /// `digest:<client_id>:<local date>:forced-<run>:<recipient>` so it is sent again.
    public static func notificationKey(clientId: UUID, date: DigestDate, recipient: String, forcedRun: UUID? = nil) -> String {
        let run = forcedRun.map { "forced-\($0.uuidString.lowercased()):" } ?? ""
        return "\(jobKey(clientId: clientId, date: date)):\(run)\(recipient)"
    }

    /// The `digest.send` job's payload.
    public struct JobPayload: Sendable, Hashable, Codable {
        public var clientId: UUID
        public var date: DigestDate

        public init(clientId: UUID, date: DigestDate) {
            self.clientId = clientId
            self.date = date
        }

        enum CodingKeys: String, CodingKey {
            case clientId = "client_id", date
        }
    }
}
