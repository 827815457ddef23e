import Crypto
import FloWorxCore
import Foundation

/// HS256 JWTs made by hand, for tokens the server never issues: expired, forged, of unknown roles.
enum TestToken {
    /// `header.payload.signature` of `claims` (a JSON object), signed with `secret`.
    static func sign(_ claims: String, secret: String) -> String {
        let header = base64URL(Data(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
        let payload = base64URL(Data(claims.utf8))
        let input = "\(header).\(payload)"
        let signature = HMAC<SHA256>.authenticationCode(for: Data(input.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return "\(input).\(base64URL(Data(signature)))"
    }

    /// Whether `token` carries a valid HS256 signature made with `secret`.
    static func isSigned(_ token: String, secret: String) -> Bool {
        let parts = token.split(separator: ".")
        guard parts.count == 3 else { return false }
        let input = "\(parts[0]).\(parts[1])"
        let signature = HMAC<SHA256>.authenticationCode(for: Data(input.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return base64URL(Data(signature)) == parts[2]
    }

    /// The decoded header (`part` 0) or payload (`part` 1) of a JWT.
    static func decode(_ token: String, part: Int = 1) throws -> JSONValue {
        let segment = String(token.split(separator: ".")[part])
        var base64 = segment.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64.append("=") }
        return try JSONDecoder().decode(JSONValue.self, from: Data(base64Encoded: base64) ?? Data())
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
