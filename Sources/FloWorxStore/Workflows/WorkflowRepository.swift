import FloWorxCore
import Foundation
import PostgresNIO

/// The versions of each business's workflow (`public.workflows` rows whose `workflow_data` is a definition, migration
/// 0040). Saving adds a version (the highest number plus one, inactive); activating one deactivates the other in the
/// same transaction; a rollback activates an older one. A business that has none gets the default workflow as its
/// version 1, active, on first read or save (`ensureDefaults`), so what runs is always a visible, numbered version.
///
/// Works as a tenant (the API: RLS limits every statement to the caller's rows) or as the service (the worker);
/// every statement is also scoped by the client id it is given.
public struct WorkflowRepository: Sendable {
    private enum Backend: Sendable {
        case tenant(TenantDatabase)
        case service(ServiceDatabase)
    }

    private let backend: Backend

    /// A repository acting as the request's tenant.
    public init(tenant: TenantDatabase) {
        backend = .tenant(tenant)
    }

    /// A repository acting as the service.
    public init(service: ServiceDatabase) {
        backend = .service(service)
    }

    private func transaction<Result: Sendable>(_ body: (any WorkflowQuerying) async throws -> Result) async throws -> Result {
        switch backend {
        case .tenant(let database): try await database.transaction { try await body($0) }
        case .service(let database): try await database.transaction { try await body($0) }
        }
    }

    // MARK: Reads

    /// Every version of the business's workflow, newest first.
    public func list(clientId: UUID) async throws -> [WorkflowVersion] {
        try await transaction { connection in
            try await Self.ensureDefaults([clientId], on: connection)
            return try await Self.versions(on: connection, "w.client_id = \(clientId)")
        }
    }

    /// One version of the business's workflow.
    public func version(clientId: UUID, version: Int) async throws -> WorkflowVersion? {
        try await transaction { connection in
            try await Self.ensureDefaults([clientId], on: connection)
            return try await Self.versions(on: connection, "w.client_id = \(clientId) AND w.version = \(version)").first
        }
    }

    /// The business's active version (the default, created now, when it has none at all).
    public func active(clientId: UUID) async throws -> WorkflowVersion? {
        try await transaction { connection in
            try await Self.ensureDefaults([clientId], on: connection)
            return try await Self.versions(on: connection, "w.client_id = \(clientId) AND w.is_active").first
        }
    }

    /// The versions with these ids (what the pipeline runs), by id.
    public func versions(ids: [UUID]) async throws -> [UUID: WorkflowVersion] {
        guard !ids.isEmpty else { return [:] }
        return try await transaction { connection in
            let found = try await Self.versions(on: connection, "w.id = ANY(\(ids)::uuid[])")
            return Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// Gives each business of `clientIds` that has no workflow the default as its active version 1; returns every
    /// given business's active version (id and number); a business with versions but none active is left out.
    public func ensureDefaults(clientIds: [UUID]) async throws -> [UUID: (id: UUID, version: Int)] {
        guard !clientIds.isEmpty else { return [:] }
        return try await transaction { connection in
            try await Self.ensureDefaults(clientIds, on: connection)
            let rows = try await connection.query("""
                SELECT w.client_id, w.id, w.version FROM public.workflows w
                WHERE w.client_id = ANY(\(clientIds)::uuid[]) AND w.is_active AND w.workflow_data ? 'schemaVersion'
                """)
            var active: [UUID: (id: UUID, version: Int)] = [:]
            for try await (client, id, version) in rows.decode((UUID, UUID, Int).self) { active[client] = (id, version) }
            return active
        }
    }

    // MARK: Writes

    /// Saves `definition` as the business's next version (inactive until activated).
    public func save(clientId: UUID, name: String, definition: WorkflowDefinition) async throws -> WorkflowVersion {
        try await transaction { connection in
            try await Self.lock(clientId, on: connection)
            try await Self.ensureDefaults([clientId], on: connection)
            let rows = try await connection.query("""
                INSERT INTO public.workflows (client_id, name, workflow_data, version, is_active)
                SELECT \(clientId), \(name), \(definition.jsonText())::jsonb, coalesce(max(w.version), 0) + 1, false
                FROM public.workflows w WHERE w.client_id = \(clientId) AND w.workflow_data ? 'schemaVersion'
                RETURNING id
                """).collect()
            let id = try rows.first!.decode(UUID.self)
            guard let saved = try await Self.versions(on: connection, "w.id = \(id) AND w.client_id = \(clientId)").first else {
                throw StoreError(.notFound, "the saved workflow version is not visible")
            }
            return saved
        }
    }

    /// Makes `version` the business's active one: the active version is deactivated and this one activated (stamped
    /// `deployed_at`) in one transaction, serialised per business, so exactly one is active at every moment any
    /// claim can see. The next email claimed runs it.
    public func activate(clientId: UUID, version: Int) async throws -> WorkflowActivation {
        try await switchTo(clientId: clientId, version: version, rollback: false)
    }

    /// Activates an older version than the active one.
    public func rollback(clientId: UUID, version: Int) async throws -> WorkflowActivation {
        try await switchTo(clientId: clientId, version: version, rollback: true)
    }

    private func switchTo(clientId: UUID, version: Int, rollback: Bool) async throws -> WorkflowActivation {
        try await transaction { connection in
            try await Self.lock(clientId, on: connection)
            try await Self.ensureDefaults([clientId], on: connection)
            let rows = try await connection.query("""
                SELECT w.version, coalesce(w.is_active, false) FROM public.workflows w
                WHERE w.client_id = \(clientId) AND w.workflow_data ? 'schemaVersion' AND (w.version = \(version) OR w.is_active)
                """)
            var exists = false, active: Int?
            for try await (number, isActive) in rows.decode((Int, Bool).self) {
                if number == version { exists = true }
                if isActive { active = number }
            }
            guard exists else { return .notFound }
            if rollback, let active, version >= active { return .notEarlier(active: active) }
            if active != version {
                // Two statements: a unique index is checked row by row, so the old version must be off first.
                try await connection.query("""
                    UPDATE public.workflows SET is_active = false
                    WHERE client_id = \(clientId) AND is_active AND workflow_data ? 'schemaVersion'
                    """)
                try await connection.query("""
                    UPDATE public.workflows SET is_active = true, deployed_at = now()
                    WHERE client_id = \(clientId) AND version = \(version) AND workflow_data ? 'schemaVersion'
                    """)
            }
            guard let activated = try await Self.versions(on: connection, "w.client_id = \(clientId) AND w.version = \(version)").first else {
                return .notFound
            }
            return .activated(activated)
        }
    }

    // MARK: Statements

    /// Serialises saves and activations of one business (transaction-scoped).
    private static func lock(_ clientId: UUID, on connection: any WorkflowQuerying) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended('floworx.workflows:' || \(clientId)::text, 0))").collect()
    }

