import FloWorxCore
import Foundation
import Testing

/// Issue 10's "what went wrong, by kind", one message of each kind written for this test (none taken from
/// Tests/Mailbox), each as raw MIME through the same steps as the worker: `EmailMessage(mime:)`, the analyzer with
/// the bundled model and the default rules of a newly onboarded business, then the built-in composer for a draft at
/// the moment of composing. Every case states category, urgency, escalation, draft and, for drafts, the greeting.
@Suite struct TriageIssueKindsTests {
    static let analyzer = try! EmailAnalyzer(triage: TriageModel.bundled())

    /// Monday 2026-03-09, 10:00 in Winnipeg (CDT, UTC-5): open.
    static let mondayMorning = "2026-03-09T15:00:00Z"

    /// Mail to one business: what the analyzer decided and, if drafted, the draft composed at `composedAt`.
    struct Outcome: CustomStringConvertible {
        var analysis: EmailAnalysis
        var draft: String?
        var category: FloWorxCore.Category { analysis.classification.category }
        var urgency: Urgency { analysis.classification.urgency }
        var escalated: Bool { analysis.escalated }
        var description: String {
            "\(category.rawValue) \(urgency.rawValue) escalated=\(escalated) draft=\(analysis.draft.shouldDraft) (\(analysis.draft.reason)) "
                + "reasons=\(analysis.classification.reasons.prefix(4)) draft:\n\(draft ?? "-")"
        }
    }

    /// A business as onboarding makes it: one time zone, Monday–Friday 7:00 AM–5:00 PM, an after-hours line, the
    /// safety-default rules, and a style whose guidance is the kind the issue saw pasted into drafts.
    static func profile(_ industry: Industry, name: String, domain: String, zone: String = "America/Winnipeg", minConfidence: Double? = nil) -> ClientProfile {
        let day = [OpenInterval(start: ClockTime("07:00")!, end: ClockTime("17:00")!)]
        let guidance = [
            "URGENT": "Tell them a technician is being dispatched and give the after-hours line 204-555-0100.",
            "SALES": "Ask for the square footage and mention our spring financing offer.",
            "SUPPORT": "Apologise once, then offer a callback from the office manager.",
            "FORMSUB": "Thank them for using the website form and ask for two good times to call.",
        ]
        return ClientProfile(
            clientId: UUID(),
            config: ClientConfig(
                business: .init(name: name, type: industry, emailDomain: domain, timezone: zone),
                contact: .init(name: "Priya Shah", afterHoursPhone: "204-555-0188"),
                autoReply: .init(enabled: true, minConfidence: minConfidence)),
            managers: [Manager(name: "Priya Shah", email: "priya@\(domain)", roles: [.owner])],
            suppliers: [Supplier(name: "Prairie Trade Supply", email: "orders@prairiesupply.example", domains: ["prairiesupply.example"])],
            style: CommunicationStyle(
                name: "Owner", tone: "professional", formality: "neutral",
                responsePatterns: ResponsePatterns(categoryGuidance: guidance)),
            hours: BusinessHours(weekly: [.mon: day, .tue: day, .wed: day, .thu: day, .fri: day], timezone: zone),
            rules: RuleEngine.defaultRules
        )
    }

    static let hvac = profile(.hvac, name: "Northwind Heating & Air", domain: "northwind-hvac.example")
    static let pools = profile(.poolsSpas, name: "Bluewater Pools & Spas", domain: "bluewater-pools.example", zone: "America/Phoenix")
    static let roofing = profile(.roofing, name: "Summit Roofing", domain: "summit-roof.example", zone: "America/Chicago")
    static let plumbing = profile(.plumbing, name: "Red River Plumbing", domain: "redriver-plumbing.example")
    static let electrical = profile(.electrical, name: "Lakeside Electric", domain: "lakeside-electric.example")
    static let contractor = profile(.generalContractor, name: "Keystone Builders", domain: "keystone-builds.example")

