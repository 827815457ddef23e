import Foundation

/// RFC 4648 §5 base64url, as Gmail's `raw` fields and PKCE use it.
public enum Base64URL {
    /// Encodes without padding.
    public static func encode(_ data: some Sequence<UInt8>) -> String {
        var text = Data(data).base64EncodedString()
        text = text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    /// Decodes with or without padding; also accepts the standard alphabet (`+`, `/`), which some servers send.
    /// Nil when the text is not base64.
    public static func decode(_ text: String) -> Data? {
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while standard.hasSuffix("=") { standard.removeLast() }
        guard standard.count % 4 != 1 else { return nil }
        standard += String(repeating: "=", count: (4 - standard.count % 4) % 4)
        return Data(base64Encoded: standard)
    }
}
