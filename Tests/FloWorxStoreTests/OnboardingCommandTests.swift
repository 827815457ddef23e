import FloWorxCore
import FloWorxStore
import FloWorxTestSupport
import Foundation
import PostgresNIO
import Testing

/// `floworx clients add FILE.json`, run as an operator types it, against a migrated database.
@Suite struct OnboardingCommandTests {
    /// Writes `text` to a new temporary file and returns its path.
    static func file(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("floworx-setup-\(UUID().uuidString).json")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    static func count(_ db: TestDatabase, _ query: PostgresQuery) async throws -> Int {
        Int(try #require(try await db.text(query))) ?? -1
    }

    @Test func addCreatesTheBusinessAndPrintsItsId() async throws {
        let binary = try FloWorxBinary.locate()
        try await TestDatabase.with { db in
            let path = try Self.file(OnboardingRepositoryTests.document)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let run = try await binary.run(["clients", "add", path], environment: ["DATABASE_URL": db.info.urlWithPassword])
            #expect(run.status == 0, "\(run)")
            let id = try #require(UUID(uuidString: run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "\(run)")
            // The account's address defaults to the contact's.
            #expect(try await db.text("SELECT email FROM auth.users WHERE id = \(id)") == "mo@harbourpools.test")
            #expect(try await db.text("SELECT timezone FROM public.business_hours WHERE client_id = \(id)") == "America/Halifax")
            #expect(try await db.text("SELECT client_config->'business'->>'timezone' FROM public.profiles WHERE id = \(id)") == "America/Halifax")
            #expect(try await Self.count(db, "SELECT count(*)::text FROM public.communication_styles WHERE client_id = \(id) AND is_active") == 1)
            for name in RuleEngine.defaultRules.map(\.name) + ["Green water in July"] {
                #expect(try await Self.count(db, "SELECT count(*)::text FROM public.escalation_rules WHERE client_id = \(id) AND name = \(name)") == 1, "\(name)")
            }

            // The same address again: refused, named, nothing more written.
            let again = try await binary.run(["clients", "add", path], environment: ["DATABASE_URL": db.info.urlWithPassword])
            #expect(again.status != 0, "\(again)")
            #expect(again.stderr.contains("an account with the address mo@harbourpools.test exists already"), "\(again)")
            #expect(try await Self.count(db, "SELECT count(*)::text FROM public.profiles") == 1)
        }
    }

    @Test func dryRunOnlyChecks() async throws {
        let binary = try FloWorxBinary.locate()
        try await TestDatabase.with { db in
            let path = try Self.file(OnboardingRepositoryTests.document)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let run = try await binary.run(["clients", "add", path, "--dry-run", "--email", "owner@harbourpools.test"], environment: ["DATABASE_URL": db.info.urlWithPassword])
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.contains("valid; would create Harbour Pools & Spas (owner@harbourpools.test) in America/Halifax"), "\(run)")
            #expect(try await Self.count(db, "SELECT count(*)::text FROM public.profiles") == 0)
        }
    }

    @Test func aBadDocumentIsListedByPathAndFails() async throws {
        let binary = try FloWorxBinary.locate()
        try await TestDatabase.with { db in
            let path = try Self.file(#"""
                {"client_config": {"business": {"name": "X", "type": "hvac", "timezone": "Nowhere/Special"}},
                 "managers": [{"name": "A", "email": "a@x.test"}, {"name": "B", "email": "b at x"}],
                 "escalation_rules": [{"name": "r", "conditions": {"fact": "urgency", "op": "eq", "value": "extreme"}, "actions": [{"type": "mark_escalated"}]}]}
                """#)
            defer { try? FileManager.default.removeItem(atPath: path) }
            for arguments in [["clients", "add", path], ["clients", "add", path, "--dry-run"]] {
                let run = try await binary.run(arguments, environment: ["DATABASE_URL": db.info.urlWithPassword])
                #expect(run.status != 0, "\(run)")
                #expect(run.stderr.contains("problems; nothing was created"), "\(run)")
                #expect(run.stderr.contains("  client_config.business.timezone: unknown time zone \"Nowhere/Special\""), "\(run)")
                #expect(run.stderr.contains("  managers[1].email: "), "\(run)")
                #expect(run.stderr.contains("  escalation_rules[0].conditions.value: "), "\(run)")
            }
            #expect(try await Self.count(db, "SELECT count(*)::text FROM auth.users") == 0)
        }
    }

    @Test func anUnreadableFileIsNamed() async throws {
        let binary = try FloWorxBinary.locate()
        let run = try await binary.run(["clients", "add", "/nonexistent/setup.json"], environment: ["DATABASE_URL": "postgres://nobody@127.0.0.1:1/x"])
        #expect(run.status != 0, "\(run)")
        #expect(run.stderr.contains("cannot read /nonexistent/setup.json"), "\(run)")
    }
}