    /// Raw MIME of a one-part text/plain message.
    static func mime(
        from: String, to: String, replyTo: String? = nil, subject: String, date: String, headers: [String] = [], body: String,
        attachment: String? = nil
    ) -> [UInt8] {
        var lines = ["From: \(from)", "To: \(to)", "Subject: \(subject)", "Date: \(date)", "Message-ID: <\(abs(subject.hashValue))@mail.example>"]
        if let replyTo { lines.append("Reply-To: \(replyTo)") }
        lines += headers
        lines.append("MIME-Version: 1.0")
        let text = ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit", "", body]
        if let attachment {
            lines += ["Content-Type: multipart/mixed; boundary=\"b1\"", "", "--b1"] + text + [
                "--b1", "Content-Type: application/pdf; name=\"\(attachment)\"", "Content-Disposition: attachment; filename=\"\(attachment)\"",
                "Content-Transfer-Encoding: base64", "", "JVBERi0xLjQKJcfsj6IKMSAwIG9iago8PC9UeXBlL0NhdGFsb2c+PgplbmRvYmoK", "--b1--",
            ]
        } else {
            lines += text
        }
        return Array(lines.joined(separator: "\r\n").utf8)
    }

    /// Runs one raw message through the analyzer (rules run when it arrives) and, if it is drafted, the composer at
    /// `composedAt` (ISO 8601; when it arrived by default), as `EmailPipeline` does.
    static func run(
        _ profile: ClientProfile, from: String, replyTo: String? = nil, subject: String, headers: [String] = [], body: String,
        attachment: String? = nil, received: String = mondayMorning, composedAt: String? = nil
    ) throws -> Outcome {
        let arrival = ISO8601.parse(received)!
        let raw = mime(from: from, to: "office@\(profile.config.business!.emailDomain!)", replyTo: replyTo, subject: subject, date: rfc5322(arrival), headers: headers, body: body,
                       attachment: attachment)
        let message = try EmailMessage(mime: raw, fallbackMessageId: "m-\(subject)", fallbackDate: arrival)
        let analysis = analyzer.analyze(message, profile: profile, now: arrival)
        var draft: String?
        if analysis.draft.shouldDraft {
            let now = composedAt.flatMap(ISO8601.parse) ?? arrival
            let request = DraftRequest(message: message, classification: analysis.classification, profile: profile, status: analysis.status, now: now)
            draft = BuiltInComposer().compose(request).text
        }
        return Outcome(analysis: analysis, draft: draft)
    }

    static func rfc5322(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }

    // MARK: - Auto-Submitted: auto-generated is machine mail, not an automatic reply

    @Test func aVoicemailAboutNoHeatWithANewbornIsCriticalAndEscalated() throws {
        let o = try Self.run(
            Self.hvac, from: "Voice Messages <voicemail@talkline-pbx.example>", subject: "Voicemail from +1 204-555-0131 (0:52)",
            headers: ["Auto-Submitted: auto-generated"],
            body: """
                New voicemail received
                From: +1 204-555-0131
                Received: Mon Mar 9, 6:12 AM
                Length: 0:52

                Transcription:
                hi this is karen on elm street, um, our furnace quit sometime in the night and it's minus thirty out, the \
                house is down to twelve degrees and we have a three week old newborn here. please call me back right away
                """)
        #expect(o.category == .phone, "\(o)")
        #expect(o.urgency == .critical, "\(o)")
        #expect(o.escalated, "\(o)")
        #expect(o.draft == nil, "a phone relay with a number only is called back, not drafted: \(o)")
    }

    @Test func aVoicemailAboutWaterThroughALightFittingIsCriticalAndEscalated() throws {
        let o = try Self.run(
            Self.roofing, from: "Phone System <no-reply@ringbridge-voice.example>", subject: "New voicemail (1 min) from 312-555-0164",
            headers: ["Auto-Submitted: auto-generated"],
            body: """
                You received a new voicemail.

                Caller: 312-555-0164
                Duration: 1:04
                Transcript: Hi, this is Luis at 18 Birch Court, water is coming through the light fitting in the upstairs \
                hallway ceiling since the storm started, it's dripping right out of the light. Please call me back.
                """)
        #expect(o.category == .phone, "\(o)")
        #expect(o.urgency == .critical, "\(o)")
        #expect(o.escalated, "\(o)")
    }

