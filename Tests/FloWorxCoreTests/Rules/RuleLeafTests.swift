import Foundation
import Testing
import FloWorxCore

/// One leaf against the standard email of `RulesTestKit.facts()`.
struct LeafCase: Sendable, CustomTestStringConvertible {
    enum Expected: Sendable { case match, noMatch, invalid }

    var fact: RuleLeaf.Fact
    var op: RuleLeaf.Operator
    var value: JSONValue
    var hours: Double?
    var expected: Expected

    init(_ fact: RuleLeaf.Fact, _ op: RuleLeaf.Operator, _ value: JSONValue, hours: Double? = nil, _ expected: Expected) {
        self.fact = fact
        self.op = op
        self.value = value
        self.hours = hours
        self.expected = expected
    }

    var testDescription: String { "\(fact.rawValue) \(op.rawValue) \(value) → \(expected)" }
}

@Suite struct RuleLeafTests {
    typealias Kit = RulesTestKit

    static let cases: [LeafCase] = [
        // category (URGENT)
        .init(.category, .eq, .string("URGENT"), .match), .init(.category, .eq, .string("urgent"), .match), .init(.category, .eq, .string("SALES"), .noMatch),
        .init(.category, .neq, .string("SALES"), .match), .init(.category, .neq, .string("Urgent"), .noMatch),
        .init(.category, .in, .array([.string("SALES"), .string("urgent")]), .match), .init(.category, .in, .array([.string("SALES")]), .noMatch), .init(.category, .in, .array([]), .noMatch),
        .init(.category, .notIn, .array([.string("SALES"), .string("SUPPORT")]), .match), .init(.category, .notIn, .array([.string("URGENT")]), .noMatch),
        .init(.category, .eq, .string("URGENTT"), .invalid), .init(.category, .neq, .string("NOPE"), .invalid), .init(.category, .in, .array([.string("SALES"), .number(3)]), .invalid),
        .init(.category, .gt, .string("SALES"), .invalid), .init(.category, .contains, .string("URG"), .invalid), .init(.category, .eq, .number(1), .invalid),
        .init(.category, .in, .string("URGENT"), .invalid),
        // subcategory ("No Heat")
        .init(.subcategory, .eq, .string("no heat"), .match), .init(.subcategory, .neq, .string("No Heat"), .noMatch),
        .init(.subcategory, .in, .array([.string("Leak"), .string("NO HEAT")]), .match), .init(.subcategory, .notIn, .array([.string("Leak")]), .match),
        .init(.subcategory, .eq, .null, .noMatch), .init(.subcategory, .neq, .null, .match),
        .init(.subcategory, .contains, .string("heat"), .invalid), .init(.subcategory, .in, .null, .invalid),
        // urgency (high)
        .init(.urgency, .eq, .string("high"), .match), .init(.urgency, .eq, .string("HIGH"), .match), .init(.urgency, .neq, .string("critical"), .match),
        .init(.urgency, .gt, .string("normal"), .match), .init(.urgency, .gt, .string("high"), .noMatch), .init(.urgency, .gte, .string("high"), .match),
        .init(.urgency, .gte, .string("critical"), .noMatch), .init(.urgency, .lt, .string("critical"), .match), .init(.urgency, .lt, .string("high"), .noMatch),
        .init(.urgency, .lte, .string("high"), .match), .init(.urgency, .lte, .string("low"), .noMatch),
        .init(.urgency, .in, .array([.string("high"), .string("critical")]), .match), .init(.urgency, .notIn, .array([.string("high")]), .noMatch),
        .init(.urgency, .eq, .string("severe"), .invalid), .init(.urgency, .gt, .number(2), .invalid), .init(.urgency, .contains, .string("hi"), .invalid),
        // sentiment (negative)
        .init(.sentiment, .eq, .string("negative"), .match), .init(.sentiment, .neq, .string("negative"), .noMatch),
        .init(.sentiment, .in, .array([.string("positive"), .string("neutral")]), .noMatch), .init(.sentiment, .notIn, .array([.string("positive")]), .match),
        .init(.sentiment, .eq, .string("angry"), .invalid), .init(.sentiment, .lt, .string("neutral"), .invalid),
        // confidence (0.92)
        .init(.confidence, .eq, .number(0.92), .match), .init(.confidence, .neq, .number(0.92), .noMatch), .init(.confidence, .gt, .number(0.9), .match),
        .init(.confidence, .gt, .number(0.92), .noMatch), .init(.confidence, .gte, .number(0.92), .match), .init(.confidence, .lt, .number(0.95), .match),
        .init(.confidence, .lt, .number(0.92), .noMatch), .init(.confidence, .lte, .number(0.92), .match), .init(.confidence, .lte, .number(0.5), .noMatch),
        .init(.confidence, .in, .array([.number(0.5), .number(0.92)]), .match), .init(.confidence, .notIn, .array([.number(0.92)]), .noMatch),
        .init(.confidence, .gt, .string("0.5"), .invalid), .init(.confidence, .contains, .string("9"), .invalid), .init(.confidence, .in, .number(0.92), .invalid),
        // sender_recent_count (24h: 3, 1h: 1)
        .init(.senderRecentCount, .gte, .number(3), hours: 24, .match), .init(.senderRecentCount, .gt, .number(3), hours: 24, .noMatch),
        .init(.senderRecentCount, .eq, .number(1), hours: 1, .match), .init(.senderRecentCount, .lt, .number(2), hours: 1, .match),
        .init(.senderRecentCount, .lte, .number(2), hours: 24, .noMatch), .init(.senderRecentCount, .neq, .number(3), hours: 24, .noMatch),
        .init(.senderRecentCount, .in, .array([.number(2), .number(3)]), hours: 24, .match), .init(.senderRecentCount, .notIn, .array([.number(3)]), hours: 24, .noMatch),
        .init(.senderRecentCount, .gte, .number(3), .invalid), .init(.senderRecentCount, .gte, .number(3), hours: 0, .invalid),
        .init(.senderRecentCount, .gte, .number(3), hours: -1, .invalid), .init(.senderRecentCount, .gte, .number(3), hours: 48, .invalid),
        // minutes_without_reply (45)
        .init(.minutesWithoutReply, .gt, .number(30), .match), .init(.minutesWithoutReply, .gte, .number(45), .match),
        .init(.minutesWithoutReply, .gt, .number(45), .noMatch), .init(.minutesWithoutReply, .lt, .number(60), .match),
        .init(.minutesWithoutReply, .lte, .number(44), .noMatch), .init(.minutesWithoutReply, .eq, .number(45), .match),
        .init(.minutesWithoutReply, .neq, .number(45), .noMatch), .init(.minutesWithoutReply, .in, .array([.number(15), .number(45)]), .match),
        .init(.minutesWithoutReply, .notIn, .array([.number(45)]), .noMatch), .init(.minutesWithoutReply, .gt, .bool(true), .invalid),
        // booleans
        .init(.afterHours, .eq, .bool(true), .match), .init(.afterHours, .neq, .bool(true), .noMatch), .init(.afterHours, .eq, .bool(false), .noMatch),
        .init(.senderIsManager, .eq, .bool(false), .match), .init(.senderIsManager, .neq, .bool(false), .noMatch),
        .init(.senderIsSupplier, .eq, .bool(false), .match), .init(.senderIsSupplier, .eq, .bool(true), .noMatch),
        .init(.escalationCue, .eq, .bool(false), .match), .init(.escalationCue, .neq, .bool(false), .noMatch), .init(.escalationCue, .eq, .number(1), .invalid),
        .init(.senderIsInternal, .neq, .bool(true), .match), .init(.senderIsInternal, .eq, .bool(true), .noMatch),
        .init(.afterHours, .eq, .string("true"), .invalid), .init(.afterHours, .in, .array([.bool(true)]), .invalid), .init(.senderIsManager, .gt, .bool(false), .invalid),
        // sender_email (Jane.Doe@Example.com)
        .init(.senderEmail, .eq, .string("jane.doe@example.com"), .match), .init(.senderEmail, .neq, .string("JANE.DOE@EXAMPLE.COM"), .noMatch),
        .init(.senderEmail, .in, .array([.string("a@b.c"), .string("Jane.Doe@example.com")]), .match), .init(.senderEmail, .notIn, .array([.string("a@b.c")]), .match),
        .init(.senderEmail, .contains, .string("@EXAMPLE."), .match), .init(.senderEmail, .contains, .string("gmail"), .noMatch),
        .init(.senderEmail, .containsAny, .array([.string("gmail"), .string("jane")]), .match), .init(.senderEmail, .containsAll, .array([.string("jane"), .string("doe")]), .match),
        .init(.senderEmail, .containsAll, .array([.string("jane"), .string("smith")]), .noMatch), .init(.senderEmail, .gt, .string("a"), .invalid),
        // sender_domain (example.com)
        .init(.senderDomain, .eq, .string("EXAMPLE.COM"), .match), .init(.senderDomain, .eq, .string("mail.example.com"), .noMatch),
        .init(.senderDomain, .in, .array([.string("example.com"), .string("other.com")]), .match), .init(.senderDomain, .notIn, .array([.string("example.com")]), .noMatch),
        .init(.senderDomain, .neq, .string("other.com"), .match), .init(.senderDomain, .contains, .string("example"), .match),
        // subject ("No heat since last night!")
        .init(.subject, .contains, .string("NO HEAT"), .match), .init(.subject, .contains, .array([.string("leak"), .string("no heat")]), .match),
        .init(.subject, .contains, .string("leak"), .noMatch), .init(.subject, .containsAny, .string("heat"), .match),
        .init(.subject, .containsAny, .array([.string("flood"), .string("leak")]), .noMatch), .init(.subject, .containsAll, .array([.string("no heat"), .string("night")]), .match),
        .init(.subject, .containsAll, .array([.string("no heat"), .string("leak")]), .noMatch), .init(.subject, .containsAll, .string("night"), .match),
        .init(.subject, .eq, .string("no heat since last night!"), .match), .init(.subject, .neq, .string("hello"), .match),
        .init(.subject, .in, .array([.string("hello"), .string("No heat since last night!")]), .match), .init(.subject, .notIn, .array([.string("hello")]), .match),
        .init(.subject, .contains, .string(""), .invalid), .init(.subject, .containsAny, .array([]), .invalid), .init(.subject, .containsAll, .array([.string("a"), .number(1)]), .invalid),
        .init(.subject, .contains, .number(5), .invalid), .init(.subject, .gte, .string("a"), .invalid), .init(.subject, .eq, .array([.string("a")]), .invalid),
        // body ("… There's a LEAK near the boiler …")
        .init(.body, .contains, .string("leak"), .match), .init(.body, .containsAny, .array([.string("flood"), .string("Boiler")]), .match),
        .init(.body, .containsAll, .array([.string("furnace"), .string("leak"), .string("boiler")]), .match), .init(.body, .containsAll, .array([.string("furnace"), .string("gas")]), .noMatch),
        .init(.body, .contains, .string("no heat"), .noMatch), .init(.body, .eq, .string("leak"), .noMatch), .init(.body, .lt, .number(3), .invalid),
    ]

