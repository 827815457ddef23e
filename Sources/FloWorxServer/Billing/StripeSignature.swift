import Crypto
import Foundation

/// Verifies a `Stripe-Signature` header as Stripe specifies it (docs.stripe.com/webhooks#verify-manually):
/// `t=<unix seconds>,v1=<hex>[,v1=<hex>…]`, other schemes (`v0`, unknown) ignored; each `v1` is the hex
/// HMAC-SHA256 of `"{t}.{raw body}"` keyed with the endpoint's signing secret. A header passes when any `v1` matches
/// under any configured secret (rotation: old and new secret both configured) and `t` is within `tolerance` of now
/// (in both directions: a future stamp is as suspicious as an old one).
public struct StripeSignature: Sendable {
    /// Why a header was refused: the stable error code of the 400.
    public enum Failure: String, Error, Sendable {
        case missing = "missing_stripe_signature"
        case malformed = "malformed_stripe_signature"
        case noV1 = "no_v1_signature"
        case outsideTolerance = "stripe_signature_timestamp_out_of_tolerance"
        case mismatch = "invalid_stripe_signature"
    }

    /// The header's name.
    public static let header = "Stripe-Signature"
    /// Headers longer than this are refused unparsed.
    static let maximumHeaderLength = 8 * 1024

    /// The endpoint signing secrets (`whsec_…`), any of which may have signed.
    public var secrets: [String]
    /// How far `t` may be from now, in seconds (Stripe's libraries: 300).
    public var tolerance: Int

    public init(secrets: [String], tolerance: Int = 300) {
        self.secrets = secrets
        self.tolerance = tolerance
    }

    /// Checks `header` for `payload` (the raw body, byte for byte) at `now`; returns the signed timestamp.
    public func verify(header: String?, payload: some DataProtocol, now: Date = Date()) -> Result<Int64, Failure> {
        guard let header, !header.isEmpty else { return .failure(.missing) }
        guard header.utf8.count <= Self.maximumHeaderLength else { return .failure(.malformed) }
        var timestamp: Substring?
        var signatures: [[UInt8]] = []
        for item in header.split(separator: ",", omittingEmptySubsequences: false) {
            let pair = item.trimmingCharacters(in: .whitespaces)
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else { return .failure(.malformed) }
            let key = pair[..<equals]
            let value = pair[pair.index(after: equals)...]
            switch key {
            case "t":
                guard timestamp == nil, !value.isEmpty, value.count <= 12, value.allSatisfy({ $0.isASCII && $0.isNumber }) else { return .failure(.malformed) }
                timestamp = Substring(value)
            case "v1":
                // A v1 that is not 64 hex digits can match nothing; it is skipped like another scheme's value.
                if let bytes = Self.hexBytes(value), bytes.count == SHA256.byteCount { signatures.append(bytes) }
            default:
                continue  // v0 and schemes Stripe may add later
            }
        }
        guard let timestamp, let seconds = Int64(timestamp) else { return .failure(.malformed) }
        guard !signatures.isEmpty else { return .failure(.noV1) }
        guard abs(now.timeIntervalSince1970 - Double(seconds)) <= Double(tolerance) else { return .failure(.outsideTolerance) }
        var signed = Data(timestamp.utf8)
        signed.append(UInt8(ascii: "."))
        signed.append(contentsOf: payload)
        for secret in secrets where !secret.isEmpty {
            let key = SymmetricKey(data: Data(secret.utf8))
            for signature in signatures where HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: signed, using: key) {
                // isValidAuthenticationCode compares in constant time.
                return .success(seconds)
            }
        }
        return .failure(.mismatch)
    }

    /// The `Stripe-Signature` header for `payload` at `timestamp` under `secret` (for tests and local tools).
    public static func header(payload: some DataProtocol, secret: String, timestamp: Int64) -> String {
        "t=\(timestamp),v1=\(signature(payload: payload, secret: secret, timestamp: timestamp))"
    }

    /// The hex `v1` signature of `payload` at `timestamp` under `secret`.
    public static func signature(payload: some DataProtocol, secret: String, timestamp: Int64) -> String {
        var signed = Data("\(timestamp).".utf8)
        signed.append(contentsOf: payload)
        let code = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: Data(secret.utf8)))
        return code.map { String(format: "%02x", $0) }.joined()
    }

    /// The bytes of lower- or upper-case hex `text`, or nil.
    static func hexBytes(_ text: Substring) -> [UInt8]? {
        guard text.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count / 2)
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
