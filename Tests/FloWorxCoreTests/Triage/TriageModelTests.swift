import Foundation
import Testing

@testable import FloWorxCore

/// The Swift port against the Python reference: Training/model/test-vectors.json holds, for 44 corpus messages, the
/// normalised subject, the first body tokens, the structural names, every bucket value, every score and the decision
/// that Training/features.py and train.py computed. The messages start from the raw `.eml` in Training/corpus, decoded by
/// FloWorx's own MIME layer, so the test also checks that it hands over what Python's `email` package does.
@Suite("Triage model (port of Training/)")
struct TriageModelTests {
    static let training = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Training")

    struct Vectors: Decodable {
        struct Message: Decodable {
            struct Decision: Decodable {
                var category: String
                var urgency: String
                var escalate: Bool
                var draft: Bool
            }
            var file: String
            var business: String
            var normalized_subject: String
            var body_tokens_first_40: [String]
            var structural: [String]
            var buckets: [String: Double]
            var category_scores: [Double]
            var urgency_scores: [Double]
            var escalation_score: Double
            var decision: Decision
        }
        var fnv1a32: [String: UInt32]
        var messages: [Message]
    }

    struct Business: Decodable {
        struct Config: Decodable {
            struct Info: Decodable {
                var type: String
                var email_domain: String
            }
            var business: Info
        }
        struct Manager: Decodable { var email: String }
        struct Supplier: Decodable { var domains: [String]? }
        var id: String
        var client_config: Config
        var managers: [Manager]
        var suppliers: [Supplier]

        var context: TriageBusiness {
            TriageBusiness(
                industry: client_config.business.type, domain: client_config.business.email_domain,
                managers: managers.map(\.email), supplierDomains: suppliers.flatMap { $0.domains ?? [] })
        }
    }

    static let vectors: Vectors = try! JSONDecoder().decode(
        Vectors.self, from: Data(contentsOf: training.appendingPathComponent("model/test-vectors.json")))
    static let businesses: [String: TriageBusiness] = {
        let list = try! JSONDecoder().decode([Business].self, from: Data(contentsOf: training.appendingPathComponent("corpus/businesses.json")))
        return Dictionary(uniqueKeysWithValues: list.map { ($0.id, $0.context) })
    }()
    static let model = try! TriageModel(jsonData: Data(contentsOf: training.appendingPathComponent("model/triage-model.json")))

    static func input(_ file: String) throws -> TriageInput {
        let bytes = try [UInt8](Data(contentsOf: training.appendingPathComponent("corpus").appendingPathComponent(file)))
        return try TriageInput(mime: bytes)
    }

    @Test("FNV-1a 32 matches the reference hashes")
    func hashes() {
        #expect(Self.vectors.fnv1a32.count == 7)
        for (string, hash) in Self.vectors.fnv1a32 {
            #expect(TriageHash.fnv1a32(string) == hash, "\(string)")
        }
        #expect(TriageHash.bucket("w:furnace") == Int(856_642_832 & 0x3FFFF))
    }

    @Test("normalisation and tokens follow the specification")
    func normalisationAndTokens() {
        #expect(TriageText.normalize("Été CHAUD Ōsaka ﬁre") == "ete chaud osaka fire")
        #expect(TriageText.tokens("call 780-555-0142, 5 or 24h! l'été") == ["call", "000", "000", "0000", "5", "or", "24h", "l", "été"])
        #expect(TriageText.stripReply("hi\r\n> quoted\r\nthanks\r\nOn Mon, Jan 1, 2024, Bob wrote:\r\nold") == "hi\nthanks")
        #expect(TriageText.stripReply("a\nFrom: Bob <b@x.com>\nSent: Monday\nold") == "a")
        #expect(TriageText.stripReply("a\n-- \nsig") == "a")
        #expect(TriageText.htmlToText("<style>p{}</style><p>A&amp;B</p><table><tr><td>x</td><td>y</td></tr></table>&#39;&eacute;") == " A&B\nx y \n'é")
        #expect(TriageText.htmlToText("a<b>c<d e") == "ac<d e")
        #expect(TriageText.removeScriptAndStyle("a<script x>1</script >b<STYLE>2</style>c<scripts>d<script>e") == "a b c<scripts>d<script>e")
        #expect(TriageText.htmlToText("<<x>y<") == "y<")
    }

