/// The feature hashing of the triage model (Training/features.py `fnv1a32`, `bucket`).
public enum TriageHash {
    /// FNV-1a, 32 bit, over the UTF-8 bytes of `string` (offset basis 0x811C9DC5, prime 0x01000193).
    public static func fnv1a32(_ string: String) -> UInt32 {
        var hash: UInt32 = 0x811C_9DC5
        for byte in string.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        return hash
    }

    /// The bucket of a feature string: the low `bucketsLog2` bits of its FNV-1a hash.
    public static func bucket(_ feature: String, bucketsLog2: Int = 18) -> Int {
        Int(fnv1a32(feature) & ((1 << UInt32(bucketsLog2)) - 1))
    }
}
