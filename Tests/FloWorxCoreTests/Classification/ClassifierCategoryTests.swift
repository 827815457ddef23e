import Testing
import FloWorxCore

@Suite struct ClassifierCategoryTests {
    typealias S = ClassificationSamples

    @Test func emergency() {
        let result = S.classify(subject: "No heat and it's -30", body: "Our furnace won't turn on and the house is freezing. Please send someone today.")
        #expect(result.category == .urgent)
        #expect(result.urgency == .critical)
        #expect(result.draftAppropriate)
        #expect(result.confidence >= 0.8)
        #expect(result.reasons.contains { $0.hasPrefix("subject contains \"no heat\" → URGENT") })
    }

    @Test func quoteRequestIsSales() {
        let result = S.classify(subject: "Pricing for a heat pump", body: "We're thinking about replacing our old furnace with a heat pump. How much would that cost?")
        #expect(result.category == .sales)
        #expect(result.draftAppropriate)
        #expect(result.confidence >= 0.7)
    }

    @Test func existingCustomerQuestionIsSupport() {
        let result = S.classify(subject: "Reschedule my appointment", body: "Can we move Tuesday's service call to Thursday afternoon?")
        #expect(result.category == .support)
        #expect(result.draftAppropriate)
    }

    @Test func tuneUpIsMaintenanceForHVAC() {
        let result = S.classify(subject: "Book a tune-up", body: "We'd like our annual furnace tune-up in October, we're on the maintenance plan.")
        #expect(result.category == .maintenance)
        #expect(result.draftAppropriate)
    }

    @Test func poolClosingIsSeasonal() {
        let result = S.classify(subject: "Closing the pool", body: "Please book our pool closing and winterize the equipment in October.", S.pools)
        #expect(result.category == .seasonal)
    }

    @Test func hailClaimIsInsuranceForRoofers() {
        let result = S.classify(subject: "Hail damage claim", body: "Our adjuster from State Farm is coming Tuesday for the insurance claim. Can you meet him?", S.roofing)
        #expect(result.category == .insurance)
        #expect(result.draftAppropriate)
    }

    @Test func managerSenderGetsTheirOwnSubcategory() {
        let result = S.classify(subject: "Quote for the Smith job", body: "Can you quote a new furnace for them? It's urgent.", from: "SAM@testhvac.ca")
        #expect(result.category == .manager)
        #expect(result.subcategory == "Sam Service")
        #expect(result.senderIsManager)
        #expect(result.senderIsInternal)
        #expect(!result.draftAppropriate)
    }

    @Test func otherInternalSendersAreUnassignedManagerMail() {
        let result = S.classify(subject: "Van 2 needs tires", body: "Rear tires are bald, can we book it in?", from: "tech@testhvac.ca")
        #expect(result.category == .manager)
        #expect(result.subcategory == "Unassigned")
        #expect(result.senderIsInternal)
        #expect(!result.senderIsManager)
        #expect(!result.draftAppropriate)
    }

    @Test func customerAskingForTheOwnerIsAnEscalation() {
        let result = S.classify(subject: "I want to speak to the owner", body: "Three visits and the furnace still isn't fixed. I want to speak to the owner.")
        #expect(result.category == .manager)
        #expect(result.subcategory == "Escalations")
        #expect(!result.draftAppropriate)
    }

    @Test func supplierByDomainSubdomainOrAddress() {
        let byDomain = S.classify(subject: "Invoice 4471", body: "Amount due $1,200.", from: "billing@east.acmeparts.com")
        #expect(byDomain.category == .suppliers)
        #expect(byDomain.subcategory == "Acme Parts")
        #expect(byDomain.senderIsSupplier)
        #expect(!byDomain.draftAppropriate)
        let byAddress = S.classify(subject: "Your order has shipped", from: "Orders@BoltWholesale.net")
        #expect(byAddress.subcategory == "Bolt Wholesale")
        #expect(S.classify(subject: "Your order has shipped", from: "sales@boltwholesale.net").category != .suppliers)
    }

    @Test(arguments: [
        ("INTERAC e-Transfer: John sent you money", "John Smith sent you $250.00 and the money has been deposited.", "e-Transfer"),
        ("Account alert", "A withdrawal of $5,000 was made from your account ending in 1234.", "BankAlert"),
        ("Your bill is ready", "Invoice 2231 is attached. Amount due: $212.40, due date March 3.", "Invoice"),
        ("Payment received", "Thank you for your payment of $149.00. Your receipt is below.", "Receipts"),
        ("Refund processed", "Your refund has been processed and will appear in 3-5 days.", "Refund"),
    ])
    func bankingSubcategories(subject: String, body: String, subcategory: String) {
        let result = S.classify(subject: subject, body: body, from: "alerts@bank-of-example.com")
        #expect(result.category == .banking)
        #expect(result.subcategory == subcategory)
        #expect(!result.draftAppropriate)
    }

