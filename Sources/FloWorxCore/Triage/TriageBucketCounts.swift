/// Occurrences per feature bucket, for the extractor's loop over an email's few thousand features: open addressing
/// on the bucket number with a multiplicative hash, where a `Dictionary<Int, Int>` pays a seeded SipHash per lookup.
/// Buckets are remembered in the order they were first counted.
struct TriageBucketCounts {
    /// Slot → bucket (−1: empty).
    private var slots: [Int32]
    /// Slot → index into `buckets` / `counts`.
    private var entries: [Int32]
    /// The buckets in first-counted order, and how often each was counted.
    private(set) var buckets: [Int] = []
    private(set) var counts: [Int] = []
    private var shift: UInt32

    /// Room for about `expected` distinct buckets before the table grows.
    init(expected: Int = 2048) {
        var log2 = 4
        while 1 << log2 < expected * 2 { log2 += 1 }
        slots = [Int32](repeating: -1, count: 1 << log2)
        entries = [Int32](repeating: 0, count: 1 << log2)
        shift = UInt32(32 - log2)
        buckets.reserveCapacity(expected)
        counts.reserveCapacity(expected)
    }

    /// The number of distinct buckets counted.
    var count: Int { buckets.count }

    /// Counts one occurrence of `bucket` (0 ≤ bucket < 2³¹); true when it is the bucket's first.
    @inline(__always)
    mutating func add(_ bucket: Int) -> Bool {
        let key = Int32(truncatingIfNeeded: bucket)
        let mask = slots.count - 1
        var i = Int((UInt32(bitPattern: key) &* 0x9E37_79B1) >> shift)
        while true {
            let occupant = slots[i]
            if occupant == key {
                counts[Int(entries[i])] += 1
                return false
            }
            if occupant < 0 {
                slots[i] = key
                entries[i] = Int32(buckets.count)
                buckets.append(bucket)
                counts.append(1)
                if buckets.count * 2 > slots.count { grow() }
                return true
            }
            i = (i + 1) & mask
        }
    }

    /// Doubles the table and places every bucket again.
    private mutating func grow() {
        let size = slots.count * 2
        slots = [Int32](repeating: -1, count: size)
        entries = [Int32](repeating: 0, count: size)
        shift -= 1
        let mask = size - 1
        for (index, bucket) in buckets.enumerated() {
            let key = Int32(truncatingIfNeeded: bucket)
            var i = Int((UInt32(bitPattern: key) &* 0x9E37_79B1) >> shift)
            while slots[i] >= 0 { i = (i + 1) & mask }
            slots[i] = key
            entries[i] = Int32(index)
        }
    }
}
