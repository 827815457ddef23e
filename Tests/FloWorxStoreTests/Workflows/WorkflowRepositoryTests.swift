import FloWorxCore
import FloWorxStore
import FloWorxTestSupport
import Foundation
import PostgresNIO
import Testing

/// Workflow versions in PostgreSQL (migration 0040, `WorkflowRepository`): the database's own validation, versions,
/// the default as version 1, and activation that leaves exactly one active version under concurrency.
@Suite struct WorkflowRepositoryTests {
    static func signUp(_ db: TestDatabase, _ email: String) async throws -> (UUID, WorkflowRepository) {
        let id = UUID()
        try await db.execute("INSERT INTO auth.users (id, email) VALUES (\(id), \(email))")
        let identity = RequestIdentity(role: .authenticated, userId: id, claimsJSON: #"{"role":"authenticated","sub":"\#(id.uuidString.lowercased())"}"#)
        return (id, WorkflowRepository(tenant: db.database.tenant(identity)))
    }

    static let custom = WorkflowDefinition(steps: [
        .loopGuard, .classification(WorkflowClassificationStep(threshold: 0.4, llmSecondOpinion: false)), .escalation(WorkflowEscalationStep()),
        .draft(WorkflowDraftStep(autoReply: false)), .addLabel(WorkflowAddLabelStep(label: "Reviewed")),
    ])

    @Test func theDatabaseRejectsAnUnknownStepNamingItsField() async throws {
        try await TestDatabase.with { db in
            let (id, _) = try await Self.signUp(db, "owner@workflows.test")
            let bad = #"{"schemaVersion": 1, "steps": [{"type": "loopGuard"}, {"type": "classification"}, {"type": "escalation"}, {"type": "sms"}]}"#
            let error = await expectServerError("23514") {
                try await db.execute("INSERT INTO public.workflows (client_id, name, workflow_data, version) VALUES (\(id), 'x', \(bad)::jsonb, 7)")
            }
            #expect(error?[.message]?.hasPrefix("workflows.workflow_data.steps[3].type: must be one of") == true, "\(error?[.message] ?? "")")
            #expect(error?[.constraintName] == "workflows_workflow_data_json")
            // A bad setting is named too.
            let setting = #"{"schemaVersion": 1, "steps": [{"type": "loopGuard"}, {"type": "classification", "threshold": 3}]}"#
            let second = await expectServerError("23514") {
                try await db.execute("INSERT INTO public.workflows (client_id, name, workflow_data, version) VALUES (\(id), 'x', \(setting)::jsonb, 8)")
            }
            #expect(second?[.message]?.hasPrefix("workflows.workflow_data.steps[1].threshold") == true, "\(second?[.message] ?? "")")
            #expect(try await db.text("SELECT count(*)::text FROM public.workflows") == "0")
        }
    }

    @Test func aBusinessWithoutAWorkflowSeesTheDefaultAsVersionOne() async throws {
        try await TestDatabase.with { db in
            let (id, repository) = try await Self.signUp(db, "owner@workflows.test")
            let versions = try await repository.list(clientId: id)
            #expect(versions.map(\.version) == [1])
            #expect(versions[0].isActive && versions[0].deployedAt != nil)
            #expect(versions[0].definition == .default)
            #expect(versions[0].name == WorkflowDefinition.defaultName)
            // Reading again does not add another.
            #expect(try await repository.list(clientId: id).count == 1)
        }
    }

    @Test func savingAddsAnInactiveVersionAndActivationSwitchesAtomically() async throws {
        try await TestDatabase.with { db in
            let (id, repository) = try await Self.signUp(db, "owner@workflows.test")
            let saved = try await repository.save(clientId: id, name: "Quiet", definition: Self.custom)
            #expect(saved.version == 2 && !saved.isActive && saved.definition == Self.custom)
            guard case .activated(let two) = try await repository.activate(clientId: id, version: 2) else { Issue.record("not activated"); return }
            #expect(two.isActive && two.deployedAt != nil)
            #expect(try await repository.active(clientId: id)?.version == 2)
            #expect(try await repository.activate(clientId: id, version: 9) == .notFound)
            #expect(try await repository.rollback(clientId: id, version: 2) == .notEarlier(active: 2))
            guard case .activated(let one) = try await repository.rollback(clientId: id, version: 1) else { Issue.record("not rolled back"); return }
            #expect(one.version == 1 && one.isActive)
            #expect(try await repository.list(clientId: id).filter(\.isActive).map(\.version) == [1])
        }
    }

    @Test func aSavedVersionNeverChanges() async throws {
        try await TestDatabase.with { db in
            let (id, repository) = try await Self.signUp(db, "owner@workflows.test")
            _ = try await repository.list(clientId: id)
            await expectServerError("23514", message: "workflows.workflow_data: a saved workflow version cannot change") {
                try await db.execute("""
                    UPDATE public.workflows SET workflow_data = \(Self.custom.jsonText())::jsonb WHERE client_id = \(id)
                    """)
            }
        }
    }

    @Test func concurrentActivationsLeaveExactlyOneActiveVersion() async throws {
        try await TestDatabase.with(connections: 8) { db in
            let (id, repository) = try await Self.signUp(db, "owner@workflows.test")
            for index in 0..<4 { _ = try await repository.save(clientId: id, name: "v\(index + 2)", definition: Self.custom) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for round in 0..<40 {
                    group.addTask {
                        let activation = try await repository.activate(clientId: id, version: 1 + round % 5)
                        guard case .activated = activation else { throw CancellationError() }
                    }
                }
                try await group.waitForAll()
            }
            let active = try await db.text("""
                SELECT count(*)::text FROM public.workflows WHERE client_id = \(id) AND is_active AND workflow_data ? 'schemaVersion'
                """)
            #expect(active == "1")
            // The index itself refuses a second active version, whoever writes.
            await expectServerError("23505") {
                try await db.execute("UPDATE public.workflows SET is_active = true WHERE client_id = \(id)")
            }
        }
    }

    @Test func concurrentSavesGetDistinctNumbers() async throws {
        try await TestDatabase.with(connections: 8) { db in
            let (id, repository) = try await Self.signUp(db, "owner@workflows.test")
            let numbers = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<10 { group.addTask { try await repository.save(clientId: id, name: "s\(index)", definition: Self.custom).version } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(numbers.sorted() == Array(2...11))
        }
    }

    @Test func documentsWithoutASchemaVersionAreNotDefinitions() async throws {
        try await TestDatabase.with { db in
            let (id, repository) = try await Self.signUp(db, "owner@workflows.test")
            // An n8n export kept for reference (the data API's documents): stored as before, never run.
            try await db.execute("INSERT INTO public.workflows (client_id, name, workflow_data) VALUES (\(id), 'n8n', '{\"nodes\": []}'::jsonb)")
            let versions = try await repository.list(clientId: id)
            #expect(versions.map(\.name) == [WorkflowDefinition.defaultName])
        }
    }
}