    @Test func aTextThroughThePhoneSystemIsPhoneAndRoutine() throws {
        let o = try Self.run(
            Self.hvac, from: "Text Messages <sms@talkline-pbx.example>", subject: "New text message from (204) 555-0177",
            headers: ["Auto-Submitted: auto-generated"],
            body: """
                New SMS message
                From: (204) 555-0177
                Message: Hi it's Tom Reid, could we move my AC tune-up to Thursday afternoon instead? Thanks
                Reply to this number from your phone system app.
                """)
        #expect(o.category == .phone, "\(o)")
        #expect(o.urgency <= .normal, "\(o)")
        #expect(!o.escalated, "\(o)")
        #expect(o.draft == nil, "\(o)")
    }

    @Test func aBankDepositNoticeIsBankingAndLow() throws {
        let o = try Self.run(
            Self.hvac, from: "First Prairie Bank <alerts@firstprairie-bank.example>", subject: "Deposit received in account ending 4471",
            headers: ["Auto-Submitted: auto-generated"],
            body: """
                A deposit of $2,315.40 was made to your business chequing account ending in 4471 on March 9, 2026.
                Available balance: $18,204.11
                This is an automated message; please do not reply. Sign in to online banking for details.
                """)
        #expect(o.category == .banking, "\(o)")
        #expect(o.urgency == .low, "\(o)")
        #expect(!o.escalated, "\(o)")
        #expect(o.draft == nil, "\(o)")
    }

    @Test func anInsurersClaimNoticeIsInsuranceForARoofer() throws {
        let o = try Self.run(
            Self.roofing, from: "Claims Centre <claims-noreply@harborline-insurance.example>", subject: "Claim HL-2026-44817: adjuster assigned",
            headers: ["Auto-Submitted: auto-generated"],
            body: """
                Claim number: HL-2026-44817
                Insured: Margaret Olsen, 42 Ridge Road
                Loss type: Wind / hail damage to roof

                An adjuster has been assigned to this claim and will contact the contractor of record to schedule an \
                inspection. Please upload your repair estimate and photos through the contractor portal.
                """)
        #expect(o.category == .insurance, "\(o)")
        #expect(!o.escalated, "\(o)")
        #expect(o.draft == nil, "machine mail is never drafted: \(o)")
    }

    // MARK: - MISC is not a catch-all

    @Test func aPlainLanguageEmergencyIsUrgentEscalatedAndDraftedWithSteps() throws {
        let o = try Self.run(
            Self.roofing, from: "Dana Whitfield <dana.whitfield@mailbox.example>", subject: "tree",
            body: """
                A huge branch came through the roof in the wind last night. There's a hole over the kids' bedroom and \
                rain is coming in, the ceiling is sagging. Can someone come today?
                Dana
                """)
        #expect(o.category == .urgent, "\(o)")
        #expect(o.urgency >= .high, "\(o)")
        #expect(o.escalated, "\(o)")
        let draft = try #require(o.draft, "\(o)")
        #expect(draft.hasPrefix("Hi Dana,\n\n"), "\(draft)")
        #expect(draft.contains("204-555-0188"), "\(draft)")
    }

    @Test func aCustomersQuestionIsAnsweredNotFiledAsMisc() throws {
        let o = try Self.run(
            Self.hvac, from: "Omar Haddad <omar.h@mailbox.example>", subject: "ductless units?",
            body: "Hi, do you service Mitsubishi ductless units? Ours is about six years old and we've never had it looked at. Thanks, Omar")
        #expect([.sales, .support, .maintenance].contains(o.category), "\(o)")
        #expect(!o.escalated, "\(o)")
        #expect(o.analysis.classification.draftAppropriate, "\(o)")
        // Not met: SALES and SUPPORT split the model's confidence on this one (0.55), so the default minimum of 0.60
        // withholds its draft; a business with a lower minimum gets it.
        let lenient = Self.profile(.hvac, name: "Northwind Heating & Air", domain: "northwind-hvac.example", minConfidence: 0.5)
        let drafted = try Self.run(
            lenient, from: "Omar Haddad <omar.h@mailbox.example>", subject: "ductless units?",
            body: "Hi, do you service Mitsubishi ductless units? Ours is about six years old and we've never had it looked at. Thanks, Omar")
        let draft = try #require(drafted.draft, "\(drafted)")
        #expect(draft.hasPrefix("Hi Omar,\n\n"), "\(draft)")
    }

