import Foundation
import Testing
import FloWorxCore

/// The shared test mailbox in `Tests/Mailbox`: three clients' profiles, their messages and what an expert expects of each.
struct Mailbox {
    struct Expectation: Decodable {
        var client: String
        var file: String
        var category: Category
        var subcategory: String?
        var escalated: Bool
        var draft: Bool
        var prefilter: PreFilterResult.Kind
        var urgency: Urgency?
        var sentiment: Sentiment?
        var entities: [String: String]?
        var lowConfidence: Bool?

        enum CodingKeys: String, CodingKey {
            case client, file, category, subcategory, escalated, draft, prefilter, urgency, sentiment, entities
            case lowConfidence = "low_confidence"
        }
    }

    /// `clients/<name>.json`, decoded with the model types.
    struct ClientFile: Decodable {
        var clientConfig: ClientConfig
        var managers: [Manager]
        var suppliers: [Supplier]
        var businessHours: Hours
        var communicationStyle: CommunicationStyle
        var escalationRules: [Rule]

        struct Hours: Decodable {
            var timezone: String
            var hours: BusinessHoursDocument
        }

        struct Rule: Decodable {
            var name: String
            var priority: Int
            var isActive: Bool
            var conditions: RuleCondition
            var actions: [RuleAction]

            enum CodingKeys: String, CodingKey {
                case name, priority, conditions, actions
                case isActive = "is_active"
            }
        }

        enum CodingKeys: String, CodingKey {
            case managers, suppliers
            case clientConfig = "client_config"
            case businessHours = "business_hours"
            case communicationStyle = "communication_style"
            case escalationRules = "escalation_rules"
        }

        var profile: ClientProfile {
            ClientProfile(clientId: UUID(), config: clientConfig, managers: managers, suppliers: suppliers, style: communicationStyle,
                          hours: businessHours.hours.businessHours(timezone: businessHours.timezone))
        }
    }

    /// `Tests/Mailbox`, found from this source file so that it works in any package that compiles it.
    static let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Mailbox")

    static func clients() throws -> [String: ClientFile] {
        var clients: [String: ClientFile] = [:]
        for name in ["hvac", "pools", "roofing"] {
            let data = try Data(contentsOf: root.appendingPathComponent("clients/\(name).json"))
            clients[name] = try JSONCoding.decoder().decode(ClientFile.self, from: data)
        }
        return clients
    }

    static func expectations() throws -> [Expectation] {
        try JSONCoding.decoder().decode([Expectation].self, from: Data(contentsOf: root.appendingPathComponent("expectations.json")))
    }

    /// The normalized message of a `.json` file, or the parsed message of a raw `.eml` file.
    static func message(_ file: String) throws -> EmailMessage {
        let data = try Data(contentsOf: root.appendingPathComponent(file))
        if file.hasSuffix(".eml") {
            return try EmailMessage(mime: [UInt8](data), fallbackMessageId: file, fallbackDate: Date(timeIntervalSince1970: 0))
        }
        return try JSONCoding.decoder().decode(EmailMessage.self, from: data)
    }
}

@Suite struct MailboxTests {
    @Test func clientFilesDecodeWithTheModelTypes() throws {
        let clients = try Mailbox.clients()
        #expect(Set(clients.values.compactMap { $0.clientConfig.business?.type }) == [.hvac, .poolsSpas, .roofing])
        for (name, client) in clients {
            #expect(client.profile.hours != nil, "\(name): business hours")
            #expect(TimeZone(identifier: client.businessHours.timezone) != nil, "\(name): timezone")
            #expect((3...7).contains(client.escalationRules.count), "\(name): rules")
            #expect(client.clientConfig.autoReply?.enabled == true, "\(name): auto-reply")
            for rule in client.escalationRules {
                #expect(!Self.usesOrderDependentFacts(rule.conditions), "\(name): \(rule.name) depends on processing order or the clock")
            }
        }
    }

