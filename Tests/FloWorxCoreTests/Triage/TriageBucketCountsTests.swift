import Testing

@testable import FloWorxCore

/// The extractor's bucket counter must count exactly as a dictionary does, in first-seen order, across growth.
@Suite("Triage bucket counts")
struct TriageBucketCountsTests {
    @Test("counts, first sightings and order match a dictionary, also after the table grows", arguments: [1, 16, 5_000])
    func matchesADictionary(expected: Int) {
        var counts = TriageBucketCounts(expected: expected)
        var reference: [Int: Int] = [:]
        var order: [Int] = []
        var generator = SystemRandomNumberGenerator()
        var wrongFirsts = 0
        for _ in 0..<20_000 {
            // Buckets of an 18-bit space, many repeated, some colliding in the table's low bits.
            let bucket = Bool.random(using: &generator) ? Int.random(in: 0..<300, using: &generator) * 1024 : Int.random(in: 0..<(1 << 18), using: &generator)
            let first = counts.add(bucket)
            if first != (reference[bucket] == nil) { wrongFirsts += 1 }
            if first { order.append(bucket) }
            reference[bucket, default: 0] += 1
        }
        #expect(wrongFirsts == 0)
        #expect(counts.buckets == order)
        #expect(counts.count == reference.count)
        #expect(zip(counts.buckets, counts.counts).allSatisfy { reference[$0.0] == $0.1 })
    }
}
