import Crypto
import Foundation

/// Message encryption for web push (RFC 8291) in the `aes128gcm` content coding (RFC 8188): one record, whose
/// header carries the salt, the record size and the application server's ephemeral public key.
public enum WebPushEncryption {
    /// The record size written in the header (RFC 8291 §4 recommends 4096).
    public static let recordSize = 4096
    /// The header: salt (16) || rs (4) || idlen (1) || keyid (the 65-byte ephemeral public key).
    public static let headerSize = 16 + 4 + 1 + 65
    /// Bytes the cipher adds to a record: the padding delimiter (1) and the AES-GCM tag (16).
    static let recordOverhead = 1 + 16
    /// The largest push message body a push service must accept (RFC 8030 §7.2, RFC 8291 §4).
    public static let maximumMessageSize = 4096
    /// The largest plaintext that fits in one message: 4096 - 86 (header) - 16 (tag) - 1 (delimiter) = 3993 bytes.
    public static let maximumPlaintextSize = maximumMessageSize - headerSize - recordOverhead

    /// Encrypts `plaintext` for `subscription`. `serverKey` and `salt` are fresh random values unless given (only the
    /// RFC's test vector and tests pass them): the ephemeral key must never be reused across messages.
    public static func encrypt(
        _ plaintext: Data, for subscription: WebPushSubscription,
        serverKey: P256.KeyAgreement.PrivateKey = P256.KeyAgreement.PrivateKey(), salt: Data? = nil
    ) throws(WebPushError) -> Data {
        guard plaintext.count <= maximumPlaintextSize else {
            throw .payloadTooLarge(size: plaintext.count, limit: maximumPlaintextSize)
        }
        let salt = salt ?? Data(SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) })
        guard salt.count == 16 else { throw .encryptionFailed("the salt must be 16 bytes") }
        let receiverKey: P256.KeyAgreement.PublicKey
        do {
            receiverKey = try P256.KeyAgreement.PublicKey(x963Representation: subscription.p256dh)
        } catch {
            throw .invalidSubscription("p256dh is not a point on P-256")
        }
        let serverPublic = serverKey.publicKey.x963Representation
        let (key, nonce) = try derive(
            privateKey: serverKey, peer: receiverKey, userAgentPublic: subscription.p256dh, serverPublic: serverPublic,
            auth: subscription.auth, salt: salt)
        // The single (therefore last) record: plaintext, delimiter 0x02, no further padding.
        var record = plaintext
        record.append(0x02)
        let sealed: AES.GCM.SealedBox
        do {
            sealed = try AES.GCM.seal(record, using: key, nonce: nonce)
        } catch {
            throw .encryptionFailed("AES-GCM refused the record")
        }
        var body = Data(capacity: headerSize + record.count + 16)
        body.append(salt)
        body.append(contentsOf: withUnsafeBytes(of: UInt32(recordSize).bigEndian) { Array($0) })
        body.append(UInt8(serverPublic.count))
        body.append(serverPublic)
        body.append(sealed.ciphertext)
        body.append(sealed.tag)
        return body
    }

    /// Decrypts an `aes128gcm` push message with the user agent's private key and authentication secret, as a browser
    /// does; nil when the message is not for these keys or is malformed. For tests and the local push tools.
    public static func decrypt(_ body: Data, receiverKey: P256.KeyAgreement.PrivateKey, auth: Data) -> Data? {
        let bytes = [UInt8](body)
        guard bytes.count > 21 else { return nil }
        let salt = Data(bytes[0..<16])
        let recordSize = Int(bytes[16]) << 24 | Int(bytes[17]) << 16 | Int(bytes[18]) << 8 | Int(bytes[19])
        let idLength = Int(bytes[20])
        guard bytes.count >= 21 + idLength + 17, recordSize >= 18 else { return nil }
        let keyId = Data(bytes[21..<(21 + idLength)])
        let ciphertext = bytes[(21 + idLength)...]
        // One record only (what FloWorx and browsers' push services send for ≤ 4 KB).
        guard ciphertext.count <= recordSize,
              let serverKey = try? P256.KeyAgreement.PublicKey(x963Representation: keyId),
              let (key, nonce) = try? derive(
                privateKey: receiverKey, peer: serverKey, userAgentPublic: receiverKey.publicKey.x963Representation,
                serverPublic: keyId, auth: auth, salt: salt),
              let box = try? AES.GCM.SealedBox(nonce: nonce, ciphertext: ciphertext.dropLast(16), tag: ciphertext.suffix(16)),
              var record = try? AES.GCM.open(box, using: key) else { return nil }
        // Strip the padding: zeros, then the delimiter 0x02 (last record).
        while record.last == 0 { record.removeLast() }
        guard record.last == 0x02 else { return nil }
        record.removeLast()
        return record
    }

    /// The content encryption key and nonce (RFC 8291 §3.3-3.4, RFC 8188 §2.2-2.3). `privateKey` is this side's
    /// private key and `peer` the other side's public key: the ECDH secret is the same either way.
    static func derive(
        privateKey: P256.KeyAgreement.PrivateKey, peer: P256.KeyAgreement.PublicKey, userAgentPublic: Data, serverPublic: Data,
        auth: Data, salt: Data
    ) throws(WebPushError) -> (SymmetricKey, AES.GCM.Nonce) {
        let shared: SharedSecret
        do {
            shared = try privateKey.sharedSecretFromKeyAgreement(with: peer)
        } catch {
            throw .encryptionFailed("ECDH key agreement failed")
        }
        let ecdhSecret = shared.withUnsafeBytes { SymmetricKey(data: $0) }
        // IKM = HKDF(salt = auth_secret, IKM = ecdh_secret, info = "WebPush: info" || 0x00 || ua_public || as_public, L = 32)
        var keyInfo = Data("WebPush: info".utf8)
        keyInfo.append(0)
        keyInfo.append(userAgentPublic)
        keyInfo.append(serverPublic)
        let ikm = HKDF<SHA256>.deriveKey(inputKeyMaterial: ecdhSecret, salt: auth, info: keyInfo, outputByteCount: 32)
        // CEK and NONCE from the message's salt (RFC 8188).
        let cek = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: ikm, salt: salt, info: Data("Content-Encoding: aes128gcm\0".utf8), outputByteCount: 16)
        let nonceKey = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: ikm, salt: salt, info: Data("Content-Encoding: nonce\0".utf8), outputByteCount: 12)
        // Record sequence number 0: the nonce is used as derived (XOR with 0).
        let nonceBytes = nonceKey.withUnsafeBytes { Data($0) }
        do {
            return (cek, try AES.GCM.Nonce(data: nonceBytes))
        } catch {
            throw .encryptionFailed("nonce")
        }
    }
}
