/// An open-addressing hash table from a phrase's first-word hash to the cues starting with that word,
/// longest phrase first, so matching is one probe per token and the longest phrase wins.
struct PhraseIndex: Sendable {
    private let keys: [UInt64]
    private let ranges: [Range<Int32>]
    private let cueIndices: [Int32]
    private let mask: Int

    init(entries: [(UInt64, Int)], lengths: [Int]) {
        var grouped: [UInt64: [Int]] = [:]
        for (hash, cue) in entries { grouped[hash, default: []].append(cue) }
        var capacity = 16
        while capacity < grouped.count * 3 { capacity <<= 1 }
        var keys = [UInt64](repeating: 0, count: capacity)
        var ranges = [Range<Int32>](repeating: 0..<0, count: capacity)
        var cueIndices: [Int32] = []
        for (hash, cues) in grouped {
            let sorted = cues.sorted { lengths[$0] > lengths[$1] }
            let start = Int32(cueIndices.count)
            cueIndices.append(contentsOf: sorted.map(Int32.init))
            var position = Int(truncatingIfNeeded: hash) & (capacity - 1)
            while !ranges[position].isEmpty { position = (position + 1) & (capacity - 1) }
            keys[position] = hash
            ranges[position] = start..<Int32(cueIndices.count)
        }
        self.keys = keys
        self.ranges = ranges
        self.cueIndices = cueIndices
        self.mask = capacity - 1
    }

    /// Calls `body` with each cue index starting with the word `hash`, longest first, until it returns true.
    @inline(__always)
    func forEachCandidate(_ hash: UInt64, _ body: (Int) -> Bool) {
        var position = Int(truncatingIfNeeded: hash) & mask
        while true {
            let range = ranges[position]
            if range.isEmpty { return }
            if keys[position] == hash {
                for i in range where body(Int(cueIndices[Int(i)])) { return }
                return
            }
            position = (position + 1) & mask
        }
    }
}