    @Test func layout() throws {
        let expectations = try Mailbox.expectations()
        #expect(expectations.count >= 210)
        for client in ["hvac", "pools", "roofing"] {
            #expect(expectations.filter { $0.client == client }.count >= 70, "\(client) has 70+ messages")
        }
        let raw = expectations.filter { $0.file.hasSuffix(".eml") }
        #expect(Double(raw.count) >= 0.3 * Double(expectations.count), "at least 30% raw MIME")
        // Every message file has exactly one expectation.
        var onDisk: Set<String> = []
        for client in ["hvac", "pools", "roofing"] {
            let folder = Mailbox.root.appendingPathComponent("messages/\(client)")
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) { onDisk.insert("messages/\(client)/\(name)") }
        }
        #expect(onDisk == Set(expectations.map(\.file)))
        #expect(Set(expectations.map(\.file)).count == expectations.count)
        // Raw messages carry a unique Message-ID and a Date.
        var ids: Set<String> = []
        for expectation in raw {
            let message = try Mailbox.message(expectation.file)
            #expect(message.messageId != expectation.file, "\(expectation.file): Message-ID")
            #expect(message.receivedAt.timeIntervalSince1970 > 0, "\(expectation.file): Date")
            #expect(ids.insert(message.messageId).inserted, "\(expectation.file): duplicate Message-ID")
        }
    }

    @Test func everyMessageIsFilteredAndClassifiedAsExpected() throws {
        let clients = try Mailbox.clients()
        let classifier = Classifier()
        for expectation in try Mailbox.expectations() {
            let client = try #require(clients[expectation.client])
            let profile = client.profile
            let message = try Mailbox.message(expectation.file)
            let preFilter = PreFilter.evaluate(message, profile: profile)
            let result = classifier.classify(message, profile: profile, preFilter: preFilter)
            let file = expectation.file
            #expect(preFilter.kind == expectation.prefilter, "\(file): pre-filter")
            #expect(result.category == expectation.category, "\(file): category")
            #expect(result.subcategory == expectation.subcategory, "\(file): subcategory")
            if let urgency = expectation.urgency { #expect(result.urgency == urgency, "\(file): urgency") }
            if let sentiment = expectation.sentiment { #expect(result.sentiment == sentiment, "\(file): sentiment") }
            for (kind, value) in expectation.entities ?? [:] {
                #expect(Self.entity(kind, of: result.entities) == value, "\(file): \(kind)")
            }
            // The draft decision before rules; a rule's block_draft (which always escalates here) may still stop it.
            let policy = try #require(profile.config.autoReply)
            let threshold = policy.minConfidence ?? 0.6
            let eligible = preFilter.kind == .none && result.draftAppropriate && policy.enabled
                && (policy.categories?.contains(result.category) ?? true)
            if eligible {
                // Far enough from the threshold that small weight changes do not flip the decision.
                if expectation.lowConfidence == true {
                    #expect(result.confidence <= threshold - 0.05, "\(file): confidence \(result.confidence) should be low")
                } else {
                    #expect(result.confidence >= threshold + 0.05, "\(file): confidence \(result.confidence) should be high")
                }
            }
            let drafts = eligible && result.confidence >= threshold
            if expectation.draft {
                #expect(drafts, "\(file): draft")
            } else if drafts {
                #expect(expectation.escalated, "\(file): only a blocking rule can stop this draft")
            }
        }
    }

    private static func entity(_ kind: String, of entities: ExtractedEntities) -> String? {
        switch kind {
        case "phone": entities.phone
        case "address": entities.address
        case "contact_name": entities.contactName
        case "order_number": entities.orderNumber
        case "invoice_number": entities.invoiceNumber
        default: "unknown entity kind \(kind)"
        }
    }

    private static func usesOrderDependentFacts(_ condition: RuleCondition) -> Bool {
        switch condition {
        case .always: false
        case .all(let children), .any(let children): children.contains(where: usesOrderDependentFacts)
        case .not(let child): usesOrderDependentFacts(child)
        case .leaf(let leaf): leaf.fact == .senderRecentCount || leaf.fact == .minutesWithoutReply
        }
    }
}