    @Test func customerDemandingARefundIsNotBanking() {
        let result = S.classify(subject: "Refund", body: "The repair didn't work. I want a full refund, this is unacceptable.")
        #expect(result.category == .support)
        #expect(result.sentiment == .negative)
    }

    @Test func websiteFormWithAPersonToReplyTo() {
        let message = S.message(
            from: "noreply@jotform.com", name: "Jotform", subject: "New submission: Contact us",
            body: "Name: Lee Wong\nEmail: lee@gmail.com\nPhone: 780-555-0111\nMessage: Quote for AC please", replyTo: EmailAddress(email: "lee@gmail.com")
        )
        let result = S.classify(message)
        #expect(result.category == .formsub)
        #expect(result.draftAppropriate)
        #expect(result.entities.contactName == "Lee Wong")
    }

    @Test func formFromTheOwnWebsiteIsAFormNotAColleague() {
        let result = S.classify(
            subject: "[Test Co] Contact", body: "Name: Ann Lee\nEmail: ann@gmail.com\nPhone: 780-555-0112\nMessage: Furnace quote please",
            from: "wordpress@testhvac.ca"
        )
        #expect(result.category == .formsub)
        #expect(result.senderIsInternal)
        #expect(!result.draftAppropriate)
    }

    @Test func reviewsByRating() {
        let happy = S.classify(subject: "Ann left a review for Test Co", body: "★★★★★ \"Fast and friendly!\"\nReply to review",
                               from: "businessprofile-noreply@google.com")
        #expect(happy.category == .googleReview)
        #expect(happy.subcategory == "New Review")
        #expect(!happy.draftAppropriate)  // nobody reads a no-reply address
        let unhappy = S.classify(subject: "Bob left a review for Test Co", body: "2 stars \"Late and expensive.\"\nReply to review",
                                 from: "businessprofile-noreply@google.com")
        #expect(unhappy.subcategory == "Response Needed")
        let unhappyElsewhere = S.classify(S.message(from: "reviews@google.com", subject: "New review",
                                                    body: "Bob left a review: 1 out of 5. \"Rude tech.\""))
        #expect(unhappyElsewhere.subcategory == "Response Needed")
        #expect(unhappyElsewhere.draftAppropriate)
    }

    @Test func phoneNotifications() {
        let voicemail = S.classify(subject: "New Voicemail from (780) 555-0145", body: "Transcription: please call me back", from: "service@ringcentral.com")
        #expect(voicemail.category == .phone)
        #expect(voicemail.subcategory == "Voicemails")
        #expect(!voicemail.draftAppropriate)
        let missed = S.classify(subject: "You missed a call from (780) 555-0136", from: "service@ringcentral.com")
        #expect(missed.subcategory == "Missed Calls")
    }

    @Test func customerWhoLeftAVoicemailIsNotAPhoneNotification() {
        let result = S.classify(subject: "Furnace repair", body: "I left you a voicemail yesterday, the furnace is making a loud banging noise. Can someone come?")
        #expect(result.category == .support)
    }

    @Test func recruitmentPromoSocialAndMisc() {
        #expect(S.classify(subject: "Application for HVAC technician position", body: "My resume and cover letter are attached.").category == .recruitment)
        let promo = S.message(from: "news@supplyhouse-deals.com", subject: "Flash sale: 30% off thermostats", body: "Shop now, limited time.",
                              headers: EmailHeaders(listUnsubscribe: "<https://x.example/u>"))
        let promoResult = S.classify(promo)
        #expect(promoResult.category == .promo)
        #expect(promoResult.urgency == .low)
        #expect(S.classify(subject: "Lisa commented on your post", body: "See the comment on Facebook.", from: "notification@facebookmail.com").category == .socialMedia)
        let misc = S.classify(subject: "hello", body: "Is this still your email?")
        #expect(misc.category == .misc)
        #expect(!misc.draftAppropriate)
    }

    @Test func outOfOfficeRepliesAreMisc() {
        let message = S.message(subject: "Automatic reply: Furnace quote", body: "I'm out of the office until Monday. For emergencies call 780-555-0190.",
                                headers: EmailHeaders(autoSubmitted: "auto-generated"))
        let result = S.classify(message)
        #expect(result.category == .misc)
        #expect(!result.draftAppropriate)
        #expect(result.urgency == .low)
    }

    @Test func bulkMailIsClassifiedButNeverDrafted() {
        let message = S.message(from: "info@dealer.example", subject: "Furnace quote special this month", body: "Get a free quote on a new furnace!",
                                headers: EmailHeaders(precedence: "bulk"))
        let result = S.classify(message)
        #expect(result.category == .sales)
        #expect(!result.draftAppropriate)
        #expect(result.reasons.contains("no draft: pre-filter says bulk"))
    }
}
