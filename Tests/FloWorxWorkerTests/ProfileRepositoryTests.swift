import FloWorxCore
import FloWorxStore
import FloWorxTestSupport
import Foundation
import PostgresNIO
import Testing

/// `ProfileRepository.profiles`: what the pipeline knows about a client, loaded in one query.
@Suite struct ProfileRepositoryTests {
    @Test func loadsEverythingTheSeederWrote() async throws {
        try await QueueFixture.with { fixture in
            let setup = try QueueFixture.hvacSetup()
            let repository = ProfileRepository(database: fixture.service, logger: TestCluster.logger)
            let unknown = UUID()
            let profiles = try await repository.profiles([fixture.client, unknown])
            #expect(profiles[unknown] == nil)
            let profile = try #require(profiles[fixture.client])
            #expect(profile.config == setup.clientConfig)
            #expect(profile.managers == setup.managers)
            #expect(profile.suppliers == setup.suppliers)
            #expect(profile.style == setup.communicationStyle)
            #expect(profile.hours?.timezone == "America/Edmonton")
            // The seeded rules that are active, and the safety defaults every business gets (migration 0026).
            let active = setup.escalationRules.filter(\.isActive).map(\.name) + RuleEngine.defaultRules.map(\.name)
            #expect(profile.rules.count == active.count)
            let priorities = profile.rules.map(\.priority)
            #expect(priorities == priorities.sorted(by: >), "highest priority first")
            #expect(Set(profile.rules.map(\.name)) == Set(active))
        }
    }

    @Test func inactiveRulesAreLeftOut() async throws {
        try await QueueFixture.with { fixture in
            try await fixture.service.query("UPDATE public.escalation_rules SET is_active = false WHERE client_id = \(fixture.client) AND priority = 100")
            let profiles = try await ProfileRepository(database: fixture.service, logger: TestCluster.logger).profiles([fixture.client])
            let rules = try #require(profiles[fixture.client]).rules
            let priorities = rules.map(\.priority)
            #expect(!priorities.contains(100))
            #expect(!rules.isEmpty)
            #expect(try await ProfileRepository(database: fixture.service, logger: TestCluster.logger).profiles([]).isEmpty)
        }
    }
}
