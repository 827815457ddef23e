import Testing

@testable import FloWorxCore

/// The alert's `first_lines`: the first six non-empty, unquoted lines, trimmed, joined, redacted, at most 280 characters.
@Suite("Alert first lines")
struct AlertFirstLinesTests {
    @Test("blank and quoted lines are skipped and only six lines are kept")
    func sixLines() {
        let text = "\n  one  \r\n\n> quoted\ntwo\nthree\n\t\nfour\nfive\nsix\nseven\neight"
        #expect(AlertContent.firstLines(of: text) == "one two three four five six")
    }

    @Test("a secret is redacted before the cut, and a long text ends with an ellipsis")
    func redactedAndCut() {
        let lines = AlertContent.firstLines(of: "gate code: 4455\n" + String(repeating: "word ", count: 100))
        #expect(lines.hasPrefix("gate code: [redacted password] word"))
        #expect(lines.count == 280 && lines.hasSuffix("…"))
        #expect(AlertContent.firstLines(of: "") == "")
    }
}
