import Foundation

/// JSON and date helpers in the shapes Microsoft Graph uses.
enum GraphJSON {
    /// Serialises a JSON object (slashes unescaped, as Graph writes them).
    static func encode(_ object: Any) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes])) ?? Data("{}".utf8)
    }

    /// Parses a request body as a JSON object; `nil` when it is not one.
    static func object(_ data: Data) -> [String: Any]? {
        guard !data.isEmpty else { return [:] }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    /// An action parameter: Graph matches action parameter names case-insensitively (Microsoft's SDKs send
    /// `DestinationId`, `Comment`, `Message`; the documentation writes `destinationId`, `comment`, `message`).
    static func parameter(_ body: [String: Any], _ name: String) -> Any? {
        body[name] ?? body.first { $0.key.lowercased() == name.lowercased() }?.value
    }

    /// `2024-01-31T10:00:00Z`: messages' date-times.
    static func seconds(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// `2024-01-31T10:00:00.123Z`: subscriptions' date-times (Graph writes fractional seconds there).
    static func fractional(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// Parses an ISO 8601 date-time with any number of fractional digits and `Z` or an offset; `nil` when invalid.
    static func date(_ text: String) -> Date? {
        var whole = text
        var fraction = 0.0
        if let tIndex = text.firstIndex(of: "T"), let dot = text[tIndex...].firstIndex(of: ".") {
            var end = text.index(after: dot)
            while end < text.endIndex, text[end].isNumber { end = text.index(after: end) }
            fraction = Double("0" + text[dot..<end]) ?? 0
            whole = String(text[..<dot] + text[end...])
        }
        if !whole.hasSuffix("Z"), !whole.dropFirst(10).contains("+"), !whole.dropFirst(10).contains("-") { whole += "Z" }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: whole).map { $0.addingTimeInterval(fraction) }
    }

    /// Graph's `emailAddress` wrapper: `{"emailAddress":{"name","address"}}`.
    static func recipient(_ address: GraphAddress) -> [String: Any] {
        ["emailAddress": ["name": address.name, "address": address.address]]
    }

    /// Reads a recipient list from a request body; `nil` when malformed.
    static func recipients(_ value: Any?) -> [GraphAddress]? {
        guard let list = value as? [[String: Any]] else { return nil }
        var result: [GraphAddress] = []
        for item in list {
            guard let email = item["emailAddress"] as? [String: Any], let address = email["address"] as? String else { return nil }
            result.append(GraphAddress(name: email["name"] as? String ?? address, address: address))
        }
        return result
    }
}

/// A mailbox address with its display name.
public struct GraphAddress: Sendable, Equatable {
    /// The display name.
    public var name: String
    /// The email address.
    public var address: String

    /// Creates an address.
    public init(name: String, address: String) {
        self.name = name
        self.address = address
    }
}
