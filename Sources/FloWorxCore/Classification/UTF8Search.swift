/// Substring search on bytes, the one used by the triage and pre-filter hot paths. With Foundation imported,
/// `String.contains(String)` and `range(of:options:)` go through `NSString` (a bridge and `CFStringFind` per call);
/// these callers search short ASCII needles, where a byte scan gives the same answer for a fraction of the cost.
enum ByteSearch {
    /// The offset of the first occurrence of `needle` in `haystack`, comparing ASCII letters without case when
    /// `foldASCIICase` (the needle is then given in lower case); an empty needle is found at 0.
    static func firstOffset(of needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, foldASCIICase: Bool = false) -> Int? {
        guard let first = needle.first else { return 0 }
        guard haystack.count >= needle.count else { return nil }
        @inline(__always) func fold(_ byte: UInt8) -> UInt8 { foldASCIICase && byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
        for start in 0...(haystack.count - needle.count) where fold(haystack[start]) == first {
            var k = 1
            while k < needle.count, fold(haystack[start + k]) == needle[k] { k += 1 }
            if k == needle.count { return start }
        }
        return nil
    }

    /// Whether `needle` occurs in `haystack`.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        haystack.withUnsafeBufferPointer { firstOffset(of: needle, in: $0) } != nil
    }
}

extension String.UTF8View {
    /// Whether `needle`'s bytes occur contiguously in these bytes.
    func containsBytes(_ needle: String.UTF8View) -> Bool {
        firstOffset(of: Array(needle), foldASCIICase: false) != nil
    }

    /// Where `needle` first occurs, comparing ASCII letters without case (other bytes exactly).
    func firstIndexOfASCIICaseInsensitive(_ needle: String) -> String.Index? {
        let folded = needle.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        return firstOffset(of: folded, foldASCIICase: true).map { index(startIndex, offsetBy: $0) }
    }

    private func firstOffset(of needle: [UInt8], foldASCIICase: Bool) -> Int? {
        // Native strings are contiguous UTF-8: scan the buffer, not the view's indices.
        let search = { (haystack: UnsafeBufferPointer<UInt8>) in ByteSearch.firstOffset(of: needle, in: haystack, foldASCIICase: foldASCIICase) }
        return withContiguousStorageIfAvailable(search) ?? Array(self).withUnsafeBufferPointer(search)
    }
}
