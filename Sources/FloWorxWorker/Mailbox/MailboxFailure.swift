import FloWorxCore
import FloWorxIntegrations
import Foundation
import Logging

extension MailProviderError {
    /// The job outcome of a provider failure: throttling postpones without spending an attempt, provider and network
    /// failures retry with backoff, the rest are not worth retrying.
    var jobError: JobError {
        switch kind {
        case .rateLimited:
            JobError(.postpone(retryAfter ?? .seconds(30)), description)
        case .server, .transport, .invalidResponse:
            JobError(.retry(after: retryAfter), description)
        case .unauthorized, .invalidGrant, .forbidden, .notFound, .gone, .conflict, .badRequest, .tooLarge:
            JobError(.fail, description)
        }
    }
}
