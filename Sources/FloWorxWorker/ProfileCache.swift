import FloWorxCore
import FloWorxStore
import Foundation
import Synchronization

/// Client profiles for the pipeline, loaded in one query per batch and kept for a short time; with a correction
/// repository and a triage model, each client's `TriageAdaptation` (what its corrections taught) is built when its
/// profile is loaded and kept as long.
final class ProfileCache: Sendable {
    private let repository: ProfileRepository
    private let corrections: CorrectionRepository?
    private let model: TriageModel?
    private let ttl: Duration
    private let entries = Mutex<[UUID: (profile: ClientProfile, adaptation: TriageAdaptation?, loaded: ContinuousClock.Instant)]>([:])

    init(repository: ProfileRepository, ttl: Duration, corrections: CorrectionRepository? = nil, model: TriageModel? = nil) {
        self.repository = repository
        self.corrections = corrections
        self.model = model
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
        var adaptations: [UUID: TriageAdaptation] = [:]
        if let corrections, let model {
            for (id, list) in try await corrections.corrections(for: Array(loaded.keys)) {
                guard let profile = loaded[id] else { continue }
                adaptations[id] = TriageAdaptation(corrections: list.map(\.triageCorrection), model: model, business: TriageBusiness(profile: profile))
            }
        }
        entries.withLock { entries in
            for (id, profile) in loaded { entries[id] = (profile, adaptations[id], now) }
        }
        found.merge(loaded) { $1 }
        return found
    }

    /// What the client's corrections taught, as loaded with its profile by the last `profiles` call; nil without
    /// corrections.
    func adaptation(_ clientId: UUID) -> TriageAdaptation? {
        entries.withLock { $0[clientId]?.adaptation }
    }
}
