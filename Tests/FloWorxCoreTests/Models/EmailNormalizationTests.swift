import FloWorxCore
import Testing

/// `EmailAddress.normalized`: one spelling per address, whatever its composition and case.
@Suite struct EmailNormalizationTests {
    /// The code points of a string: Swift's `==` compares canonically equivalent strings as equal, the database
    /// compares bytes, so the checks compare scalars.
    private func scalars(_ text: String) -> [UInt32] { text.unicodeScalars.map(\.value) }

    @Test(arguments: [
        ("Owner@Example.COM", "owner@example.com"),
        ("\u{00C9}lodie@example.fr", "\u{00E9}lodie@example.fr"),           // É precomposed
        ("E\u{0301}lodie@example.fr", "\u{00E9}lodie@example.fr"),          // E + combining acute
        ("e\u{0301}lodie@example.fr", "\u{00E9}lodie@example.fr"),          // e + combining acute
        ("STRA\u{1E9E}E@example.de", "stra\u{00DF}e@example.de"),           // capital sharp s
        ("stra\u{00DF}e@example.de", "stra\u{00DF}e@example.de"),           // ß stays ß (no case folding to ss)
        ("\u{0130}stanbul@example.tr", "i\u{0307}stanbul@example.tr"),      // İ: full lowercase mapping
        ("\u{039F}\u{0394}\u{039F}\u{03A3}@example.gr", "\u{03BF}\u{03B4}\u{03BF}\u{03C3}@example.gr"),  // final Σ
        ("\u{03BF}\u{03B4}\u{03BF}\u{03C2}@example.gr", "\u{03BF}\u{03B4}\u{03BF}\u{03C3}@example.gr"),  // typed ς
        ("\u{FF21}\u{FF22}@example.com", "\u{FF41}\u{FF42}@example.com"),   // fullwidth stays fullwidth, lowered
    ])
    func normalizes(_ input: String, _ expected: String) {
        #expect(scalars(EmailAddress.normalized(input)) == scalars(expected))
    }

    @Test func isIdempotent() {
        for input in ["\u{00C9}LODIE@x.fr", "E\u{0301}@x", "\u{0130}@x", "\u{03A3}\u{03A3}@x"] {
            let once = EmailAddress.normalized(input)
            #expect(scalars(EmailAddress.normalized(once)) == scalars(once))
        }
    }
}