    private static func ensureDefaults(_ clientIds: [UUID], on connection: any WorkflowQuerying) async throws {
        // Concurrent first reads both insert; the unique (client, version) index keeps one. One business (every
        // request's case) is named by equality, so that the statement routes to its node on Citus (docs/scaling.md).
        var binds = PostgresBindings(capacity: 3)
        binds.append(WorkflowDefinition.defaultName)
        binds.append(WorkflowDefinition.default.jsonText())
        if clientIds.count == 1 { binds.append(clientIds[0]) } else { binds.append(clientIds) }
        try await connection.query(PostgresQuery(unsafeSQL: """
            INSERT INTO public.workflows (client_id, name, workflow_data, version, is_active, deployed_at)
            SELECT p.id, $1, $2::jsonb, 1, true, now()
            FROM public.profiles p
            WHERE \(clientIds.count == 1 ? "p.id = $3" : "p.id = ANY($3::uuid[])")
              AND NOT EXISTS (SELECT 1 FROM public.workflows w WHERE w.client_id = p.id AND w.workflow_data ? 'schemaVersion')
            ON CONFLICT DO NOTHING
            """, binds: binds)).collect()
    }

    private static func versions(on connection: any WorkflowQuerying, _ condition: PostgresQuery) async throws -> [WorkflowVersion] {
        let query = PostgresQuery(unsafeSQL: """
            SELECT w.id, w.client_id, w.name, w.version, coalesce(w.is_active, false), w.deployed_at, coalesce(w.created_at, now()), w.workflow_data::text,
                   coalesce(m.execution_count, 0), coalesce(m.success_count, 0), coalesce(m.error_count, 0)::int8, coalesce(m.avg_execution_time, 0)
            FROM public.workflows w
            LEFT JOIN public.workflow_metrics m ON m.workflow_id = w.id AND m.execution_count > 0
            WHERE w.workflow_data ? 'schemaVersion' AND (\(condition.sql))
            ORDER BY w.client_id, w.version DESC
            """, binds: condition.binds)
        let rows = try await connection.query(query)
        var versions: [WorkflowVersion] = []
        for try await row in rows {
            let (id, client, name, number, active, deployed, created, data, executions, successes, errors, average) =
                try row.decode((UUID, UUID, String, Int, Bool, Date?, Date, String, Int, Int, Int, Double).self)
            versions.append(WorkflowVersion(
                id: id, clientId: client, name: name, version: number, isActive: active, deployedAt: deployed, createdAt: created,
                definitionJSON: data, definition: try? WorkflowValidator.parse(Data(data.utf8)),
                totals: WorkflowTotals(executions: executions, successes: successes, errors: errors, averageMilliseconds: average)))
        }
        return versions
    }
}

extension WorkflowRepository {
    /// A service repository on the queue's database (what the pipeline reads the versions it runs with).
    public init(queue: EmailQueue) {
        self.init(service: queue.database)
    }
}
