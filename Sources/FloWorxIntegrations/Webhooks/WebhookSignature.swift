import Crypto
import Foundation

/// How FloWorx signs the webhooks of workflow `webhook` steps, so the receiver can check that FloWorx sent the body
/// and that it is recent (docs/workflows.md, "Webhook steps"):
///
///     X-FloWorx-Timestamp: 1733472000
///     X-FloWorx-Signature: v1=<lowercase hex HMAC-SHA256(secret, "1733472000." + raw body)>
///
/// The receiver recomputes the HMAC over the timestamp, a dot and the exact bytes it received, compares in constant
/// time, and refuses timestamps older than its tolerance (5 minutes is usual) to stop replays.
public enum WebhookSignature {
    public static let timestampHeader = "X-FloWorx-Timestamp"
    public static let signatureHeader = "X-FloWorx-Signature"

    /// The `X-FloWorx-Signature` value for `body` sent at `timestamp` (Unix seconds).
    public static func sign(body: Data, timestamp: Int, secret: String) -> String {
        var signed = Data("\(timestamp).".utf8)
        signed.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: Data(secret.utf8)))
        return "v1=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `signature` signs `body` at `timestamp` with `secret`, and `timestamp` is within `tolerance` of `now`.
    public static func isValid(
        _ signature: String?, body: Data, timestamp: String?, secret: String, now: Date = Date(), tolerance: TimeInterval = 300
    ) -> Bool {
        guard let signature, let timestamp, let seconds = Int(timestamp),
              abs(now.timeIntervalSince1970 - Double(seconds)) <= tolerance else { return false }
        let expected = Array(sign(body: body, timestamp: seconds, secret: secret).utf8)
        let given = Array(signature.utf8)
        guard expected.count == given.count else { return false }
        var difference: UInt8 = 0
        for index in expected.indices { difference |= expected[index] ^ given[index] }
        return difference == 0
    }
}
