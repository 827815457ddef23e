import FloWorxCore
import Testing

@Suite struct DraftSimilarityTests {
    @Test func aDraftSentAsWrittenScoresOne() {
        #expect(DraftSimilarity.ratio(draft: "Hi Greg, we can come Tuesday at 9.", sent: "Hi Greg,\n\nwe can come Tuesday at 9.") == 1)
    }

    @Test func aRewriteScoresLowAndAnEditScoresBetween() {
        let draft = "Hi Greg, thanks for reaching out. We can come Tuesday at 9 to look at the furnace."
        let edited = DraftSimilarity.ratio(draft: draft, sent: "Hi Greg, thanks for reaching out. We can come Wednesday at 10 to look at the furnace.")
        let rewritten = DraftSimilarity.ratio(draft: draft, sent: "Call me.")
        #expect(edited > 0.8 && edited < 1)
        #expect(rewritten < 0.2)
    }

    @Test func quotedHistoryInTheSentReplyIsNotCounted() {
        let sent = "Thanks, see you Tuesday.\n\nOn Mon, Dec 7, 2026 at 9:00 AM Greg <greg@example.com> wrote:\n> Can you come this week?\n> Greg"
        #expect(DraftSimilarity.ratio(draft: "Thanks, see you Tuesday.", sent: sent) == 1)
    }

    @Test func emptyTextsAreHandled() {
        #expect(DraftSimilarity.ratio(draft: "", sent: "") == 1)
        #expect(DraftSimilarity.ratio(draft: "Hello", sent: "") == 0)
    }
}
