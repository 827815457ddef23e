import FloWorxCore
import FloWorxStore
import FloWorxTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Issue 10, item 3, through the data API as an owner sees it: the safety defaults are rows `GET
/// /rest/v1/escalation_rules` lists from sign-up on, a rule the owner adds sits beside them, and a default stops only
/// when the owner switches it off, after which the worker's profile no longer runs it.
@Suite struct EscalationRulesAPITests {
    static let defaults = RuleEngine.defaultRules.map(\.name).sorted()

    /// `name: is_active` of the owner's rules, as the data API answers.
    static func listed(_ app: TestApp, _ owner: Session) async throws -> [String: Bool] {
        let response = try await app.request(.get, "/rest/v1/escalation_rules?select=name,is_active", as: .user(owner))
        #expect(response.status == .ok, "\(response.text)")
        var rules: [String: Bool] = [:]
        for row in try response.rows() {
            if let name = row["name"]?.stringValue, case .bool(let active)? = row["is_active"] { rules[name] = active }
        }
        return rules
    }

    /// The rule names the worker runs for `owner` (active rules only).
    static func running(_ app: TestApp, _ owner: Session) async throws -> [String] {
        let profiles = try await ProfileRepository(database: app.db.database.service, logger: TestCluster.logger).profiles([owner.userId])
        return try #require(profiles[owner.userId]).rules.map(\.name).sorted()
    }

    @Test func theDefaultsAreListedAddingARuleKeepsThemAndOnlyAnExplicitSwitchStopsOne() async throws {
        try await TestApp.with { app in
            let owner = try await app.signUp()
            // Visible from the start, active.
            #expect(try await Self.listed(app, owner) == Dictionary(uniqueKeysWithValues: Self.defaults.map { ($0, true) }))

            // The owner's own rule is added next to them; nothing is switched off.
            let mine = #"{"client_id": "\#(owner.id)", "name": "Invoices to the office", "priority": 40, "conditions": {"fact": "subject", "op": "contains", "value": "invoice"}, "actions": [{"type": "mark_escalated"}]}"#
            let added = try await app.request(.post, "/rest/v1/escalation_rules", as: .user(owner), json: mine)
            #expect(added.status == .created, "\(added.text)")
            var expected = Dictionary(uniqueKeysWithValues: Self.defaults.map { ($0, true) })
            expected["Invoices to the office"] = true
            #expect(try await Self.listed(app, owner) == expected)
            #expect(try await Self.running(app, owner) == (Self.defaults + ["Invoices to the office"]).sorted())

            // Switching one default off is an explicit change of that row: it stays listed, the other keeps running.
            let name = try #require(Self.defaults.first)
            let encoded = try #require(name.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
            let off = try await app.request(.patch, "/rest/v1/escalation_rules?name=eq.\(encoded)", as: .user(owner), json: #"{"is_active": false}"#)
            #expect(off.status == .noContent, "\(off.text)")
            expected[name] = false
            #expect(try await Self.listed(app, owner) == expected)
            #expect(try await Self.running(app, owner) == (Self.defaults.dropFirst() + ["Invoices to the office"]).sorted())
        }
    }
}
