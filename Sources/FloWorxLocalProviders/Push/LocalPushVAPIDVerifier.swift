import Crypto
import Foundation

/// Verifies the VAPID `Authorization` header of a push request (RFC 8292 §2-3) independently of FloWorx's signer:
/// `vapid t=<jwt>, k=<key>`, an ES256 JWT signed by `k`, whose audience is the push service's origin, that expires
/// in the future and at most 24 hours from now, with a `mailto:` or `https:` subject.
struct LocalPushVAPIDVerifier: Sendable {
    /// This service's origin, `http://127.0.0.1:<port>`.
    let origin: String

    /// What a verified header said.
    struct Verified: Sendable {
        var publicKey: String
        var subject: String
    }

    /// Why a header was refused (the message goes into the 401 body).
    struct Refusal: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }

    func verify(_ header: String?, now: Date = Date()) throws(Refusal) -> Verified {
        guard let header, header.lowercased().hasPrefix("vapid ") else {
            throw Refusal("missing Authorization: vapid t=..., k=...")
        }
        var parameters: [String: String] = [:]
        for part in header.dropFirst(6).split(separator: ",") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            parameters[pair[0].lowercased()] = String(pair[1]).trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        }
        guard let token = parameters["t"], let key = parameters["k"] else { throw Refusal("the vapid scheme needs t= and k=") }
        guard let keyData = Self.base64URL(key), keyData.count == 65,
              let publicKey = try? P256.Signing.PublicKey(x963Representation: keyData) else {
            throw Refusal("k is not an uncompressed P-256 public key")
        }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerData = Self.base64URL(String(parts[0])), let claimData = Self.base64URL(String(parts[1])),
              let signatureData = Self.base64URL(String(parts[2])),
              let jwtHeader = try? JSONSerialization.jsonObject(with: headerData) as? [String: Any],
              let claims = try? JSONSerialization.jsonObject(with: claimData) as? [String: Any] else {
            throw Refusal("t is not a JWT")
        }
        guard jwtHeader["alg"] as? String == "ES256" else { throw Refusal("the JWT must use ES256") }
        guard signatureData.count == 64, let signature = try? P256.Signing.ECDSASignature(rawRepresentation: signatureData),
              publicKey.isValidSignature(signature, for: Data("\(parts[0]).\(parts[1])".utf8)) else {
            throw Refusal("the JWT signature does not verify with k")
        }
        guard let audience = claims["aud"] as? String, audience == origin else {
            throw Refusal("aud must be this push service's origin \(origin)")
        }
        guard let expiry = (claims["exp"] as? NSNumber)?.doubleValue else { throw Refusal("exp is required") }
        guard expiry > now.timeIntervalSince1970 else { throw Refusal("the JWT has expired") }
        guard expiry <= now.timeIntervalSince1970 + 24 * 60 * 60 else { throw Refusal("exp is more than 24 hours away") }
        guard let subject = claims["sub"] as? String,
              subject.lowercased().hasPrefix("mailto:") || subject.lowercased().hasPrefix("https:") else {
            throw Refusal("sub must be a mailto: or https: URI")
        }
        return Verified(publicKey: key, subject: subject)
    }

    static func base64URL(_ text: String) -> Data? {
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while standard.hasSuffix("=") { standard.removeLast() }
        guard standard.count % 4 != 1 else { return nil }
        standard += String(repeating: "=", count: (4 - standard.count % 4) % 4)
        return Data(base64Encoded: standard)
    }
}
