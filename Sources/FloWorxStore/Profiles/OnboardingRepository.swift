import FloWorxCore
import Foundation
import PostgresNIO

/// Onboarding in one call: checks a whole setup document (every problem, each named by its path) and writes the
/// business (profile, business hours with its one time zone, communication style, escalation rules) in one
/// transaction: all of it or nothing.
///
/// Default escalation rules are not written here: the database gives every new profile its safety defaults
/// (migration 0026's `AFTER INSERT ON profiles` trigger), so onboarding adds only the document's own rules; a
/// document rule with a default's name edits that default (e.g. switches it off) instead of duplicating it.
public struct OnboardingRepository: Sendable {
    let database: Database

    /// A repository on `database` (its service side checks documents and creates accounts; an owner's onboarding
    /// runs as the owner, under row-level security).
    public init(database: Database) {
        self.database = database
    }

    // MARK: Checking

    /// The document, checked: throws `OnboardingError.invalid` with every problem found (the checks that need no
    /// database, then the JSON schemas of `floworx.json_schemas`, the same the columns are validated with).
    public func validate(_ data: Data) async throws -> OnboardingDocument {
        let inspection = OnboardingDocument.inspect(data)
        guard inspection.root != nil else { throw OnboardingError.invalid(inspection.problems) }
        var problems = inspection.problems
        problems += try await schemaProblems(inspection.parts)
        let unique = Self.firstPerPath(problems)
        guard unique.isEmpty else { throw OnboardingError.invalid(unique) }
        do {
            return try OnboardingDocument.build(inspection)
        } catch {
            throw error as OnboardingError
        }
    }

    /// The JSON-schema errors of every part, in one round trip; paths are the parts' paths in the document.
    func schemaProblems(_ parts: [OnboardingDocument.SchemaPart]) async throws -> [OnboardingProblem] {
        guard !parts.isEmpty else { return [] }
        let rows = try await database.service.query("""
            SELECT e.error_path, e.error_message
            FROM unnest(\(parts.map(\.schema))::text[], \(parts.map(\.ref))::text[], \(parts.map(\.path))::text[], \(parts.map(\.json))::text[])
                 WITH ORDINALITY AS d(schema_name, ref, path, document, ord)
            CROSS JOIN LATERAL floworx.json_errors(d.schema_name, d.document::jsonb, d.path, d.ref)
                 WITH ORDINALITY AS e(error_path, error_message, error_detail, n)
            ORDER BY d.ord, e.n
            """)
        var problems: [OnboardingProblem] = []
        for try await (path, message) in rows.decode((String, String).self) {
            problems.append(OnboardingProblem(path: path, message: message))
        }
        return problems
    }

