import Testing
import FloWorxCore

@Suite struct PreFilterTests {
    private func evaluate(
        from: String = "jane@gmail.com", subject: String = "Quote for a new furnace", body: String = "Hi, can you quote a furnace?",
        headers: EmailHeaders = EmailHeaders(), replyTo: EmailAddress? = nil
    ) -> PreFilterResult {
        let message = ClassificationSamples.message(from: from, subject: subject, body: body, headers: headers, replyTo: replyTo)
        return PreFilter.evaluate(message, profile: ClassificationSamples.hvac)
    }

    @Test func ordinaryMailPasses() {
        let result = evaluate()
        #expect(result.kind == .none)
        #expect(!result.blocksDraft)
    }

    @Test(arguments: ["auto-replied", "auto-generated", "auto-notified", "auto-replied; owner-email=\"x@y.com\""])
    func autoSubmittedIsAnAutoReply(value: String) {
        let result = evaluate(subject: "Re: your quote", headers: EmailHeaders(autoSubmitted: value))
        #expect(result.kind == .autoReply)
        #expect(result.blocksDraft)
        #expect(result.reasons.contains { $0.contains("Auto-Submitted") })
    }

    @Test func autoSubmittedNoIsAPerson() {
        #expect(evaluate(headers: EmailHeaders(autoSubmitted: "no")).kind == .none)
        #expect(evaluate(headers: EmailHeaders(autoSubmitted: " No ")).kind == .none)
    }

    @Test func xAutoreplyHeader() {
        #expect(evaluate(subject: "Re: hello", headers: EmailHeaders(xAutoreply: "yes")).kind == .autoReply)
    }

    @Test(arguments: ["All", "OOF", "AutoReply", "DR, RN, NRN, OOF, AutoReply"])
    func autoResponseSuppressFlags(value: String) {
        #expect(evaluate(subject: "Re: hello", headers: EmailHeaders(xAutoResponseSuppress: value)).kind == .autoReply)
    }

    @Test func autoResponseSuppressOfReceiptsOnlyIsNotAnAutoReply() {
        #expect(evaluate(headers: EmailHeaders(xAutoResponseSuppress: "DR, RN")).kind == .none)
    }

    @Test(arguments: [
        "Out of Office: Quote", "Automatic reply: Your furnace quote", "Auto: Your furnace quote", "Abwesenheitsnotiz: Anfrage",
        "Réponse automatique : Devis", "Respuesta automática: Presupuesto", "Fuera de la oficina: hola", "I am on vacation",
        "Risposta automatica: preventivo", "Automatisch antwoord: offerte",
    ])
    func outOfOfficeSubjects(subject: String) {
        let result = evaluate(subject: subject)
        #expect(result.kind == .outOfOffice)
        #expect(result.blocksDraft)
    }

    @Test func automaticMessageSayingOutOfOfficeIsOutOfOffice() {
        let result = evaluate(subject: "Re: Your quote", body: "I am out of the office until Monday.", headers: EmailHeaders(autoSubmitted: "auto-replied"))
        #expect(result.kind == .outOfOffice)
    }

    @Test func aPersonMentioningTheOfficeIsNotFiltered() {
        #expect(evaluate(subject: "Furnace quote", body: "I'll be out of the office next week, can you come Monday?").kind == .none)
    }

    @Test(arguments: [
        "noreply@alerts.example.com", "no-reply@example.com", "no_reply@example.com", "donotreply@example.com",
        "do-not-reply@example.com", "notifications@example.com", "notification+abc123@facebookmail.com", "alerts@notify.bank.com",
        "businessprofile-noreply@google.com",
    ])
    func noReplySenders(sender: String) {
        let result = evaluate(from: sender)
        #expect(result.kind == .noReply)
        #expect(result.blocksDraft)
    }

    @Test func noReplySenderWithAPersonInReplyToPasses() {
        let result = evaluate(from: "noreply@jotform.com", replyTo: EmailAddress(email: "peter@gmail.com", name: "Peter"))
        #expect(result.kind == .none)
        #expect(result.reasons.contains { $0.contains("Reply-To") })
    }

    @Test(arguments: ["mailer-daemon@googlemail.com", "MAILER-DAEMON@mx.example.com", "postmaster@outlook.com"])
    func mailSystemsBounce(sender: String) {
        #expect(evaluate(from: sender, subject: "Delivery Status Notification (Failure)").kind == .bounce)
    }

    @Test func undeliverableSubjectBouncesWhateverTheSender() {
        #expect(evaluate(from: "microsoftexchange329e71@contoso.com", subject: "Undeliverable: Your quote").kind == .bounce)
    }

    @Test func bulkHeaders() {
        #expect(evaluate(headers: EmailHeaders(listUnsubscribe: "<https://example.com/u>")).kind == .bulk)
        #expect(evaluate(headers: EmailHeaders(listId: "News <news.example.com>")).kind == .bulk)
        for precedence in ["bulk", "list", "junk", " Bulk "] {
            #expect(evaluate(headers: EmailHeaders(precedence: precedence)).kind == .bulk)
        }
        #expect(evaluate(headers: EmailHeaders(precedence: "first-class")).kind == .none)
    }

    @Test func strongestKindWins() {
        // A bounce also carries Auto-Submitted; an out-of-office from a no-reply address is still out of office.
        #expect(evaluate(from: "mailer-daemon@x.com", subject: "Returned mail: failed", headers: EmailHeaders(autoSubmitted: "auto-replied")).kind == .bounce)
        #expect(evaluate(from: "noreply@x.com", subject: "Out of office", headers: EmailHeaders(listUnsubscribe: "<mailto:u@x.com>")).kind == .outOfOffice)
        #expect(evaluate(from: "noreply@x.com", headers: EmailHeaders(listUnsubscribe: "<mailto:u@x.com>")).kind == .noReply)
    }

    @Test func internalSendersAreLeftToTheClassifier() {
        let result = evaluate(from: "tech@testhvac.ca", subject: "Out of office", headers: EmailHeaders(autoSubmitted: "auto-replied"))
        #expect(result.kind == .none)
        #expect(!result.blocksDraft)
        #expect(evaluate(from: "wordpress@web.testhvac.ca", subject: "Automatic reply").kind == .none)
    }
}