    @Test func aPayoutNoticeIsBanking() throws {
        let o = try Self.run(
            Self.pools, from: "TillPay <payouts@tillpay.example>", subject: "Your payout of $1,842.17 is on its way",
            body: """
                Hi Bluewater Pools & Spas,
                Your payout of $1,842.17 for card payments from March 6 to March 8 has been sent to your bank account \
                ending in 0093. Expected arrival: March 11. Payout ID: po_8812KQ.
                View payout details in your dashboard.
                """)
        #expect(o.category == .banking, "\(o)")
        #expect(o.urgency == .low, "\(o)")
        #expect(!o.escalated && o.draft == nil, "\(o)")
    }

    @Test func aCVIsRecruitment() throws {
        let o = try Self.run(
            Self.hvac, from: "Jordan Beaulieu <jordan.beaulieu@mailbox.example>", subject: "Application - HVAC apprentice",
            body: """
                Hello,
                I'm applying for an apprentice position with your team. I finished the refrigeration and air conditioning \
                pre-apprenticeship program in December and hold my G2 licence. My CV is attached and I can start right away.
                References are available on request.
                Jordan Beaulieu
                """,
            attachment: "Jordan_Beaulieu_CV.pdf")
        #expect(o.category == .recruitment, "\(o)")
        #expect(!o.escalated && o.draft == nil, "\(o)")
    }

    @Test func frenchMailIsReadForWhatItSays() throws {
        let o = try Self.run(
            Self.hvac, from: "Sylvie Gagnon <sylvie.gagnon@courriel.example>", subject: "Entretien de thermopompe",
            body: """
                Bonjour, est-ce que vous faites l'entretien annuel des thermopompes? J'aimerais prendre rendez-vous au \
                début avril, idéalement un matin. Merci beaucoup, Sylvie Gagnon
                """)
        #expect(o.category != .misc, "\(o)")
        #expect([.sales, .support, .maintenance].contains(o.category), "\(o)")
        #expect(!o.escalated, "\(o)")
        let draft = try #require(o.draft, "\(o)")
        #expect(draft.hasPrefix("Hi Sylvie,\n\n"), "\(draft)")
    }

    @Test func aFrenchEmergencyIsUrgentWithFrenchSafetySteps() throws {
        let o = try Self.run(
            Self.hvac, from: "Marc Tremblay <marc.tremblay@courriel.example>", subject: "Urgent - odeur",
            body: "Bonjour, il y a une forte odeur de gaz près de la fournaise au sous-sol depuis ce matin. Qu'est-ce qu'on fait? Marc")
        #expect(o.category == .urgent, "\(o)")
        #expect(o.urgency == .critical, "\(o)")
        #expect(o.escalated, "\(o)")
        let draft = try #require(o.draft, "\(o)")
        #expect(draft.hasPrefix("Hi Marc,\n\n"), "\(draft)")
        #expect(draft.contains("Quittez le bâtiment maintenant"), "\(draft)")
        #expect(draft.contains("204-555-0188"), "\(draft)")
    }

    // MARK: - The subject matter decides, not a keyword

    @Test func aJobAdvertForASeasonalTechnicianIsNotSeasonalAndGetsNoDraft() throws {
        let o = try Self.run(
            Self.pools, from: "Talentwave Jobs <jobs@talentwave.example>", subject: "Now hiring: Seasonal Pool Technician (May–September)",
            headers: ["List-Unsubscribe: <https://talentwave.example/unsubscribe?u=88>"],
            body: """
                New jobs matching your saved search "pool technician":

                Seasonal Pool Technician – Desert Oasis Pools, Mesa AZ – $21–$24/hr, May to September. Apply now.
                Seasonal Service Tech (pools and spas) – Sunline Aquatics, Tempe AZ – full-time seasonal. Apply now.

                You are receiving this job alert because you signed up at Talentwave. Manage alerts or unsubscribe.
                """)
        #expect(o.category != .seasonal, "\(o)")
        #expect(!o.escalated, "\(o)")
        #expect(o.draft == nil, "\(o)")
    }

