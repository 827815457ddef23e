/// Substring search on UTF-8 bytes. With Foundation imported, `String.contains(String)` and `range(of:options:)`
/// go through `NSString` (a bridge and `CFStringFind` per call); the triage hot path searches short ASCII needles,
/// where a byte scan gives the same answer for a fraction of the cost.
extension String.UTF8View {
    /// Whether `needle`'s bytes occur contiguously in these bytes.
    func containsBytes(_ needle: String.UTF8View) -> Bool {
        firstIndexOfBytes(needle, foldASCIICase: false) != nil
    }

    /// Where `needle` first occurs, comparing ASCII letters without case (other bytes exactly).
    func firstIndexOfASCIICaseInsensitive(_ needle: String) -> String.Index? {
        firstIndexOfBytes(needle.utf8, foldASCIICase: true)
    }

    private func firstIndexOfBytes(_ needle: String.UTF8View, foldASCIICase: Bool) -> String.Index? {
        func fold(_ byte: UInt8) -> UInt8 { foldASCIICase && byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
        let pattern = needle.map(fold)
        guard !pattern.isEmpty else { return startIndex }
        // Native strings are contiguous UTF-8: scan the buffer, not the view's indices.
        func offset(in haystack: UnsafeBufferPointer<UInt8>) -> Int? {
            guard haystack.count >= pattern.count else { return nil }
            for start in 0...(haystack.count - pattern.count) where fold(haystack[start]) == pattern[0] {
                var k = 1
                while k < pattern.count, fold(haystack[start + k]) == pattern[k] { k += 1 }
                if k == pattern.count { return start }
            }
            return nil
        }
        let found = withContiguousStorageIfAvailable(offset) ?? Array(self).withUnsafeBufferPointer(offset)
        return found.map { index(startIndex, offsetBy: $0) }
    }
}
