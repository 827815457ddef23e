import AsyncHTTPClient
import FloWorxCore
import FloWorxIntegrations
import FloWorxLocalProviders
import FloWorxStore
import FloWorxTestSupport
import FloWorxWorker
import Foundation
import NIOHTTP1
import PostgresNIO
import Testing

/// A workflow's `addLabel` step reaches the mailbox on both providers: a Gmail label, an Outlook category (added to
/// the message's own categories by PATCH, which keeps its id); an Outlook refusal is recorded, never dropped.
@Suite struct WorkflowLabelWriteBackTests {
    /// The built-in pipeline plus an addLabel step.
    static let labelled = #"""
        {"schemaVersion": 1, "steps": [{"type": "loopGuard"}, {"type": "classification"}, {"type": "businessHours"}, {"type": "escalation"},
          {"type": "draft"}, {"type": "writeBack", "mode": "auto"}, {"type": "notifications"}, {"type": "addLabel", "label": "Clients/VIP"}]}
        """#

    /// Saves and deploys the labelled workflow for the fixture's business; returns its id.
    static func deploy(_ fixture: some MailboxTestFixture) async throws -> UUID {
        let definition = try WorkflowValidator.parse(Data(labelled.utf8))
        let repository = WorkflowRepository(service: fixture.service)
        let saved = try await repository.save(clientId: fixture.client, name: "VIP label", definition: definition)
        guard case .activated = try await repository.activate(clientId: fixture.client, version: saved.version) else {
            Issue.record("the version was not activated")
            return saved.id
        }
        return saved.id
    }

    @Test func anOutlookEmailGetsTheLabelAsACategoryBesideItsFolderAndTheOwnersCategory() async throws {
        try await OutlookFixture.with { fixture in
            _ = try await Self.deploy(fixture)
            let id = try await fixture.deliver("010-quote-new-furnace.eml")
            // The owner's own category on the message stays: categories are read and the union written.
            let token = await fixture.graph.issueAccessToken(email: fixture.address, lifetime: .seconds(600))
            _ = try await fixture.configuration.graph.updateMessage(accessToken: token, id: id, patch: GraphMessagePatch(categories: ["Owner's"]))
            try await fixture.syncAndProcess()

            let message = try #require(await fixture.graph.message(email: fixture.address, id: id))
            #expect(message.categories == ["Owner's", "Clients/VIP"])
            let sales = try #require(try await fixture.graph.folders(email: fixture.address).first { $0.displayName == "SALES" })
            #expect(message.folderId == sales.id, "filed by folder as configured, the same message id")
            #expect(try await fixture.count("SELECT count(*) FROM public.error_logs WHERE error_type = 'workflow_step_failed'") == 0)
        }
    }

    @Test func categoryFilingAndTheLabelGoOnInOnePatch() async throws {
        try await OutlookFixture.with(configure: { $0.outlookFiling = .categories }) { fixture in
            _ = try await Self.deploy(fixture)
            let id = try await fixture.deliver("010-quote-new-furnace.eml")
            try await fixture.syncAndProcess()
            let message = try #require(await fixture.graph.message(email: fixture.address, id: id))
            #expect(message.categories == ["SALES", "Clients/VIP"], "\(message.categories)")
            // Filed by the same PATCH (recorded, so the category PATCH of the filing step does not run again).
            #expect(try await fixture.count("SELECT count(*) FROM floworx.mailbox_effects WHERE effect = 'filed' AND provider_ref = 'SALES'") == 1)
            // Processing again changes nothing (the union is already there).
            try await fixture.syncAndProcess()
            #expect(await fixture.graph.message(email: fixture.address, id: id)?.categories == message.categories)
        }
    }

    @Test func anOutlookRefusalIsRecordedAsTheStepsFailureAndCountedOnTheVersion() async throws {
        try await OutlookFixture.with { fixture in
            let workflowId = try await Self.deploy(fixture)
            let id = try await fixture.deliver("010-quote-new-furnace.eml")
            fixture.graph.faults.inject(pathPrefix: "/", status: 400, times: 1, method: "PATCH")
            try await fixture.syncAndProcess()
            #expect(await fixture.graph.message(email: fixture.address, id: id)?.categories == [])
            #expect(try await fixture.strings("SELECT context->>'step' || ':' || (context->>'provider') FROM public.error_logs WHERE error_type = 'workflow_step_failed'")
                    == ["addLabel:outlook"])
            #expect(try await fixture.count("SELECT error_count::int FROM public.workflow_metrics WHERE workflow_id = \(workflowId) AND execution_count > 0") == 1)
            // The rest of the write-back went on: the message is filed.
            let sales = try #require(try await fixture.graph.folders(email: fixture.address).first { $0.displayName == "SALES" })
            #expect(await fixture.graph.message(email: fixture.address, id: id)?.folderId == sales.id)
        }
    }

    @Test func theLocalGraphServerReplacesCategoriesKeepingTheIdAndRefusesBadShapes() async throws {
        let graph = LocalGraphServer()
        let root = try await graph.start()
        defer { Task { await graph.stop() } }
        let account = await graph.addMailbox(email: "owner@contoso.test")
        let id = try await graph.deliver(to: account.email, raw: GraphTestHTTP.raw(to: account.email, subject: "Labels"))
        let url = "\(root)/me/messages/\(id)"
        let set = try await GraphTestHTTP.send(.PATCH, url, token: account.accessToken, json: ["categories": ["Owner", "Clients/VIP"]], headers: GraphTestHTTP.immutable)
        #expect(set.status == 200)
        #expect(set.json["id"] as? String == id, "a PATCH keeps the message id (a move would not, without immutable ids)")
        #expect(set.json["categories"] as? [String] == ["Owner", "Clients/VIP"])
        for bad: Any in ["Clients/VIP", [1], NSNull(), ["name": "VIP"]] {
            let refused = try await GraphTestHTTP.send(.PATCH, url, token: account.accessToken, json: ["categories": bad])
            #expect(refused.status == 400, "\(bad)")
            #expect(refused.errorCode == "RequestBodyRead")
        }
        #expect(await graph.message(email: account.email, id: id)?.categories == ["Owner", "Clients/VIP"], "a refused PATCH changes nothing")
    }

    @Test func aGmailEmailStillGetsTheLabel() async throws {
        try await GmailFixture.with { fixture in
            _ = try await Self.deploy(fixture)
            let id = try await fixture.deliver("010-quote-new-furnace.eml")
            try await fixture.syncAndProcess()
            let labels = await fixture.gmail.labelList(email: fixture.address)
            let vip = try #require(labels.first { $0.name == "Clients/VIP" }, "\(labels.map(\.name))")
            #expect(await fixture.gmail.labels(email: fixture.address, messageId: id)?.contains(vip.id) == true)
        }
    }
}
