import FloWorxCore
import FloWorxStore
import Foundation
import Logging
import Synchronization

/// The workflow definitions the pipeline runs, by version id. A saved version never changes (migration 0040 refuses
/// it), so an entry never goes stale: which version an email runs comes fresh with every claim (the claim statement
/// returns the business's active version), and only a version not seen before costs a query.
final class WorkflowCache: Sendable {
    /// What an email runs: its version (id and number; `nil` when the business has versions but none active) and the
    /// definition (the default when there is no version, or when the stored one does not validate).
    struct Resolved: Sendable {
        var id: UUID?
        var version: Int?
        var definition: WorkflowDefinition
    }

    /// Entries kept at most; beyond, the cache starts over (a version is one small document).
    static let capacity = 10_000

    private let repository: WorkflowRepository
    private let logger: Logger
    private let definitions = Mutex<[UUID: WorkflowDefinition]>([:])

    init(repository: WorkflowRepository, logger: Logger) {
        self.repository = repository
        self.logger = logger
    }

    /// The workflow each job runs, by job id. Businesses (of `clients`, those with a profile) whose claim found no
    /// active version get the default as version 1 first.
    func resolve(_ jobs: [ClaimedJob], clients: Set<UUID>) async throws -> [UUID: Resolved] {
        var active: [UUID: (id: UUID, version: Int)] = [:]
        let unversioned = Set(jobs.filter { $0.workflowId == nil && clients.contains($0.clientId) }.map(\.clientId))
        if !unversioned.isEmpty {
            active = try await repository.ensureDefaults(clientIds: Array(unversioned))
        }
        var chosen: [UUID: (id: UUID, version: Int)] = [:]
        for job in jobs {
            if let id = job.workflowId, let version = job.workflowVersion {
                chosen[job.id] = (id, version)
            } else if let found = active[job.clientId] {
                chosen[job.id] = found
            }
        }
        let wanted = Set(chosen.values.map(\.id))
        let missing = definitions.withLock { cached in wanted.filter { cached[$0] == nil } }
        if !missing.isEmpty {
            let loaded = try await repository.versions(ids: Array(missing))
            var fresh: [UUID: WorkflowDefinition] = [:]
            for id in missing {
                if let definition = loaded[id]?.definition {
                    fresh[id] = definition
                } else {
                    logger.warning("workflow version does not validate or is gone; running the default workflow", metadata: ["workflow_id": "\(id)"])
                    fresh[id] = .default
                }
            }
            definitions.withLock { cached in
                if cached.count + fresh.count > Self.capacity { cached.removeAll() }
                cached.merge(fresh) { $1 }
            }
        }
        let known = definitions.withLock { cached in cached }
        var resolved: [UUID: Resolved] = [:]
        for job in jobs {
            if let found = chosen[job.id] {
                resolved[job.id] = Resolved(id: found.id, version: found.version, definition: known[found.id] ?? .default)
            } else {
                resolved[job.id] = Resolved(id: nil, version: nil, definition: .default)
            }
        }
        return resolved
    }
}
