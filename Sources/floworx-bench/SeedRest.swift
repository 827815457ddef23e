import ArgumentParser
import FloWorxServer
import FloWorxStore
import Foundation
import PostgresNIO

/// Data for the data API benchmark: `tenants` users with `rows` email logs each, an access token per tenant
/// (tokens.txt, for wrk) and one pgbench script per tenant running exactly the SQL FloWorx runs for
/// `GET /rest/v1/email_logs?select=*&order=processed_at.desc&limit=50`, with the same role and claims setup.
struct SeedRest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "seed-rest", abstract: "Create the data API benchmark's tenants, rows, tokens and pgbench scripts.")

    @OptionGroup var database: BenchDatabase
    @Option(help: "Tenants.") var tenants = 100
    @Option(help: "Email logs per tenant.") var rows = 10_000
    @Option(help: "Directory for tokens.txt and the pgbench scripts.") var out: String

    func run() async throws {
        guard let secret = ProcessInfo.processInfo.environment["JWT_SECRET"] else { throw ValidationError("JWT_SECRET must be set (the server's)") }
        let tenants = self.tenants, rows = self.rows, out = self.out
        try await database.withDatabase(connections: 2) { db, _ in
            let existing = try await db.service.query("""
                SELECT count(*)::int FROM public.email_logs l JOIN auth.users u ON u.id = l.client_id WHERE u.email LIKE '%@rest-bench.test'
                """).collect().first!.decode(Int.self)
            if existing != tenants * rows {
                try await db.service.query("DELETE FROM auth.users WHERE email LIKE '%@rest-bench.test'")
                try await db.service.query("""
                    INSERT INTO auth.users (id, aud, role, email, email_confirmed_at)
                    SELECT gen_random_uuid(), 'authenticated', 'authenticated', 'tenant' || n || '@rest-bench.test', now()
                    FROM generate_series(1, \(tenants)) n
                    """)
                try await db.service.query("""
                    INSERT INTO public.email_logs (client_id, message_id, from_email, to_email, subject, body, processed_at, status)
                    SELECT u.id, 'bench-' || g, 'customer' || (g % 997) || '@example.com', 'office@' || split_part(u.email, '@', 1) || '.example',
                           'Question about service visit #' || g,
                           repeat('Hello, I would like to book a technician for next week if possible. ', 4),
                           now() - make_interval(mins => g::int), (ARRAY['processed', 'escalated', 'processed', 'failed'])[1 + g % 4]
                    FROM auth.users u, generate_series(1, \(rows)) g
                    WHERE u.email LIKE '%@rest-bench.test'
                    """)
                try await db.service.query("VACUUM ANALYZE public.email_logs")
            }
            let ids = try await db.service.query("""
                SELECT id, email FROM auth.users WHERE email LIKE '%@rest-bench.test' ORDER BY email
                """).collect().map { try $0.decode((UUID, String).self) }
            let tokens = try await TokenService.make(secret: secret, accessTokenLifetime: .seconds(7 * 24 * 3600))
            let catalog = try await db.service.withConnection { try await Catalog.load($0.connection, logger: database.logger) }
            let query = try RestSQL(catalog: catalog, role: "authenticated").read(
                RestRead(table: "email_logs", selection: .all, order: [RestOrder(column: "processed_at", descending: true)], limit: 50)
            )
            let sql = query.sql.replacingOccurrences(of: "$1", with: "50")
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            var tokenLines: [String] = []
            for (index, (id, email)) in ids.enumerated() {
                let user = AuthUser(id: id, email: email, role: "authenticated", aud: "authenticated", emailConfirmedAt: Date(), lastSignInAt: nil,
                                    appMetadataJSON: #"{"provider":"email","providers":["email"]}"#, userMetadataJSON: "{}", createdAt: Date(), updatedAt: Date())
                let token = try await tokens.accessToken(for: user, sessionId: UUID()).token
                tokenLines.append(token)
                // pgbench reads `:name` as a variable anywhere in a script, so a space follows each JSON colon
                // (the same claims; JSON allows the whitespace).
                let claims = try await tokens.verify(token).identity.claimsJSON.replacingOccurrences(of: "\":", with: "\": ")
                let literal = { (text: String) in "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
                let script = """
                    BEGIN;
                    SELECT set_config('role', 'authenticated', true), set_config('request.jwt.claims', \(literal(claims)), true), set_config('request.jwt.claim.sub', \(literal(id.uuidString.lowercased())), true);
                    \(sql);
                    COMMIT;

                    """
                try script.write(toFile: "\(out)/tenant\(index).sql", atomically: true, encoding: .utf8)
            }
            try (tokenLines.joined(separator: "\n") + "\n").write(toFile: "\(out)/tokens.txt", atomically: true, encoding: .utf8)
            report(["tenants": ids.count, "rows_per_tenant": rows, "out": out, "sql": sql])
        }
    }
}
