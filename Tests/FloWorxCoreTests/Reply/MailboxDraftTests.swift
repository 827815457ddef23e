import Foundation
import Testing
import FloWorxCore

/// Drafts for the shared test mailbox (`Tests/Mailbox`), written as the pipeline writes them: classified with
/// the client's profile, drafted by the built-in composer in the client's style at the moment the mail arrived.
@Suite struct MailboxDraftTests {
    struct Draft {
        var file: String
        var message: EmailMessage
        var classification: Classification
        var text: String
        var guidance: [String]
    }

    /// Every message whose expectation is a draft, drafted.
    static func drafts() throws -> [Draft] {
        let clients = try Mailbox.clients()
        let analyzer = EmailAnalyzer()
        return try Mailbox.expectations().filter(\.draft).map { expectation in
            let client = try #require(clients[expectation.client])
            let profile = client.profile
            let message = try Mailbox.message(expectation.file)
            let analysis = analyzer.analyze(message, profile: profile, now: message.receivedAt)
            let request = DraftRequest(message: message, classification: analysis.classification, profile: profile, status: analysis.status, now: message.receivedAt)
            let guidance = Array((client.communicationStyle.responsePatterns.categoryGuidance ?? [:]).values)
            return Draft(file: expectation.file, message: message, classification: analysis.classification, text: BuiltInComposer().compose(request).text, guidance: guidance)
        }
    }

    @Test func theGasSmellInTheBasementGetsTheGasStepsAndTheLine() throws {
        let draft = try #require(try Self.drafts().first { $0.file.hasSuffix("003-gas-smell-basement.eml") })
        let paragraphs = draft.text.components(separatedBy: "\n\n")
        #expect(paragraphs.count > 2)
        #expect(paragraphs[1].hasPrefix("For your safety, please do this first:\n- Leave the building now"), "\(draft.text)")
        #expect(paragraphs[1].contains("gas utility's emergency line or 911") && paragraphs[1].contains("emergency line at 780-555-0199"))
    }

    @Test(arguments: [
        ("hvac/004-co-alarm-going-off", "out into fresh air now"),
        ("hvac/006-ac-dead-heat-wave", "coolest room"),
        ("pools/003-heater-sparking", "never use water on an electrical fire"),
        ("pools/004-broken-drain-cover", "Keep everyone out of the pool and spa until the cover is replaced"),
        ("roofing/002-tree-on-roof", "keep away from sagging ceilings"),
        ("roofing/004-water-pouring-kitchen", "do not go up on the roof"),
    ])
    func mailboxEmergenciesGetTheirHazardsSteps(file: String, step: String) throws {
        let draft = try #require(try Self.drafts().first { $0.file.contains(file) })
        let paragraphs = draft.text.components(separatedBy: "\n\n")
        #expect(paragraphs.count > 1 && paragraphs[1].contains(step), "\(draft.text)")
    }

    @Test func noDraftGreetsARelayOrPastesGuidance() throws {
        for draft in try Self.drafts() {
            let greeting = String(draft.text.prefix { $0 != "\n" })
            if Correspondent.isRelayAddress(draft.message.from.email), let relay = draft.message.from.name?.split(separator: " ").first {
                #expect(!greeting.contains(relay), "\(draft.file): \(greeting)")
            }
            if let replyTo = draft.message.replyTo?.name?.split(separator: " ").first, draft.message.replyTo?.email != draft.message.from.email {
                #expect(greeting.contains(replyTo), "\(draft.file): \(greeting) (Reply-To \(replyTo))")
            }
            for sentence in draft.guidance {
                #expect(!draft.text.contains(sentence), "\(draft.file): guidance pasted")
            }
        }
    }

    @Test func everyEmergencyDraftOpensWithSafetySteps() throws {
        var emergencies = 0
        for draft in try Self.drafts() where DraftPolicy.isEmergency(draft.classification) {
            emergencies += 1
            let paragraphs = draft.text.components(separatedBy: "\n\n")
            #expect(paragraphs.count > 1 && paragraphs[1].contains("please do this first:\n- "), "\(draft.file)")
        }
        #expect(emergencies >= 5)
    }
}