    @Test(arguments: cases)
    func leaf(_ leafCase: LeafCase) {
        let leaf = RuleLeaf(fact: leafCase.fact, op: leafCase.op, value: leafCase.value, hours: leafCase.hours)
        let rules = [Kit.rule("leaf", .leaf(leaf)), Kit.rule("negated", .not(.leaf(leaf)))]
        let outcome = RuleEngine.evaluate(rules, facts: Kit.facts(), managers: [])
        let names = outcome.matches.map(\.ruleName)
        switch leafCase.expected {
        case .match:
            #expect(names == ["leaf"])
            #expect(outcome.problems.isEmpty)
            #expect(outcome.matches.first?.reasons.first?.hasPrefix(leaf.fact.rawValue) == true)
        case .noMatch:
            #expect(names == ["negated"])
            #expect(outcome.problems.isEmpty)
        case .invalid:
            #expect(names.isEmpty, "a bad leaf matches neither itself nor its negation")
            #expect(outcome.problems.count == 2)
            #expect(outcome.problems.allSatisfy { $0.contains(": conditions") })
        }
    }

    @Test func everyFactAndOperatorIsCovered() {
        let facts = Set(Self.cases.map(\.fact))
        #expect(facts == Set(RuleLeaf.Fact.allCases))
        let operators = Set(Self.cases.filter { $0.expected != .invalid }.map(\.op))
        #expect(operators == Set(RuleLeaf.Operator.allCases))
    }

