import FloWorxCore
import Foundation
import Testing

/// The digest email: its subject, what the text and HTML say, escaping, and that nothing beyond counts, the name and
/// the date can reach it.
@Suite struct DigestContentTests {
    static let figures = DigestFigures(
        emailsReceived: 12, emailsProcessed: 11, escalations: 2, failed: 1,
        categories: ["SALES": 4, "URGENT": 2, "GOOGLE_REVIEW": 1, "MISC": 4, "BANKING": 0],
        draftsCreated: 5, draftsWaiting: 3, slaBreaches: 1
    )

    @Test func theSubjectNamesTheBusinessAndTheLocalDay() {
        let content = DigestContent.render(business: "Acme Plumbing", date: DigestDate("2026-12-04")!, timezone: "America/Toronto", figures: Self.figures)
        #expect(content.subject == "FloWorx daily digest — Acme Plumbing — Friday, 4 December")
    }

    @Test func theTextCarriesEveryFigureAndTheCategoriesInProductOrder() {
        let content = DigestContent.render(business: "Acme Plumbing", date: DigestDate("2026-12-04")!, timezone: "America/Toronto", figures: Self.figures)
        for line in ["Emails received: 12", "Emails processed: 11", "Escalations: 2", "Reply drafts prepared: 5",
                     "Drafts waiting for you: 3", "Missed response targets (SLA): 1", "Emails that could not be processed: 1"] {
            #expect(content.text.contains(line), "\(line)")
        }
        let urgent = try? #require(content.text.range(of: "Urgent: 2"))
        let sales = try? #require(content.text.range(of: "Sales: 4"))
        let review = try? #require(content.text.range(of: "Google review: 1"))
        let other = try? #require(content.text.range(of: "Other: 4"))
        if let urgent, let sales, let review, let other {
            #expect(urgent.lowerBound < sales.lowerBound && sales.lowerBound < review.lowerBound && review.lowerBound < other.lowerBound)
        }
        #expect(!content.text.contains("Banking"), "a category without mail is left out")
        #expect(content.text.contains("3 drafts are waiting in your mailbox"))
        #expect(content.html.contains("<strong>12</strong>") && content.html.contains("Google review"))
    }

    @Test func theNameIsEscapedInHTMLAndFlattenedInTheSubject() {
        let content = DigestContent.render(
            business: "<b>Bob & \"Sons\"</b>\r\nBcc: evil@example.com", date: DigestDate("2026-03-01")!, timezone: "UTC", figures: DigestFigures()
        )
        #expect(!content.subject.contains("\r") && !content.subject.contains("\n"), "no header injection through the name")
        #expect(content.subject.hasSuffix("— Sunday, 1 March"))
        #expect(content.html.contains("&lt;b&gt;Bob &amp; &quot;Sons&quot;&lt;/b&gt;"))
        #expect(!content.html.contains("<b>Bob"))
        #expect(content.text.contains("A quiet day"))
    }

    @Test func theOutboxContentKeepsTheRenderedFieldsAndTheFigures() throws {
        let date = DigestDate("2026-12-04")!
        let content = DigestContent.render(business: "Acme", date: date, timezone: "UTC", figures: Self.figures)
        let stored = DigestOutboxContent(content: content, date: date, business: "Acme", timezone: "UTC", figures: Self.figures)
        let json = try #require(try JSONSerialization.jsonObject(with: JSONCoding.encoder().encode(stored)) as? [String: Any])
        #expect(json["subject"] as? String == content.subject)
        #expect(json["text"] as? String == content.text)
        #expect(json["html"] as? String == content.html)
        #expect(json["date"] as? String == "2026-12-04")
        #expect((json["figures"] as? [String: Any])?["sla_breaches"] as? Int == 1)
        #expect(json["forced"] == nil)
        let decoded = try JSONCoding.decoder().decode(DigestOutboxContent.self, from: JSONCoding.encoder().encode(stored))
        #expect(decoded == stored)
    }

    @Test func keysAreOnePerBusinessDayAndRecipient() {
        let client = UUID(uuidString: "6F1C1A0E-0000-4000-8000-000000000001")!
        let date = DigestDate("2026-12-04")!
        #expect(Digest.jobKey(clientId: client, date: date) == "digest:6f1c1a0e-0000-4000-8000-000000000001:2026-12-04")
        #expect(Digest.notificationKey(clientId: client, date: date, recipient: "owner@acme.test")
            == "digest:6f1c1a0e-0000-4000-8000-000000000001:2026-12-04:owner@acme.test")
        let forced = Digest.notificationKey(clientId: client, date: date, recipient: "owner@acme.test", forcedRun: UUID())
        #expect(forced.contains(":forced-") && forced.hasSuffix(":owner@acme.test"))
    }
}
