import Testing
import FloWorxCore

@Suite struct ClassifierRobustnessTests {
    typealias S = ClassificationSamples

    static let awkward: [String] = [
        "", " ", "\n\n\n", "#", "$", "%", "order", "order #", "PO", "P.O.", "INV-", "invoice #", "+", "(", "+1 (", "780-555-", "my name is",
        "Name:", "Name: \n", "Thanks,", "Thanks,\n", "★★★★★★★★★★", "🎉🎉🎉 no heat 🎉", "don't", "'''", "’’’", "\u{2019}s", "é", "É",
        "12345 Main", "12345 Main St", "> quoted only", "On Mon wrote:", "-----Original Message-----",
        String(repeating: "a", count: 20_000), String(repeating: "no heat. ", count: 3_000), String(repeating: "1", count: 5_000),
        String(decoding: [0xC3, 0x28, 0xE2, 0x80, 0xFF, 0xF0, 0x9F], as: UTF8.self),
    ]

    @Test(arguments: awkward)
    func awkwardTextNeverBreaksTheClassifier(text: String) {
        let asBody = S.classify(subject: "Hello", body: text)
        let asSubject = S.classify(subject: text, body: text, name: text)
        for result in [asBody, asSubject] {
            #expect((0...1).contains(result.confidence))
            #expect(Category.common.contains(result.category) || Industry.hvac.extras.contains(result.category))
        }
    }

    @Test func pseudoRandomBytesNeverBreakTheClassifier() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt8 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        let alphabet = Array("abc XYZ 0123456789 #$%:,.-'\n@()".utf8) + [0xC3, 0xA9, 0xE2, 0x80, 0x99, 0x98, 0x85]
        for _ in 0..<200 {
            let bytes = (0..<Int(next()) * 4).map { _ in alphabet[Int(next()) % alphabet.count] }
            let text = String(decoding: bytes, as: UTF8.self)
            let result = S.classify(subject: String(text.prefix(80)), body: text)
            #expect((0...1).contains(result.confidence))
        }
    }

    @Test func theSameMessageAlwaysGetsTheSameResult() {
        let message = S.message(subject: "No heat", body: "Furnace stopped, call 780-555-0142. Thanks,\nJo Ann")
        let first = S.classify(message)
        for _ in 0..<5 { #expect(S.classify(message) == first) }
    }
}