    @Test func anApplicantForASeasonalJobIsRecruitmentNotSeasonal() throws {
        let o = try Self.run(
            Self.pools, from: "Kayla Moreno <kayla.moreno@mailbox.example>", subject: "Seasonal technician job",
            body: """
                Hi, I saw your posting for a seasonal technician for the summer. I worked two seasons cleaning pools and \
                balancing chemicals for a hotel and I'm CPO certified. Could I send my resume? Thanks, Kayla
                """)
        #expect(o.category == .recruitment, "\(o)")
        #expect(o.draft == nil, "\(o)")
    }

    @Test func aCustomersBillingQuestionAboutAnInvoiceIsSupport() throws {
        let o = try Self.run(
            Self.hvac, from: "Gail Porter <gail.porter@mailbox.example>", subject: "Question about invoice 10482",
            body: """
                Hi there, I got invoice #10482 for last week's furnace repair and I think the diagnostic fee was charged \
                twice. Could someone check it and let me know? Thanks, Gail Porter
                """)
        #expect(o.category == .support, "\(o)")
        #expect(o.urgency == .normal, "\(o)")
        #expect(!o.escalated, "\(o)")
        let draft = try #require(o.draft, "\(o)")
        #expect(draft.hasPrefix("Hi Gail,\n\n"), "\(draft)")
    }

    @Test func aKnownSuppliersNewsletterIsPromo() throws {
        let o = try Self.run(
            Self.hvac, from: "Prairie Trade Supply <news@prairiesupply.example>", subject: "March deals: 15% off ECM blower motors",
            headers: ["List-Unsubscribe: <mailto:unsubscribe@prairiesupply.example>, <https://prairiesupply.example/u/4471>",
                      "List-Unsubscribe-Post: List-Unsubscribe=One-Click"],
            body: """
                This month only: 15% off ECM blower motors and free shipping on orders over $500.
                Join us for our counter day on March 20 with free breakfast and product demos.
                You are receiving this newsletter as a Prairie Trade Supply account holder. Unsubscribe | Preferences
                """)
        #expect(o.category == .promo, "\(o)")
        #expect(o.urgency == .low, "\(o)")
        #expect(!o.escalated && o.draft == nil, "\(o)")
    }

    @Test func waterOnAFuseBoardUnderAFlatRoofIsAnElectricalEmergency() throws {
        let o = try Self.run(
            Self.roofing, from: "Ben Osei <ben.osei@mailbox.example>", subject: "flat roof leaking",
            body: """
                Our flat roof over the garage is leaking again and the water is dripping straight onto the fuse board. \
                Some of the breakers are wet. What should I do?
                Ben
                """)
        #expect(o.category == .urgent, "\(o)")
        #expect(o.urgency == .critical, "\(o)")
        #expect(o.escalated, "\(o)")
        let draft = try #require(o.draft, "\(o)")
        #expect(draft.hasPrefix("Hi Ben,\n\n"), "\(draft)")
    }

    // MARK: - Escalation

    @Test(arguments: [
        ("Refund or BBB", "You replaced the thermostat on Tuesday and it still doesn't hold temperature. I want a refund by Friday or I will file a complaint with the Better Business Bureau."),
        ("Very disappointed", "Third visit and the furnace is still short-cycling. I have forwarded your invoices to my lawyer and you will hear from him."),
        ("Unacceptable", "I paid $480 for a repair that lasted two days. If I do not get my money back I will take you to small claims court."),
    ])
    func aComplaintThreateningTheBBBALawyerOrCourtEscalates(subject: String, body: String) throws {
        let o = try Self.run(Self.hvac, from: "Walt Kowalski <walt.k@mailbox.example>", subject: subject, body: body + "\nWalt")
        #expect(o.category == .support, "\(o)")
        #expect(o.urgency >= .high, "\(o)")
        #expect(o.escalated, "\(o)")
        let draft = try #require(o.draft, "\(o)")
        #expect(draft.hasPrefix("Hi Walt,\n\n"), "\(draft)")
    }

