import Crypto
import Foundation

/// AES-256-GCM encryption of OAuth credentials at rest, with a key id in every envelope so keys can rotate.
///
/// Keys come from `FLOWORX_ENCRYPTION_KEY`: `kid:base64key[,kid:base64key…]`, the first being the one that
/// encrypts; the others only decrypt until `floworx keys rotate` has re-encrypted everything. A bare base64 key
/// gets a key id derived from its hash. The row id is bound as additional authenticated data, so an envelope
/// copied to another row does not decrypt.
public struct CredentialCipher: Sendable {
    /// One key.
    public struct Key: Sendable {
        public var id: String
        let key: SymmetricKey
    }

    /// The key that encrypts.
    public let current: Key
    /// Every key, by id.
    let keys: [String: Key]

    /// The envelope stored in `integrations.credentials`.
    public struct Envelope: Codable, Sendable, Hashable {
        public var v: Int
        public var alg: String
        public var kid: String
        public var iv: String
        public var ct: String
        public var tag: String
    }

    /// Parses the keyring; every key must be 32 bytes of base64.
    public init(keyring text: String) throws {
        var parsed: [Key] = []
        for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
            let (id, encoded) = parts.count == 2 ? (parts[0], parts[1]) : ("", parts[0])
            guard let bytes = Data(base64Encoded: encoded), bytes.count == 32 else {
                throw StoreError(.crypto, "FLOWORX_ENCRYPTION_KEY: each key must be 32 bytes in base64 (openssl rand -base64 32), optionally prefixed by an id and a colon")
            }
            let keyId = id.isEmpty ? SHA256.hash(data: bytes).prefix(4).map { String(format: "%02x", $0) }.joined() : id
            guard keyId.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw StoreError(.crypto, "FLOWORX_ENCRYPTION_KEY: key id \(keyId) may use letters, digits, - and _ only")
            }
            parsed.append(Key(id: keyId, key: SymmetricKey(data: bytes)))
        }
        guard let first = parsed.first else { throw StoreError(.crypto, "FLOWORX_ENCRYPTION_KEY is empty") }
        current = first
        keys = Dictionary(parsed.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Encrypts `plaintext` for the row `rowId` with the current key.
    public func seal(_ plaintext: Data, rowId: UUID) throws -> Envelope {
        let box = try AES.GCM.seal(plaintext, using: current.key, authenticating: Data(rowId.uuidString.lowercased().utf8))
        return Envelope(
            v: 1, alg: "A256GCM", kid: current.id,
            iv: Data(box.nonce).base64EncodedString(), ct: box.ciphertext.base64EncodedString(), tag: box.tag.base64EncodedString()
        )
    }

    /// Decrypts an envelope of the row `rowId`.
    public func open(_ envelope: Envelope, rowId: UUID) throws -> Data {
        guard envelope.v == 1, envelope.alg == "A256GCM" else { throw StoreError(.crypto, "unsupported credentials envelope v\(envelope.v) \(envelope.alg)") }
        guard let key = keys[envelope.kid] else {
            throw StoreError(.crypto, "credentials were encrypted with key \(envelope.kid), which FLOWORX_ENCRYPTION_KEY does not hold")
        }
        guard let iv = Data(base64Encoded: envelope.iv), let ct = Data(base64Encoded: envelope.ct), let tag = Data(base64Encoded: envelope.tag) else {
            throw StoreError(.crypto, "credentials envelope is not valid base64")
        }
        do {
            let box = try AES.GCM.SealedBox(nonce: AES.GCM.Nonce(data: iv), ciphertext: ct, tag: tag)
            return try AES.GCM.open(box, using: key.key, authenticating: Data(rowId.uuidString.lowercased().utf8))
        } catch {
            throw StoreError(.crypto, "credentials failed authentication: wrong key or tampered data")
        }
    }
}