    @Test("the linear address scanner finds what the regex finds", arguments: [
        "write jane.doe+x@mail.example.com, or a@b.com.x@c.org; x@y@z.com", "no address here", "a@b", "a@b.c", "a@b.cc.", "@x.com",
        "mail:Bob_O'Neil@sub-domain.co.uk>", "1@2.3.ab4", "é@x.com ü.x@y.org", "a@.com", "a@-.xx", "a@b..cc",
    ])
    func addressScanner(_ text: String) {
        #expect(TriageText.emailAddresses(text) == text.matches(of: TriageText.Patterns.email).map { String(text[$0.range]) })
    }

    @Test("the tag scanners replace what the regexes replace", arguments: [
        "a<br>b<BR/>c<br />d<br\t/ >e<bra>f<br/x>", "</p>x</P >y</pre></pa></div>z</DIV\n>", "</tr></li></h1></H6></h7></h></h1 >",
        "</td></TH ></tdx></t d></th\n\n>", "<<br>>", "</", "<", "</p", "<br", "</td<br>>", "x</h6", "</div <p>", "",
        "<p>one</p><table><tr><td>a</td><th>b</th></tr></table>",
    ])
    func tagScanners(_ html: String) {
        #expect(TriageText.replacingTags(in: html, with: "\n", matching: TriageText.lineTagEnd) == html.replacing(TriageText.Patterns.lineTags, with: "\n"))
        #expect(TriageText.replacingTags(in: html, with: " ", matching: TriageText.cellTagEnd) == html.replacing(TriageText.Patterns.cellTags, with: " "))
    }

    @Test("the no-reply matcher answers as the regex", arguments: [
        "noreply", "no-reply", "no_reply", "no.reply", "no--reply", "nor", "donotreply", "do-not-reply", "do.not_reply", "do-notreply",
        "ne-pas-repondre", "nepasrepondre", "ne_pas.repondre", "no-responder", "noresponder", "reply", "xnoreply", "noreply+abc", "", "no",
        "do-not-rep", "info",
    ])
    func noReplyMatcher(_ local: String) {
        #expect(TriageText.startsNoReply(local) == TriageText.contains(TriageText.Patterns.noreply, local))
    }

    @Test("the via matcher answers as the regex", arguments: [
        "jane doe via jobber", "olivia smith", "via", "vias", "avia", "x via", "via x", "x_via", "via_", "via9", "9via", "vi", "",
        "jane (via form)", "viavia via", "l'via",
    ])
    func viaMatcher(_ name: String) {
        #expect(TriageText.hasWordVia(name) == (TriageText.searchAtWordStart(TriageText.Patterns.via, name) != nil))
    }

    @Test("every test vector: subject, tokens, structural features, buckets, scores and decision", arguments: vectors.messages.map(\.file))
    func vector(_ file: String) throws {
        let expected = try #require(Self.vectors.messages.first { $0.file == file })
        let business = try #require(Self.businesses[expected.business])
        let input = try Self.input(file)
        let features = Self.model.extractor.extract(input, business: business)
        #expect(features.normalizedSubject == expected.normalized_subject)
        #expect(Array(features.bodyTokens.prefix(40)) == expected.body_tokens_first_40)
        #expect(features.structural == expected.structural)
        let expectedBuckets = Dictionary(uniqueKeysWithValues: expected.buckets.map { (Int($0.key)!, $0.value) })
        let missing = Set(expectedBuckets.keys).subtracting(features.vector.keys).sorted()
        let extra = Set(features.vector.keys).subtracting(expectedBuckets.keys).sorted()
        #expect(missing.isEmpty && extra.isEmpty, "missing buckets \(missing.prefix(8)), extra \(extra.prefix(8).map { features.featureName($0) ?? "" })")
        let worstBucket = expectedBuckets.map { abs((features.vector[$0.key] ?? .nan) - $0.value) }.max() ?? 0
        #expect(worstBucket < 1e-5, "largest bucket difference \(worstBucket)")

        let prediction = Self.model.predict(features, business: business)
        let worstScore = zip(prediction.categoryScores + prediction.urgencyScores, expected.category_scores + expected.urgency_scores)
            .map { abs($0 - $1) }.max() ?? .infinity
        #expect(worstScore < 1e-4, "largest category/urgency score difference \(worstScore)")
        #expect(abs(prediction.escalationScore - expected.escalation_score) < 1e-4)
        #expect(prediction.category == expected.decision.category)
        #expect(prediction.urgency == expected.decision.urgency)
        #expect(prediction.escalate == expected.decision.escalate)
        #expect(prediction.draft == expected.decision.draft)
        #expect(!prediction.categoryReasons.isEmpty)
    }