    /// The first problem of each path (two checks of one value would otherwise say it twice), in the order of the
    /// document's members, so that a reader goes through the document once.
    static func firstPerPath(_ problems: [OnboardingProblem]) -> [OnboardingProblem] {
        var seen = Set<String>()
        let order = ["$", "client_config", "managers", "suppliers", "business_hours", "communication_style", "escalation_rules"]
        func rank(_ problem: OnboardingProblem) -> Int {
            let member = problem.path.prefix { $0 != "." && $0 != "[" }
            return order.firstIndex(of: String(member)) ?? order.count
        }
        let unique = problems.filter { seen.insert($0.path).inserted }
        // Stable: within a member, problems keep the order they were found in.
        return unique.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element)
    }

    /// A problem with the account's address (operator onboarding), or `nil` when it looks like one.
    public static func accountEmailProblem(_ email: String) -> OnboardingProblem? {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        if parts.count != 2 || parts[0].isEmpty || !parts[1].contains(".") || email.contains(where: \.isWhitespace) || email.count > 254 {
            return OnboardingProblem(path: "email", message: "must be an email address, got \(OnboardingDocument.quoted(email))")
        }
        return nil
    }

    // MARK: Writing

    /// The nil UUID, for a caller that is no user at all.
    static let nobody = UUID(uuidString: "00000000-0000-0000-0000-000000000000")!

    /// Completes the signed-in owner's profile (the one signing up created, still without a business) in one
    /// transaction as that user, so row-level security keeps it to the owner's own rows.
    /// Throws `alreadyOnboarded` when the profile has a business already, `profileMissing` when there is no profile.
    public func onboard(_ document: OnboardingDocument, as identity: RequestIdentity) async throws -> OnboardingResult {
        guard identity.role == .authenticated, let owner = identity.userId else {
            throw OnboardingError.profileMissing(identity.userId ?? Self.nobody)
        }
        return try await Self.mappingCheckViolations {
            try await database.tenant(identity).transaction { connection in
                // Locks the profile: two onboardings of one owner at once end as one success and one 409.
                let rows = try await connection.query("""
                    SELECT (jsonb_typeof(client_config->'business') = 'object') IS TRUE
                    FROM public.profiles WHERE id = \(owner) FOR UPDATE
                    """).collect()
                guard let row = rows.first else { throw OnboardingError.profileMissing(owner) }
                if try row.decode(Bool.self) { throw OnboardingError.alreadyOnboarded(owner) }
                return try await Self.write(document, client: owner) { try await connection.query($0).collect() }
            }
        }
    }

    /// Creates a new business and its account (`auth.users`, whose trigger creates the profile), in one
    /// transaction. `passwordHash` is a bcrypt hash, or `nil` for an account that cannot sign in with a password.
    public func create(_ document: OnboardingDocument, email: String, passwordHash: String?, id: UUID = UUID()) async throws -> OnboardingResult {
        if let problem = Self.accountEmailProblem(email) { throw OnboardingError.invalid([problem]) }
        do {
            return try await Self.mappingCheckViolations {
                try await database.service.transaction { connection in
                    // Stored in the normal form, found in it too (as sign-up does, migration 0024).
                    let inserted = try await connection.query("""
                        INSERT INTO auth.users (id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data)
                        SELECT \(id), 'authenticated', 'authenticated', floworx.normalize_email(\(email)), \(passwordHash), now(),
                               '{"provider": "email", "providers": ["email"]}'::jsonb, '{}'::jsonb
                        WHERE NOT EXISTS (SELECT 1 FROM auth.users WHERE floworx.normalize_email(email) = floworx.normalize_email(\(email)))
                        RETURNING id
                        """).collect()
                    guard !inserted.isEmpty else { throw OnboardingError.emailTaken(email) }
                    return try await Self.write(document, client: id) { try await connection.query($0).collect() }
                }
            }
        } catch where PostgresErrorText.sqlState(error) == "23505" {
            throw OnboardingError.emailTaken(email)
        }
    }

    /// Which write failed, so that a database refusal is named by the document's path.
    struct WriteFailure: Error {
        /// The document path of the part being written (`escalation_rules[2]`), or `nil` for the profile and hours.
        var rule: Int?
        var underlying: any Error
    }

    /// The writes, in order: profile, hours (with the one time zone), style, the document's rules; then the
    /// business's rules as they now are (the database's defaults included).
    static func write(
        _ document: OnboardingDocument, client: UUID, _ run: (PostgresQuery) async throws -> [PostgresRow]
    ) async throws -> OnboardingResult {
        func step(rule: Int? = nil, _ query: PostgresQuery) async throws -> [PostgresRow] {
            do {
                return try await run(query)
            } catch {
                throw WriteFailure(rule: rule, underlying: error)
            }
        }
        let style = document.style
        _ = try await step("""
            UPDATE public.profiles
            SET client_config = \(document.clientConfigJSON)::jsonb, managers = \(document.managersJSON)::jsonb, suppliers = \(document.suppliersJSON)::jsonb
            WHERE id = \(client)
            """)
        _ = try await step("""
            INSERT INTO public.business_hours (client_id, hours, timezone) VALUES (\(client), \(document.hoursJSON)::jsonb, \(document.timezone))
            ON CONFLICT (client_id) DO UPDATE SET hours = EXCLUDED.hours, timezone = EXCLUDED.timezone
            """)
        // One active style per client: a style made before onboarding is kept, switched off.
        _ = try await step("UPDATE public.communication_styles SET is_active = false WHERE client_id = \(client) AND is_active")
        _ = try await step("""
            INSERT INTO public.communication_styles (client_id, name, tone, formality, personality_traits, signature_phrases, response_patterns, is_active)
            VALUES (\(client), \(style.name), \(style.tone), \(style.formality), \(document.styleTraitsJSON)::jsonb,
                    \(document.stylePhrasesJSON)::jsonb, \(document.stylePatternsJSON)::jsonb, true)
            """)
        // A document rule named like one the business has (a safety default) is that rule, edited: this is how a
        // document switches a default off (`"is_active": false`) or changes it, explicitly. Others are added.
        for (index, rule) in document.rules.enumerated() {
            let updated = try await step(rule: index, """
                UPDATE public.escalation_rules
                SET conditions = \(rule.conditionsJSON)::jsonb, actions = \(rule.actionsJSON)::jsonb, priority = \(rule.priority), is_active = \(rule.isActive)
                WHERE client_id = \(client) AND name = \(rule.name)
                RETURNING id
                """)
            guard updated.isEmpty else { continue }
            _ = try await step(rule: index, """
                INSERT INTO public.escalation_rules (client_id, name, conditions, actions, priority, is_active)
                VALUES (\(client), \(rule.name), \(rule.conditionsJSON)::jsonb, \(rule.actionsJSON)::jsonb, \(rule.priority), \(rule.isActive))
                """)
        }
        let rows = try await step("""
            SELECT name FROM public.escalation_rules WHERE client_id = \(client)
            ORDER BY coalesce(priority, 1) DESC, name, id
            """)
        let names = try rows.map { try $0.decode(String.self) }
        return OnboardingResult(clientId: client, timezone: document.timezone, styleName: style.name, styleDerived: !document.styleGiven, rules: names)
    }

    /// Runs `body`; a write the database refuses with 23514 (its JSON validation, a CHECK) becomes
    /// `OnboardingError.invalid` naming the document path; any other failure is passed on as it was.
    static func mappingCheckViolations<Result: Sendable>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let failure as WriteFailure {
            guard PostgresErrorText.sqlState(failure.underlying) == "23514" else { throw failure.underlying }
            throw OnboardingError.invalid([problem(checkViolation: failure.underlying, rule: failure.rule)])
        }
    }

    /// A 23514 as a problem at the document's path: the database names `table.column.path: message`
    /// (`escalation_rules.conditions.all[0].op: …`), the document `escalation_rules[0].conditions.all[0].op`.
    static func problem(checkViolation error: any Error, rule: Int?) -> OnboardingProblem {
        let server = (error as? PSQLError)?.serverInfo
        let text = server?[.message] ?? PostgresErrorText.describe(error)
        var path = [server?[.tableName], server?[.columnName]].compactMap { $0 }.joined(separator: ".")
        var message = text
        if let separator = text.range(of: ": ") {
            path = String(text[..<separator.lowerBound])
            message = String(text[separator.upperBound...])
        }
        let renames: [(String, String)] = [
            ("profiles.", ""),
            ("communication_styles.", "communication_style."),
            ("escalation_rules.", rule.map { "escalation_rules[\($0)]." } ?? "escalation_rules."),
        ]
        for (prefix, replacement) in renames where path.hasPrefix(prefix) {
            path = replacement + path.dropFirst(prefix.count)
            break
        }
        return OnboardingProblem(path: path.isEmpty ? "$" : path, message: message)
    }
}
