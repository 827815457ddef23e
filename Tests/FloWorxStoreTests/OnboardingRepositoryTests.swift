import FloWorxCore
import FloWorxStore
import FloWorxTestSupport
import Foundation
import PostgresNIO
import Testing

/// The operator's onboarding: `OnboardingRepository.create` and `floworx clients add FILE.json`, which create a new
/// business with its account in one transaction.
@Suite struct OnboardingRepositoryTests {
    /// A pool and hot tub company in Halifax with a style of its own and one rule.
    static let document = #"""
        {
          "client_config": {
            "business": {"name": "Harbour Pools & Spas", "type": "pools_spas", "timezone": "America/Halifax"},
            "contact": {"name": "Mo Tremblay", "email": "mo@harbourpools.test"}
          },
          "managers": [{"name": "Mo Tremblay", "email": "mo@harbourpools.test", "roles": ["owner", "sales"]}],
          "business_hours": {"timezone": "America/Halifax", "hours": {"weekly": {"sat": [["09:00", "13:00"]]}}},
          "communication_style": {"name": "Mo", "tone": "friendly", "formality": "informal", "response_patterns": {"closing": "Cheers,"}},
          "escalation_rules": [
            {"name": "Green water in July", "priority": 20, "is_active": false,
             "conditions": {"fact": "body", "op": "contains", "value": "green"}, "actions": [{"type": "set_priority", "priority": 3}]}
          ]
        }
        """#

    static func count(_ db: TestDatabase, _ query: PostgresQuery) async throws -> Int {
        Int(try #require(try await db.text(query))) ?? -1
    }

    @Test func anOperatorCreatesABusinessWithItsAccount() async throws {
        try await TestDatabase.with { db in
            let repository = OnboardingRepository(database: db.database)
            let document = try await repository.validate(Data(Self.document.utf8))
            #expect(document.timezone == "America/Halifax")
            #expect(document.styleGiven)
            let result = try await repository.create(document, email: "Mo@HarbourPools.test", passwordHash: nil)
            let id = result.clientId
            #expect(try await db.text("SELECT email FROM auth.users WHERE id = \(id)") == "mo@harbourpools.test")
            #expect(try await db.text("SELECT client_config->'business'->>'name' FROM public.profiles WHERE id = \(id)") == "Harbour Pools & Spas")
            #expect(try await db.text("SELECT timezone FROM public.business_hours WHERE client_id = \(id)") == "America/Halifax")
            #expect(try await db.text("SELECT client_config->'business'->>'timezone' FROM public.profiles WHERE id = \(id)") == "America/Halifax")
            #expect(try await db.text("SELECT name || '/' || tone || '/' || (response_patterns->>'closing') FROM public.communication_styles WHERE client_id = \(id) AND is_active") == "Mo/friendly/Cheers,")
            #expect(try await db.text("SELECT is_active::text || '/' || priority FROM public.escalation_rules WHERE client_id = \(id) AND name = 'Green water in July'") == "false/20")
            #expect(result.rules.contains("Green water in July"))
            #expect(result.rules.count == (try await Self.count(db, "SELECT count(*)::text FROM public.escalation_rules WHERE client_id = \(id)")))

            // The pipeline reads it back as one client, in its one zone.
            let profiles = try await ProfileRepository(database: db.database.service, logger: TestCluster.logger).profiles([id])
            let profile = try #require(profiles[id])
            #expect(profile.hours?.timezone == "America/Halifax")
            #expect(profile.config.business?.timezone == "America/Halifax")
            #expect(profile.style?.name == "Mo")
            #expect(profile.industry == .poolsSpas)
        }
    }

    @Test func anAddressInUseIsRefusedAndNothingIsWritten() async throws {
        try await TestDatabase.with { db in
            let repository = OnboardingRepository(database: db.database)
            let document = try await repository.validate(Data(Self.document.utf8))
            _ = try await repository.create(document, email: "mo@harbourpools.test", passwordHash: nil)
            let before = try await Self.count(db, "SELECT count(*)::text FROM public.profiles")
            await #expect(throws: OnboardingError.emailTaken("MO@harbourpools.test")) {
                _ = try await repository.create(document, email: "MO@harbourpools.test", passwordHash: nil)
            }
            await #expect(throws: OnboardingError.invalid([OnboardingProblem(path: "email", message: #"must be an email address, got "nobody""#)])) {
                _ = try await repository.create(document, email: "nobody", passwordHash: nil)
            }
            #expect(try await Self.count(db, "SELECT count(*)::text FROM public.profiles") == before)
        }
    }

    /// The account, the profile, hours and style are written before the failing rule: none of them remains.
    @Test func aLateFailureLeavesNoAccountBehind() async throws {
        try await TestDatabase.with { db in
            try await db.execute("""
                CREATE FUNCTION public.refuse_rule() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = 'escalation_rules.actions[0]: refused by a test trigger';
                END $$
                """)
            try await db.execute("CREATE TRIGGER refuse_rule BEFORE INSERT ON public.escalation_rules FOR EACH ROW WHEN (NEW.name = 'Green water in July') EXECUTE FUNCTION public.refuse_rule()")
            let repository = OnboardingRepository(database: db.database)
            let document = try await repository.validate(Data(Self.document.utf8))
            await #expect(throws: OnboardingError.invalid([OnboardingProblem(path: "escalation_rules[0].actions[0]", message: "refused by a test trigger")])) {
                _ = try await repository.create(document, email: "mo@harbourpools.test", passwordHash: nil)
            }
            for table in ["auth.users", "public.profiles", "public.business_hours", "public.communication_styles", "public.escalation_rules"] {
                #expect(try await Self.count(db, "SELECT count(*)::text FROM \(unescaped: table)") == 0, "\(table)")
            }
        }
    }

    /// The safety defaults come from the database (migration 0026's trigger on new profiles), next to the document's
    /// own rules; onboarding never writes them twice, and a document rule named like a default edits it: that is how
    /// a document switches one off, explicitly.
    @Test func theDefaultRulesComeWithEveryNewBusiness() async throws {
        try await TestDatabase.with { db in
            let defaults = RuleEngine.defaultRules.map(\.name)
            try #require(!defaults.isEmpty)
            let repository = OnboardingRepository(database: db.database)
            let plain = try await repository.create(try await repository.validate(Data(Self.document.utf8)), email: "mo@harbourpools.test", passwordHash: nil)
            let names = try await db.texts("SELECT name FROM public.escalation_rules WHERE client_id = \(plain.clientId) AND is_active")
            #expect(Set(names) == Set(defaults), "\(names)")  // the document's own rule is inactive
            #expect(names.count == defaults.count, "\(names)")
            #expect(Set(plain.rules) == Set(defaults + ["Green water in July"]))

            // Switching the first default off in the document: the same row, now inactive; nothing added.
            var object = try #require(try JSONSerialization.jsonObject(with: Data(Self.document.utf8)) as? [String: Any])
            object["escalation_rules"] = [[
                "name": defaults[0], "is_active": false, "conditions": [String: Any](), "actions": [["type": "mark_escalated"]],
            ]]
            let edited = try await repository.validate(JSONSerialization.data(withJSONObject: object))
            let second = try await repository.create(edited, email: "second@harbourpools.test", passwordHash: nil)
            #expect(try await db.texts("SELECT name FROM public.escalation_rules WHERE client_id = \(second.clientId) AND NOT is_active") == [defaults[0]])
            #expect(try await db.texts("SELECT name FROM public.escalation_rules WHERE client_id = \(second.clientId)").count == defaults.count)
        }
    }

    @Test func twoRulesOfOneNameAreRefused() async throws {
        try await TestDatabase.with { db in
            var object = try #require(try JSONSerialization.jsonObject(with: Data(Self.document.utf8)) as? [String: Any])
            let rule: [String: Any] = ["name": "twice", "actions": [["type": "mark_escalated"]]]
            object["escalation_rules"] = [rule, rule]
            await #expect(throws: OnboardingError.invalid([OnboardingProblem(path: "escalation_rules[1].name", message: "escalation_rules[0] has this name already; rule names are unique per business")])) {
                _ = try await OnboardingRepository(database: db.database).validate(JSONSerialization.data(withJSONObject: object))
            }
        }
    }
}

extension TestDatabase {
    /// Every text value of the first column `query` returns, run as the owner.
    fileprivate func texts(_ query: PostgresQuery) async throws -> [String] {
        var values: [String] = []
        for try await value in try await database.service.query(query).decode(String.self) { values.append(value) }
        return values
    }
}