    @Test func reasonsAreReadable() {
        let rules = [
            Kit.rule("r", .all([
                Kit.leaf(.category, .eq, .string("URGENT")),
                Kit.leaf(.senderRecentCount, .gte, .number(3), hours: 24),
                Kit.leaf(.body, .containsAny, .array([.string("flood"), .string("leak")])),
                Kit.leaf(.confidence, .gte, .number(0.8)),
                .not(Kit.leaf(.category, .eq, .string("SALES"))),
            ])),
        ]
        let outcome = RuleEngine.evaluate(rules, facts: Kit.facts(), managers: [])
        #expect(outcome.matches.first?.reasons == [
            "category eq URGENT",
            "sender_recent_count(24h) gte 3 (is 3)",
            "body contains_any [flood, leak] (found \"leak\")",
            "confidence gte 0.8 (is 0.92)",
            "not (category eq SALES)",
        ])
    }

    @Test func minutesWithoutReplyIsNeverNegative() {
        let facts = Kit.facts(minutesOld: -10)
        let outcome = RuleEngine.evaluate([Kit.rule("r", Kit.leaf(.minutesWithoutReply, .eq, .number(0)))], facts: facts, managers: [])
        #expect(outcome.matches.count == 1)
    }

    @Test func missingSubcategoryEqualsOnlyNull() {
        let facts = Kit.facts(classification: Kit.classification(subcategory: nil))
        let rules = [
            Kit.rule("eq null", Kit.leaf(.subcategory, .eq, .null)),
            Kit.rule("neq x", Kit.leaf(.subcategory, .neq, .string("x"))),
            Kit.rule("not_in", Kit.leaf(.subcategory, .notIn, .array([.string("x")]))),
            Kit.rule("eq x", Kit.leaf(.subcategory, .eq, .string("x"))),
            Kit.rule("in", Kit.leaf(.subcategory, .in, .array([.string("x")]))),
            Kit.rule("neq null", Kit.leaf(.subcategory, .neq, .null)),
        ]
        let outcome = RuleEngine.evaluate(rules, facts: facts, managers: [])
        #expect(Set(outcome.matches.map(\.ruleName)) == ["eq null", "neq x", "not_in"])
    }
}
