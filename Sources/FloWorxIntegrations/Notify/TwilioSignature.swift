import Crypto
import Foundation

/// Twilio's webhook signature (`X-Twilio-Signature`): base64 of HMAC-SHA1, keyed with the account's Auth Token, over
/// the full URL Twilio called followed by every POST parameter, sorted by name, as name + value with no separators.
public enum TwilioSignature {
    /// The header name.
    public static let header = "X-Twilio-Signature"

    /// The signature of a form POST to `url` with `parameters`.
    public static func compute(url: String, parameters: [(name: String, value: String)], authToken: String) -> String {
        // Sorted by name, then value, as Twilio's helper libraries sort repeated names.
        let sorted = parameters.sorted { $0.name == $1.name ? $0.value < $1.value : $0.name < $1.name }
        var data = url
        for parameter in sorted { data += parameter.name + parameter.value }
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Data(data.utf8), using: SymmetricKey(data: Data(authToken.utf8)))
        return Data(mac).base64EncodedString()
    }

    /// Whether `signature` is the one for this request (compared in constant time).
    public static func isValid(_ signature: String?, url: String, parameters: [(name: String, value: String)], authToken: String) -> Bool {
        guard let signature, !signature.isEmpty else { return false }
        let expected = Array(compute(url: url, parameters: parameters, authToken: authToken).utf8)
        let given = Array(signature.utf8)
        guard expected.count == given.count else { return false }
        var difference: UInt8 = 0
        for index in expected.indices { difference |= expected[index] ^ given[index] }
        return difference == 0
    }

    /// Decodes an `application/x-www-form-urlencoded` body (`+` is a space); `nil` when it is not valid form data.
    public static func formParameters(_ body: Data) -> [(name: String, value: String)]? {
        guard let text = String(data: body, encoding: .utf8) else { return nil }
        if text.isEmpty { return [] }
        var result: [(name: String, value: String)] = []
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String? { part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding }
            guard let name = decode(parts[0]), !name.isEmpty, let value = parts.count > 1 ? decode(parts[1]) : "" else { return nil }
            result.append((name, value))
        }
        return result
    }
}
