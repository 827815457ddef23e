/// Lowercased text as UTF-8 bytes, for fast case-insensitive substring tests.
///
/// `String.contains` with Foundation imported goes through `NSString` and UTF-16, which is many
/// times slower than scanning bytes; rules and the composer test keywords on every email.
struct FoldedText {
    let bytes: [UInt8]

    init(_ text: some StringProtocol) {
        bytes = Array(text.lowercased().utf8)
    }

    /// Whether `needle` (already lowercased) occurs; the empty needle always does.
    func contains(_ needle: some StringProtocol) -> Bool {
        contains(bytes: Array(needle.utf8))
    }

    /// Whether the lowercased UTF-8 `needle` occurs.
    func contains(bytes needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        guard needle.count <= bytes.count else { return false }
        return bytes.withUnsafeBufferPointer { haystack in
            needle.withUnsafeBufferPointer { needle in
                let last = haystack.count - needle.count
                var index = 0
                while index <= last {
                    if haystack[index] == first {
                        var offset = 1
                        while offset < needle.count, haystack[index + offset] == needle[offset] { offset += 1 }
                        if offset == needle.count { return true }
                    }
                    index += 1
                }
                return false
            }
        }
    }
}
