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
    @Option(help: "The table read (the path's /rest/v1/<table>).") var table = "email_logs"
    @Option(help: "The read's query string: select (embeddings too), order, limit and the embeddings' order/limit; no filters.")
    var query = "select=*&order=processed_at.desc&limit=50"
    @Option(help: "AI responses (drafts) per tenant, on its most recent email logs (for embedded reads).") var responses = 0

    func run() async throws {
        guard let secret = ProcessInfo.processInfo.environment["JWT_SECRET"] else { throw ValidationError("JWT_SECRET must be set (the server's)") }
        let tenants = self.tenants, rows = self.rows, out = self.out, responses = self.responses
        let read = try readRequest()
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
            if responses > 0 {
                // One draft per recent email of every tenant, once (a second run finds them).
                let drafts = try await db.service.query("""
                    SELECT count(*)::int FROM public.ai_responses r JOIN public.email_logs l ON l.id = r.email_log_id
                    JOIN auth.users u ON u.id = l.client_id WHERE u.email LIKE '%@rest-bench.test'
                    """).collect().first!.decode(Int.self)
                if drafts != tenants * responses {
                    try await db.service.query("""
                        DELETE FROM public.ai_responses r USING public.email_logs l, auth.users u
                        WHERE l.id = r.email_log_id AND u.id = l.client_id AND u.email LIKE '%@rest-bench.test'
                        """)
                    try await db.service.query("""
                        INSERT INTO public.ai_responses (email_log_id, response_text, confidence_score, model_used, tokens_used)
                        SELECT l.id, 'Thanks for reaching out! We can send a technician on Tuesday morning. ' || l.subject, 0.87, 'builtin', 120
                        FROM (SELECT l.id, l.subject, row_number() OVER (PARTITION BY l.client_id ORDER BY l.processed_at DESC) AS n
                              FROM public.email_logs l JOIN auth.users u ON u.id = l.client_id WHERE u.email LIKE '%@rest-bench.test') l
                        WHERE l.n <= \(responses)
                        """)
                    try await db.service.query("VACUUM ANALYZE public.ai_responses")
                }
            }
            let ids = try await db.service.query("""
                SELECT id, email FROM auth.users WHERE email LIKE '%@rest-bench.test' ORDER BY email
                """).collect().map { try $0.decode((UUID, String).self) }
            let tokens = try await TokenService.make(secret: secret, accessTokenLifetime: .seconds(7 * 24 * 3600))
            let catalog = try await db.service.withConnection { try await Catalog.load($0.connection, logger: database.logger) }
            let statement = try RestSQL(catalog: catalog, role: "authenticated").read(read)
            let sql = Self.inlined(statement)
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
            report(["tenants": ids.count, "rows_per_tenant": rows, "out": out, "sql": sql, "path": "/rest/v1/\(table)?\(query)"])
        }
    }

    /// The read `--table` and `--query` describe, built as the data API builds it (`PostgRESTParser`).
    func readRequest() throws -> RestRead {
        let pairs = (URLComponents(string: "?" + query)?.queryItems ?? []).map { ($0.name, $0.value ?? "") }
        var read = RestRead(table: table)
        for (key, value) in pairs {
            switch key {
            case "select": read.selection = try PostgRESTParser.selection(value)
            case "order": read.order = try PostgRESTParser.order(value)
            case "limit": read.limit = try PostgRESTParser.count("limit", value)
            default:
                // `<embedding path>.order` / `.limit`: the page of an embedded resource.
                guard let dot = key.lastIndex(of: ".") else { throw ValidationError("--query: \(key) is not supported here (no filters)") }
                let path = String(key[..<dot])
                switch key[key.index(after: dot)...] {
                case "order": read.embeddedPages[path, default: RestEmbedPage()].order = try PostgRESTParser.order(value)
                case "limit": read.embeddedPages[path, default: RestEmbedPage()].limit = try PostgRESTParser.count("limit", value)
                default: throw ValidationError("--query: \(key) is not supported here (no filters)")
                }
            }
        }
        return read
    }

    /// The statement with its values written in (pgbench scripts take no parameters); highest placeholder first, so
    /// `$1` never replaces the start of `$10`.
    static func inlined(_ statement: RestStatement) -> String {
        var sql = statement.sql
        for (index, value) in statement.binds.values.enumerated().reversed() {
            let literal: String
            switch value {
            case .text(let text): literal = "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
            case .int(let number): literal = String(number)
            case .textArray(let list): literal = "ARRAY[" + list.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }.joined(separator: ",") + "]::text[]"
            }
            sql = sql.replacingOccurrences(of: "$\(index + 1)", with: literal)
        }
        return sql
    }
}
