import FloWorxCore
import FloWorxStore
import FloWorxTestSupport
import Foundation
import PostgresNIO
import Testing

/// The safety defaults are real `escalation_rules` rows (migration 0026): every business gets them, they equal
/// `RuleEngine.defaultRules`, they are switched off only explicitly, and the back-fill restores missing ones.
@Suite struct DefaultEscalationRulesTests {
    static func signUp(_ db: TestDatabase, _ email: String) async throws -> UUID {
        let id = UUID()
        try await db.execute("INSERT INTO auth.users (id, email) VALUES (\(id), \(email))")
        return id
    }

    static func profile(_ db: TestDatabase, _ id: UUID) async throws -> ClientProfile {
        try #require(try await ProfileRepository(database: db.database.service, logger: TestCluster.logger).profiles([id])[id])
    }

    @Test func everyNewBusinessGetsTheDefaultsAsRows() async throws {
        try await TestDatabase.with { db in
            let id = try await Self.signUp(db, "new@example.com")
            let rules = try await Self.profile(db, id).rules.sorted { $0.priority > $1.priority }
            #expect(rules.map(\.name) == RuleEngine.defaultRules.map(\.name))
            #expect(rules.map(\.conditions) == RuleEngine.defaultRules.map(\.conditions))
            #expect(rules.map(\.actions) == RuleEngine.defaultRules.map(\.actions))
            #expect(rules.map(\.priority) == RuleEngine.defaultRules.map(\.priority))
            // Visible to the owner like any rule of theirs.
            let owned = try await db.ids(as: RequestIdentity(role: .authenticated, userId: id, claimsJSON: #"{"role":"authenticated","sub":"\#(id.uuidString.lowercased())"}"#),
                                         "SELECT id FROM public.escalation_rules")
            #expect(owned.count == 2)
        }
    }

    @Test func addingARuleKeepsTheDefaultsAndSwitchingOneOffIsExplicit() async throws {
        try await TestDatabase.with { db in
            let id = try await Self.signUp(db, "owner@example.com")
            try await db.execute("""
                INSERT INTO public.escalation_rules (client_id, name, conditions, actions)
                VALUES (\(id), 'Invoices', '{"fact": "subject", "op": "contains", "value": "invoice"}', '[{"type": "mark_escalated"}]')
                """)
            #expect(try await Self.profile(db, id).rules.count == 3)
            try await db.execute("UPDATE public.escalation_rules SET is_active = false WHERE client_id = \(id) AND name = 'Safety default: escalation cues to the owner'")
            let names = try await Self.profile(db, id).rules.map(\.name).sorted()
            #expect(names == ["Invoices", "Safety default: emergencies to the owner"])
        }
    }

    @Test func theBackfillRestoresMissingDefaultsOnceAndLeavesEditedOnesAlone() async throws {
        try await TestDatabase.with { db in
            let id = try await Self.signUp(db, "old@example.com")
            // A business from before 0026: one default missing, the other edited by its owner.
            try await db.execute("DELETE FROM public.escalation_rules WHERE client_id = \(id) AND name = 'Safety default: escalation cues to the owner'")
            try await db.execute("UPDATE public.escalation_rules SET priority = 3 WHERE client_id = \(id)")
            #expect(try await db.text("SELECT floworx.add_default_escalation_rules(\(id))::text") == "1")
            #expect(try await db.text("SELECT floworx.add_default_escalation_rules(\(id))::text") == "0")
            let priorities = try await Self.profile(db, id).rules.map(\.priority).sorted()
            #expect(priorities == [3, 9])
        }
    }

    @Test func escalationCueIsABooleanFact() async throws {
        try await TestDatabase.with { db in
            let id = try await Self.signUp(db, "cue@example.com")
            await expectServerError("23514") {
                try await db.execute("""
                    INSERT INTO public.escalation_rules (client_id, name, conditions)
                    VALUES (\(id), 'bad', '{"fact": "escalation_cue", "op": "gt", "value": 3}')
                    """)
            }
        }
    }

    @Test func theFunctionIsOutOfTheTenantsReach() async throws {
        try await TestDatabase.with { db in
            let id = try await Self.signUp(db, "reach@example.com")
            await expectServerError("42501") {
                _ = try await db.ids(as: RequestIdentity(role: .authenticated, userId: id, claimsJSON: #"{"role":"authenticated"}"#),
                                     "SELECT \(id) FROM floworx.add_default_escalation_rules(\(id))")
            }
        }
    }
}