    @Test(arguments: [("1-star", "★☆☆☆☆", true), ("2-star", "★★☆☆☆", true), ("5-star", "★★★★★", false)])
    func aNewOneOrTwoStarReviewEscalates(label: String, stars: String, escalates: Bool) throws {
        let text = escalates ? "Booked a furnace repair, waited at home all day and nobody showed or called." : "Fast, friendly and fixed our furnace the same day."
        let o = try Self.run(
            Self.hvac, from: "Google Business Profile <businessprofile-noreply@google.com>", subject: "Northwind Heating & Air got a new \(label) review",
            headers: ["Auto-Submitted: auto-generated"],
            body: """
                Northwind Heating & Air has a new review

                Tanya R.
                \(stars)
                "\(text)"

                Reply to this review to let customers know you care.
                """)
        #expect(o.category == .googleReview, "\(o)")
        #expect(o.escalated == escalates, "\(o)")
        if escalates { #expect(o.urgency == .high, "\(o)") }
        #expect(o.draft == nil, "\(o)")
    }

    @Test func askingToSpeakToTheOwnerEscalatesAtNormalUrgency() throws {
        let o = try Self.run(
            Self.hvac, from: "Helen Park <helen.park@mailbox.example>", subject: "Your service last week",
            body: "I want to speak to the owner about how my installation was handled. Please have them call me at 204-555-0102. Helen Park")
        #expect(o.category != .manager, "\(o)")
        #expect(o.urgency == .normal, "\(o)")
        #expect(o.escalated, "\(o)")
        let draft = try #require(o.draft, "\(o)")
        #expect(draft.hasPrefix("Hi Helen,\n\n"), "\(draft)")
    }

    @Test func aStaffMembersOnCallNoteIsInternalAndNeverEscalated() throws {
        let o = try Self.run(
            Self.hvac, from: "Mark Dubois <mark@northwind-hvac.example>", subject: "On call tonight - URGENT calls to me",
            body: """
                Heads up team: I'm on call tonight. The emergency line forwards to my cell from 5 PM. If a no-heat call \
                comes in with a baby or an elderly person in the house, page me right away and I'll go.
                Mark
                """)
        #expect(o.category == .manager, "\(o)")
        #expect(!o.escalated, "\(o)")
        #expect(o.draft == nil, "\(o)")
    }

    @Test(arguments: [
        "Si ce n'est pas réglé d'ici vendredi, je vais contacter mon avocat.",
        "Si no lo arreglan esta semana, voy a poner una demanda con mi abogado.",
        "Nobody has called me back in two weeks. I'll be posting a one star review on every site I can find.",
    ])
    func aThreatInFrenchSpanishOrAReviewIsEscalatedToo(body: String) throws {
        let o = try Self.run(Self.hvac, from: "Client <client.unhappy@mailbox.example>", subject: "Réparation / reparación / repair", body: body)
        #expect(o.urgency >= .high, "\(o)")
        #expect(o.escalated, "\(o)")
    }

    /// What looks like a threat but is none: an address, a name, a promise of five stars, a lawyer in a sale.
    @Test(arguments: [
        ("Visit Thursday?", "We're at 14 Birch Court, will someone be able to come Thursday for the tune-up?"),
        ("Quote follow-up", "Hi Sue, your technician said he will send the quote for the heat pump by Friday. Any news?"),
        ("Thank you!", "Thanks so much for the quick repair, I'll leave you a five star review on Google."),
        ("Permit copy", "My lawyer asked for a copy of the furnace permit for the house sale. Can you email it?"),
    ])
    func wordsOfAThreatOutsideAThreatAreNone(subject: String, body: String) throws {
        let o = try Self.run(Self.hvac, from: "Chris Lane <chris.lane@mailbox.example>", subject: subject, body: body)
        #expect(!o.analysis.classification.reasons.contains { $0.hasPrefix("threat:") }, "\(o)")
        #expect(o.urgency <= .normal, "\(o)")
    }

    @Test func noHeatWithAVulnerablePersonIsCriticalEvenInOneLine() throws {
        let o = try Self.run(Self.hvac, from: "Ana Ruiz <ana.ruiz@mailbox.example>", subject: "furnace", body: "furnace quit, my 90 year old mother lives with us")
        #expect(o.category == .urgent, "\(o)")
        #expect(o.urgency == .critical, "\(o)")
        #expect(o.escalated, "\(o)")
        #expect(o.analysis.classification.reasons.first?.hasPrefix("safety: no heat in the cold with a vulnerable person") == true, "\(o)")
        let plain = try Self.run(Self.hvac, from: "Ana Ruiz <ana.ruiz@mailbox.example>", subject: "furnace", body: "furnace quit this morning")
        #expect(plain.urgency >= .high && plain.escalated, "\(plain)")
    }

    // MARK: - Drafts

    @Test func anEmergencyIsDraftedEvenBelowTheConfidenceMinimum() throws {
        let strict = Self.profile(.hvac, name: "Northwind Heating & Air", domain: "northwind-hvac.example", minConfidence: 0.999)
        let o = try Self.run(
            strict, from: "Mike Tran <mike.tran@mailbox.example>", subject: "help",
            body: "smell gas near furnace, kids are home. what do we do")
        #expect(o.urgency == .critical, "\(o)")
        #expect(o.escalated, "\(o)")
        let draft = try #require(o.draft, "\(o)")
        // The gas steps, then the line, right after the greeting.
        #expect(draft.hasPrefix("Hi Mike,\n\nFor your safety, please do this first:\n- Leave the building now"), "\(draft)")
        #expect(draft.contains("do not use a phone inside"), "\(draft)")
        #expect(draft.contains("call your gas utility's emergency line or 911"), "\(draft)")
        #expect(draft.contains("204-555-0188"), "\(draft)")
        // A routine question below the same minimum is still withheld.
        let routine = try Self.run(strict, from: "Mike Tran <mike.tran@mailbox.example>", subject: "filter size", body: "What size filter does my furnace take?")
        #expect(routine.draft == nil, "\(routine)")
    }

    @Test func aFormDraftGreetsTheCustomerInReplyToNeverTheRelay() throws {
        let o = try Self.run(
            Self.hvac, from: "Site Forms <forms-noreply@quickform-hub.example>", replyTo: "Dev Patel <dev.patel@mailbox.example>",
            subject: "New submission: Request a quote",
            body: """
                You have a new submission from your website.

                Name: Dev Patel
                Email: dev.patel@mailbox.example
                Phone: 204-555-0143
                Service: Heat pump
                Message: We'd like a quote to replace our old furnace with a cold-climate heat pump. Evenings are best.

                Sent by Quickform Hub
                """)
        #expect(o.category == .formsub, "\(o)")
        #expect(!o.escalated, "\(o)")
        let draft = try #require(o.draft, "\(o)")
        #expect(draft.hasPrefix("Hi Dev,\n\n"), "\(draft)")
        #expect(!draft.contains("Site Forms") && !draft.contains("Quickform"), "\(draft)")
    }

    @Test func aFormDraftWithoutReplyToGreetsTheNameInItsFields() throws {
        let o = try Self.run(
            Self.pools, from: "Website <wordpress@bluewater-pools.example>", subject: "Contact form: Pool opening",
            body: """
                First Name: Rosa
                Last Name: Alvarez
                Email Address: rosa.alvarez@mailbox.example
                Phone: 480-555-0120
                Your Message: Can you open our pool in early April? It's a 16x32 in-ground with a salt system.
                """,
            received: "2026-03-09T17:00:00Z")
        #expect(o.category == .formsub, "\(o)")
        let draft = try #require(o.draft, "\(o)")
        #expect(draft.hasPrefix("Hi Rosa,\n\n"), "\(draft)")
        #expect(!draft.contains("Website,") && !draft.contains("WordPress") && !draft.contains("Hi there"), "\(draft)")
    }

    @Test func guidanceSteersTheDraftAndIsNeverPasted() throws {
        let o = try Self.run(
            Self.hvac, from: "Mike Tran <mike.tran@mailbox.example>", subject: "gas smell",
            body: "We smell gas near the furnace in the basement. What should we do? Please help asap.")
        let draft = try #require(o.draft, "\(o)")
        for guidance in Self.hvac.style!.responsePatterns.categoryGuidance!.values {
            let words = guidance.split(separator: " ")
            for start in 0...(words.count - 4) {
                let run = words[start..<(start + 4)].joined(separator: " ")
                #expect(!draft.contains(run), "\(run)\n\(draft)")
            }
        }
        #expect(!draft.contains("204-555-0100"), "the guidance's number is not the business's line: \(draft)")
        #expect(draft.contains("Leave the building now"), "\(draft)")
    }

    /// Monday 6:30 PM in Winnipeg is already Tuesday in UTC: the reopening is "tomorrow", said relative to when the
    /// draft is written, in the business's time zone. A draft written at 12:30 AM for the same email says "later today".
    @Test func afterHoursWordingIsRelativeToComposingInTheBusinesssZone() throws {
        let body = "Hi, the furnace is making a rattling noise when it starts up. Could someone take a look this week? Thanks, Erin"
        let evening = try Self.run(Self.hvac, from: "Erin Cole <erin.cole@mailbox.example>", subject: "Rattling furnace", body: body,
                                   received: "2026-03-09T23:30:00Z")
        let draft = try #require(evening.draft, "\(evening)")
        #expect(draft.hasPrefix("Hi Erin,\n\n"), "\(draft)")
        #expect(draft.contains("we'll be back tomorrow at 7:00 AM."), "\(draft)")
        #expect(!draft.contains("later today"), "\(draft)")
        let afterMidnight = try Self.run(Self.hvac, from: "Erin Cole <erin.cole@mailbox.example>", subject: "Rattling furnace", body: body,
                                         received: "2026-03-09T23:30:00Z", composedAt: "2026-03-10T05:30:00Z")
        #expect(afterMidnight.draft?.contains("we'll be back later today at 7:00 AM.") == true, "\(afterMidnight)")
        let friday = try Self.run(Self.hvac, from: "Erin Cole <erin.cole@mailbox.example>", subject: "Rattling furnace", body: body,
                                  received: "2026-03-13T23:30:00Z")
        #expect(friday.draft?.contains("we'll be back Monday at 7:00 AM.") == true, "\(friday)")
    }

    // MARK: - The other trades

    @Test func aSewageBackupAtAPlumberIsHighAndEscalated() throws {
        let o = try Self.run(
            Self.plumbing, from: "Nina Alvarez <nina.alvarez@mailbox.example>", subject: "sewage coming up",
            body: "Sewage is backing up through the basement floor drain and it's spreading across the floor. Can you send someone now? Nina")
        #expect(o.category == .urgent, "\(o)")
        #expect(o.urgency >= .high, "\(o)")
        #expect(o.escalated, "\(o)")
        #expect(o.draft?.hasPrefix("Hi Nina,\n\n") == true, "\(o)")
    }

    @Test func aBurningPanelAtAnElectricianIsCritical() throws {
        let o = try Self.run(
            Self.electrical, from: "Carl Jensen <carl.jensen@mailbox.example>", subject: "panel",
            body: "There's a burning smell coming from our electrical panel and one breaker is hot to the touch. Carl")
        #expect(o.category == .urgent, "\(o)")
        #expect(o.urgency == .critical, "\(o)")
        #expect(o.escalated, "\(o)")
        #expect(o.draft?.hasPrefix("Hi Carl,\n\n") == true, "\(o)")
    }

    @Test func aGeneralContractorsPermitAndSubcontractorMailIsChosen() throws {
        let permit = try Self.run(
            Self.contractor, from: "City of Riverton Permits <permits-noreply@riverton-city.example>", subject: "Permit BP-2026-0311: plan review comments",
            body: """
                Permit number: BP-2026-0311
                Project: 214 Alder St – rear addition
                The plan review for this building permit is complete. Two corrections are required before the permit can \
                be issued: provide the truss layout and the energy code compliance form. Resubmit through the permit portal.
                """)
        #expect(permit.category == .permits, "\(permit)")
        #expect(!permit.escalated, "\(permit)")
        let sub = try Self.run(
            Self.contractor, from: "Luis Ortega <luis@ortega-drywall.example>", subject: "COI and lien waiver - Alder St",
            body: """
                Hi, attached are our updated certificate of insurance and the conditional lien waiver for progress payment \
                #2 on the Alder St addition. We can start taping on Monday if the electrical rough-in passes. Luis, Ortega Drywall
                """)
        #expect(sub.category == .subcontractors, "\(sub)")
        #expect(!sub.escalated, "\(sub)")
    }
}