    @Test("cue features (version 2): a vulnerable person, and its pairs with now, past, hypothetical and quote words", arguments: [
        ("There is no heat and my 88-year-old father lives with us right now", ["risk_person", "cue_now", "risk_person+now"]),
        ("My mother is 92, book the yearly check, no rush", []),
        ("Mi abuela vive con nosotros, queremos una cotización", ["risk_person", "cue_quote", "risk_person+quote"]),
        ("Il fait -30, le bébé a froid", ["risk_person"]),
        ("we had a leak last year, 65 years of service", ["risk_person", "cue_past", "risk_person+past"]),
        ("I am 64 years old", []),
    ])
    func cueFeatures(_ text: String, _ expected: [String]) {
        // The expected names are what Training/features.py `cue_features` returns for the same text.
        #expect(TriageCueFeatures.names(TriageText.tokens(TriageText.normalize(text))) == expected)
    }

    @Test("a feature-version-1 extractor adds no cue features")
    func versionOneHasNoCues() {
        let business = TriageBusiness(industry: "hvac", domain: "acme.com", managers: [], supplierDomains: [])
        let input = TriageInput(fromEmail: "jane@gmail.com", subject: "No heat", text: "The furnace is out and we have a newborn right now.")
        let v1 = TriageFeatureExtractor(featureVersion: 1).extract(input, business: business).structural
        let v2 = TriageFeatureExtractor(featureVersion: 2).extract(input, business: business).structural
        #expect(!v1.contains { $0.hasPrefix("risk_person") || $0.hasPrefix("cue_") })
        #expect(v2.contains("risk_person+now"))
    }

    @Test("the vectors cover every category")
    func coverage() {
        #expect(Set(Self.vectors.messages.map(\.decision.category)).count == Self.model.categories.count)
        #expect(Self.vectors.messages.count >= 44)
    }

    @Test("the bundled resource is the trained model (Training/export-model.sh ran)")
    func bundledCopy() throws {
        let url = try #require(TriageModel.bundledModelURL)
        #expect(try Data(contentsOf: url) == Data(contentsOf: Self.training.appendingPathComponent("model/triage-model.json")))
    }

    @Test("reasons name the features behind the decision; rules come first")
    func reasons() {
        let business = TriageBusiness(industry: "hvac", domain: "acme.com", managers: ["boss@acme.com"], supplierDomains: [])
        let leak = TriageInput(
            fromEmail: "jane@gmail.com", subject: "I smell gas in the basement",
            text: "Hi, there is a strong smell of gas near the furnace and the CO alarm went off. Please come now!")
        let prediction = Self.model.predict(leak, business: business)
        #expect(prediction.category == "URGENT")
        #expect(prediction.escalate)
        #expect(prediction.categoryReasons.count == TriageModel.reasonCount)
        #expect(prediction.categoryReasons.allSatisfy { $0.contribution > 0 && !$0.feature.hasPrefix("bucket") })
        let internalNote = TriageInput(fromEmail: "boss@acme.com", subject: "URGENT gas leak at the Smith job", text: "Call me.")
        let own = Self.model.predict(internalNote, business: business)
        #expect(own.category == "MANAGER" && !own.escalate && !own.draft)
        #expect(own.categoryReasons.first?.feature == "rule: own domain")
    }

    @Test("the business context of a client profile")
    func profileContext() {
        let profile = ClientProfile(
            clientId: UUID(), config: ClientConfig(business: .init(name: "Acme", type: .roofing, emailDomain: "Acme-Roofing.com")),
            managers: [Manager(name: "Bo", email: "Bo@Acme-Roofing.com", roles: [])],
            suppliers: [Supplier(name: "ABC", email: "orders@abc.com", domains: ["ABCSupply.com"])])
        let business = TriageBusiness(profile: profile)
        #expect(business == TriageBusiness(industry: "roofing", domain: "acme-roofing.com", managers: ["bo@acme-roofing.com"], supplierDomains: ["abcsupply.com"]))
        #expect(Self.model.allowedCategories(industry: business.industry).contains("INSURANCE"))
        #expect(!Self.model.allowedCategories(industry: business.industry).contains("PERMITS"))
    }

    @Test("a model file of another format is refused")
    func badFormat() {
        #expect(throws: TriageModel.FormatError.self) {
            try TriageModel(jsonData: Data(#"{"format":"other","version":1,"feature_version":1,"features":{"hash":"fnv1a32-utf8","buckets_log2":18,"max_body_tokens":400,"char_ngrams":[3]},"categories":[],"industry_extras":{},"urgencies":[],"escalation_threshold":0.25,"category":{"bias":[],"classes":[]},"urgency":{"bias":[],"classes":[]},"escalation":{"bias":0,"weights":{"buckets":[],"weights":[]}}}"#.utf8))
        }
    }
}
