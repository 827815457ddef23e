import Crypto
import Foundation

/// Proof Key for Code Exchange (RFC 7636) with the S256 method: a random verifier kept by FloWorx until the callback,
/// and its challenge, sent in the authorization URL. The description never shows the verifier.
public struct PKCE: Sendable, Hashable, CustomStringConvertible {
    /// The only method FloWorx uses (`plain` offers no protection against an intercepted code).
    public static let method = "S256"

    /// 43-128 characters of `[A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~"` (RFC 7636 §4.1).
    public let verifier: String

    /// A new verifier: 32 random bytes from the system's CSPRNG, base64url (43 characters), as RFC 7636 §4.1
    /// recommends.
    public init() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        self.verifier = Base64URL.encode(bytes)
    }

    /// A verifier kept from an earlier step (the one stored with the `state`). Nil when it is not a valid verifier.
    public init?(verifier: String) {
        guard Self.isValidVerifier(verifier) else { return nil }
        self.verifier = verifier
    }

    /// `BASE64URL(SHA256(ASCII(verifier)))` without padding (RFC 7636 §4.2).
    public var challenge: String { Self.challenge(for: verifier) }

    public static func challenge(for verifier: String) -> String {
        Base64URL.encode(SHA256.hash(data: Data(verifier.utf8)))
    }

    public static func isValidVerifier(_ text: String) -> Bool {
        (43...128).contains(text.utf8.count) && text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"): true
            default: false
            }
        }
    }

    public var description: String { "PKCE(verifier: [redacted], challenge: \(challenge))" }
}
