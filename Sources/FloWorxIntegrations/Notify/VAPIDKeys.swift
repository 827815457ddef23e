import Crypto
import Foundation

/// The application server's VAPID key pair (RFC 8292): a P-256 signing key. The private key is configured as the
/// base64url of its raw 32-byte scalar (`FLOWORX_VAPID_PRIVATE_KEY`); the public key, an uncompressed point, is what
/// browsers pass to `pushManager.subscribe({applicationServerKey})`. `description` never shows the private key.
public struct VAPIDKeys: Sendable, CustomStringConvertible {
    /// The signing key.
    public let privateKey: P256.Signing.PrivateKey

    /// Wraps a key.
    public init(privateKey: P256.Signing.PrivateKey) {
        self.privateKey = privateKey
    }

    /// A key from the base64url of its raw 32-byte scalar.
    public init(base64URLPrivateKey text: String) throws(WebPushError) {
        guard let raw = Base64URL.decode(text.trimmingCharacters(in: .whitespacesAndNewlines)), raw.count == 32 else {
            throw .invalidVAPID("the private key must be the base64url of a 32-byte P-256 scalar (`floworx vapid-keys` makes one)")
        }
        do {
            privateKey = try P256.Signing.PrivateKey(rawRepresentation: raw)
        } catch {
            throw .invalidVAPID("the private key is not a valid P-256 scalar")
        }
    }

    /// A new random key pair.
    public static func generate() -> VAPIDKeys {
        VAPIDKeys(privateKey: P256.Signing.PrivateKey())
    }

    /// The public key as an uncompressed point (65 bytes).
    public var publicKey: Data { privateKey.publicKey.x963Representation }

    /// The public key, base64url without padding: the `k=` parameter and the browser's `applicationServerKey`.
    public var publicKeyBase64URL: String { Base64URL.encode(publicKey) }

    /// The private key's raw scalar, base64url: only for `floworx vapid-keys` to print once.
    public var privateKeyBase64URL: String { Base64URL.encode(privateKey.rawRepresentation) }

    /// Names the public key only.
    public var description: String { "VAPIDKeys(public: \(publicKeyBase64URL))" }
}
