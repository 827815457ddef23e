import Hummingbird
import HTTPTypes

/// The client address the auth API's rate limits key on and sessions record.
enum ClientAddress {
    /// The peer address of the connection, unless `header` names a header a proxy in front of FloWorx sets: then its
    /// last comma-separated entry, the one the nearest proxy wrote (entries before it come from the client and
    /// cannot be trusted). A header value that is not an IP address is ignored, so that a misconfigured proxy
    /// cannot hand the client an unbounded key space.
    static func of(_ request: Request, peer: String?, header: HTTPField.Name?) -> String {
        if let header, let value = request.headers[values: header].last,
           let entry = value.split(separator: ",").last, case let last = trimmed(entry), isAddress(last) {
            return last
        }
        return peer ?? "unknown"
    }

    /// Whether `text` looks like an IPv4 or IPv6 address (digits, hex letters, `.`, `:`; at most 45 characters).
    static func isAddress(_ text: some StringProtocol) -> Bool {
        !text.isEmpty && text.utf8.count <= 45 && text.allSatisfy { $0.isASCII && ($0.isHexDigit || $0 == "." || $0 == ":") }
    }

    private static func trimmed(_ text: Substring) -> String {
        var slice = text
        while slice.first == " " || slice.first == "\t" { slice = slice.dropFirst() }
        while slice.last == " " || slice.last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
