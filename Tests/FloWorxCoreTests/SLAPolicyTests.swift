import FloWorxCore
import Foundation
import Testing

/// Which analyzed emails start a first-response timer, and when it falls due (the bundled triage model decides the
/// category, as in the pipeline).
@Suite struct SLAPolicyTests {
    static let analyzer = try! EmailAnalyzer(triage: TriageModel.bundled())
    /// Wednesday 2026-01-14 10:00 in Toronto.
    static let received = ISO8601.parse("2026-01-14T15:00:00Z")!

    static func profile(target: Int? = 120, hours: BusinessHours? = HoursTestKit.hours(HoursTestKit.weekdays([["09:00", "17:00"]]), timezone: "America/Toronto")) -> ClientProfile {
        ClientProfile(
            clientId: UUID(uuidString: "00000000-0000-4000-8000-0000000000c1")!,
            config: ClientConfig(
                business: .init(name: "Northline Comfort", type: .hvac, emailDomain: "northline.example", timezone: "America/Toronto"),
                sla: target.map { ClientConfig.SLA(firstResponseMinutes: $0) }),
            managers: [Manager(name: "Dana Reyes", email: "dana@northline.example", roles: [.owner])],
            suppliers: [Supplier(name: "Ferguson", email: "orders@ferguson.example", domains: ["ferguson.example"])],
            hours: hours,
            rules: RuleEngine.defaultRules
        )
    }

    static func message(
        from: String, name: String? = nil, replyTo: String? = nil, subject: String, _ text: String, headers: EmailHeaders = EmailHeaders(),
        received: Date = received
    ) -> EmailMessage {
        EmailMessage(
            messageId: "m-\(subject.hashValue)", threadId: "t-\(subject.hashValue)", from: EmailAddress(email: from, name: name),
            to: [EmailAddress(email: "office@northline.example")], replyTo: replyTo.map { EmailAddress(email: $0) }, subject: subject,
            text: text, receivedAt: received, headers: headers)
    }

    static func timer(_ message: EmailMessage, profile: ClientProfile = profile(), now: Date = received) -> SLATimerStart? {
        let analysis = analyzer.analyze(message, profile: profile, now: now)
        return SLAPolicy.timer(for: message, analysis: analysis, profile: profile, now: now)
    }

    static let quote = message(from: "jordan.lee@gmail.example", name: "Jordan Lee", subject: "Quote for a new furnace",
                               "Hi, could you give me a quote for replacing our 20 year old furnace in a 2 storey house? Thanks, Jordan")

    @Test func aCustomerQuoteStartsATimerInBusinessMinutes() throws {
        let timer = try #require(Self.timer(Self.quote))
        #expect(timer.targetMinutes == 120)
        #expect(timer.startedAt == Self.received)
        // 10:00 EST + 120 business minutes = 12:00 EST.
        #expect(timer.dueAt == ISO8601.parse("2026-01-14T17:00:00Z"))
        #expect(timer.threadId == Self.quote.threadId)
        #expect(SLAPolicy.customerCategories.contains(timer.category))
        let analysis = Self.analyzer.analyze(Self.quote, profile: Self.profile(), now: Self.received)
        #expect(SLAPolicy.due(for: Self.quote, analysis: analysis, profile: Self.profile(), now: Self.received) == timer.dueAt)
    }

    @Test func aFridayEveningEmailIsDueOnMonday() throws {
        // Friday 2026-01-16 18:00 EST: counting starts Monday 09:00.
        let friday = ISO8601.parse("2026-01-16T23:00:00Z")!
        var message = Self.quote
        message.receivedAt = friday
        let timer = try #require(Self.timer(message, now: friday))
        #expect(timer.dueAt == ISO8601.parse("2026-01-19T16:00:00Z"))
    }

    @Test func withoutATargetNoTimer() {
        #expect(Self.timer(Self.quote, profile: Self.profile(target: nil)) == nil)
    }

    @Test func withoutHoursEveryMinuteCounts() throws {
        let timer = try #require(Self.timer(Self.quote, profile: Self.profile(hours: nil)))
        #expect(timer.dueAt == Self.received.addingTimeInterval(120 * 60))
    }

    @Test func mailThatExpectsNoReplyStartsNoTimer() {
        let cases: [(String, EmailMessage)] = [
            ("internal", Self.message(from: "tech3@northline.example", name: "Sam", subject: "Miller job", "Customer wants a quote for a new furnace, can you call them?")),
            ("supplier", Self.message(from: "orders@ferguson.example", subject: "Invoice 88123", "Please find attached invoice 88123 for your order of 4 filters. Payment due in 30 days.")),
            ("out of office", Self.message(from: "pat@clientco.example", subject: "Automatic reply: your estimate",
                                           "I am out of the office until Monday with limited access to email.", headers: EmailHeaders(autoSubmitted: "auto-replied"))),
            ("newsletter", Self.message(from: "news@hvacdeals.example", subject: "Spring sale: 20% off thermostats",
                                        "Our biggest sale of the year. Shop now. Unsubscribe here.", headers: EmailHeaders(listUnsubscribe: "<mailto:unsub@hvacdeals.example>"))),
            ("bank", Self.message(from: "alerts@bank.example", subject: "You received an Interac e-Transfer",
                                  "You have received $450.00 from John Smith via Interac e-Transfer. Deposit reference 8812.", headers: EmailHeaders(autoSubmitted: "auto-generated"))),
            ("no-reply", Self.message(from: "noreply@portal.example", subject: "Your password was changed", "Your password was changed. If this was not you contact support.")),
        ]
        for (name, message) in cases {
            #expect(Self.timer(message) == nil, "\(name)")
        }
    }

    @Test func aFormWithTheCustomerInReplyToStartsATimer() throws {
        let form = Self.message(
            from: "no-reply@forms.example", name: "Website Forms", replyTo: "casey.m@gmail.example", subject: "New form submission: Request a quote",
            """
            Name: Casey Morgan
            Email: casey.m@gmail.example
            Phone: 416-555-0199
            Message: Our AC is making a grinding noise, can someone come look at it this week and tell us the cost?
            """)
        let timer = try #require(Self.timer(form))
        #expect(timer.category == .formsub)
    }

    @Test func oldMailFromABackfillStartsNoTimer() {
        #expect(Self.timer(Self.quote, now: Self.received.addingTimeInterval(8 * 86_400)) == nil)
        #expect(Self.timer(Self.quote, now: Self.received.addingTimeInterval(6 * 86_400)) != nil)
    }

    @Test func aMailReceivedInTheFutureStartsNow() throws {
        // A sender's clock ahead of ours: counting starts when it was processed.
        let now = Self.received.addingTimeInterval(-600)
        let timer = try #require(Self.timer(Self.quote, now: now))
        #expect(timer.startedAt == now)
    }
}
