import Foundation
import FloWorxStore
import FloWorxTestSupport
import PostgresNIO
import Testing

/// The contract's indexes, and the ones FloWorx's row-level security and hot queries need.
@Suite struct IndexTests {
    /// Every index the contract's DDL creates (its nine and the primary keys) exists in public by name, with the same
    /// definition.
    @Test func theContractsIndexesExistWithTheSameDefinition() async throws {
        let seed = try SeedSchema.load()
        try await TestDatabase.with { db in
            let (contract, migrated) = try await db.withConnection { connection in
                try await CatalogFacts.installSeed(seed, on: connection)
                return (
                    try await CatalogFacts.indexes(in: CatalogFacts.scratchSchema, on: connection),
                    try await CatalogFacts.indexes(in: "public", on: connection)
                )
            }
            #expect(contract.keys.filter { $0.hasPrefix("idx_") }.count == 9)
            for (name, definition) in contract.sorted(by: { $0.key < $1.key }) {
                #expect(migrated[name] == definition, "index \(name)")
            }
        }
    }

    /// Every policy filters by the owner column (client_id, or the parent key of a child table), so each leads an index;
    /// ON DELETE CASCADE from a parent finds its children through the same index.
    @Test(arguments: TenantTable.all)
    func theOwnerColumnLeadsAnIndex(table: TenantTable) async throws {
        try await TestDatabase.with { db in
            let leads = try await db.bool(
                """
                SELECT EXISTS (
                    SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                    WHERE i.indrelid = \("public." + table.name)::regclass AND a.attname = \(table.ownerColumn) AND i.indpred IS NULL
                )
                """
            )
            #expect(leads)
        }
    }

    /// The queue's claim, lease reclaim and cleanup, and a tenant's latest logs, read their partial or composite index
    /// in order: no sequential scan, no sort.
    @Test func theHotQueriesUseTheirIndexes() async throws {
        try await TestDatabase.with { db in
            try await TenantFixture.insert(into: db)
            let tenants = 100
            try await db.database.service.transaction { connection in
                try await connection.query(
                    """
                    INSERT INTO public.email_queue (client_id, email_data, priority, status, scheduled_for)
                    SELECT \(Tenant.b.id), '{}', i % 5,
                           CASE WHEN i % 20 = 0 THEN 'pending' WHEN i % 20 = 1 THEN 'processing' ELSE 'completed' END,
                           now() - i * interval '1 second'
                    FROM generate_series(1, 20000) i
                    """
                )
                try await connection.query(
                    """
                    INSERT INTO auth.users (id, email)
                    SELECT ('00000000-0000-4000-9000-' || lpad(i::text, 12, '0'))::uuid, 'u' || i || '@example.com'
                    FROM generate_series(1, \(tenants)) i
                    """
                )
                // Interleaved in time, as real traffic is.
                try await connection.query(
                    """
                    INSERT INTO public.email_logs (client_id, message_id, from_email, to_email, processed_at)
                    SELECT ('00000000-0000-4000-9000-' || lpad((i % \(tenants) + 1)::text, 12, '0'))::uuid, 'bulk-' || i,
                           'from@example.com', 'to@example.com', now() - i * interval '1 minute'
                    FROM generate_series(1, 20000) i
                    """
                )
            }
            try await db.execute("ANALYZE public.email_queue")
            try await db.execute("ANALYZE public.email_logs")

            let claim = try await plan(db, as: nil, """
                SELECT id FROM public.email_queue WHERE status = 'pending' AND scheduled_for <= now()
                ORDER BY priority DESC NULLS LAST, scheduled_for LIMIT 100 FOR UPDATE SKIP LOCKED
                """)
            #expect(claim.contains("Index Scan using idx_email_queue_pending_priority_scheduled"), "\(claim)")
            #expect(!claim.contains("Sort"), "\(claim)")

            let reclaim = try await plan(db, as: nil, """
                SELECT id FROM public.email_queue WHERE status = 'processing' AND updated_at < now() - interval '5 minutes'
                """)
            #expect(reclaim.contains("idx_email_queue_processing_updated_at"), "\(reclaim)")

            let cleanup = try await plan(db, as: nil, """
                DELETE FROM public.email_queue WHERE status = 'completed' AND updated_at < now() - interval '7 days'
                """)
            #expect(cleanup.contains("idx_email_queue_completed_updated_at"), "\(cleanup)")

            let tenant = RequestIdentity.user(UUID(uuidString: "00000000-0000-4000-9000-000000000007")!)
            let latest = try await plan(db, as: tenant, "SELECT * FROM public.email_logs ORDER BY processed_at DESC LIMIT 50")
            #expect(latest.contains("Index Scan using idx_email_logs_client_processed_at"), "\(latest)")
            #expect(latest.contains("InitPlan"), "auth.uid() is evaluated once per statement: \(latest)")
            #expect(!latest.contains("Sort"), "\(latest)")
        }
    }

    /// The plan of `sql`, as the owner or as a tenant.
    private func plan(_ db: TestDatabase, as identity: RequestIdentity?, _ sql: String) async throws -> String {
        let explain = PostgresQuery(unsafeSQL: "EXPLAIN (COSTS OFF) " + sql)
        if let identity {
            return try await db.database.tenant(identity).transaction { connection in
                try await Self.lines(connection.query(explain))
            }
        }
        return try await Self.lines(db.database.service.query(explain))
    }

    private static func lines(_ rows: PostgresRowSequence) async throws -> String {
        var lines: [String] = []
        for try await line in rows.decode(String.self) { lines.append(line) }
        return lines.joined(separator: "\n")
    }
}
