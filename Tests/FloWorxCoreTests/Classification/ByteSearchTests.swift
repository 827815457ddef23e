import Foundation
import Testing

@testable import FloWorxCore

/// The byte search behind the triage and pre-filter hot paths answers as `String`'s own search.
@Suite("Byte search")
struct ByteSearchTests {
    @Test("finds what String.contains finds, at the same place", arguments: [
        ("no-reply@x.com", "reply"), ("abc", "abcd"), ("", "a"), ("aaab", "aab"), ("Jane VIA Jobber", " via "), ("été", "té"), ("x", ""),
    ])
    func matchesString(_ haystack: String, _ needle: String) {
        #expect(haystack.utf8.containsBytes(needle.utf8) == (needle.isEmpty || haystack.contains(needle)))
        guard !needle.isEmpty else { return }
        let folded = haystack.utf8.firstIndexOfASCIICaseInsensitive(needle)
        let expected = haystack.lowercased().range(of: needle.lowercased())?.lowerBound
        #expect(folded.map { haystack.utf8.distance(from: haystack.startIndex, to: $0) } == expected.map { haystack.lowercased().utf8.distance(from: haystack.lowercased().startIndex, to: $0) })
        #expect(ByteSearch.contains(Array(haystack.utf8), Array(needle.utf8)) == (needle.isEmpty || haystack.contains(needle)))
    }
}
