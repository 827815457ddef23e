import FloWorxCore
import FloWorxStore
import Foundation
import Synchronization

/// Client profiles for the pipeline, loaded in one query per batch and kept for a short time.
final class ProfileCache: Sendable {
    private let repository: ProfileRepository
    private let ttl: Duration
    private let entries = Mutex<[UUID: (profile: ClientProfile, loaded: ContinuousClock.Instant)]>([:])

    init(repository: ProfileRepository, ttl: Duration) {
        self.repository = repository
        self.ttl = ttl
    }

    /// The profiles of `clientIds` that exist.
    func profiles(_ clientIds: Set<UUID>) async throws -> [UUID: ClientProfile] {
        let now = ContinuousClock.now
        var found: [UUID: ClientProfile] = [:]
        var missing: [UUID] = []
        entries.withLock { entries in
            for id in clientIds {
                if let entry = entries[id], now - entry.loaded < ttl {
                    found[id] = entry.profile
                } else {
                    missing.append(id)
                }
            }
        }
        guard !missing.isEmpty else { return found }
        let loaded = try await repository.profiles(missing)
        entries.withLock { entries in
            for (id, profile) in loaded { entries[id] = (profile, now) }
        }
        found.merge(loaded) { $1 }
        return found
    }
}
