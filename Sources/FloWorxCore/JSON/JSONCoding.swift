import Foundation

/// The encoder and decoder settings every FloWorx JSON document uses (ISO 8601 dates, sorted keys).
public enum JSONCoding {
    /// A decoder for FloWorx documents: ISO 8601 dates with or without fractional seconds.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            if let date = ISO8601.parse(text) { return date }
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "invalid ISO 8601 date: \(text)")
        }
        return decoder
    }

    /// An encoder for FloWorx documents: ISO 8601 dates, sorted keys, no escaped slashes.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISO8601.format(date))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

/// ISO 8601 timestamps as PostgreSQL and JavaScript write them.
public enum ISO8601 {
    /// Parses `2026-01-02T03:04:05Z`, with optional fractional seconds and a numeric offset.
    public static func parse(_ text: String) -> Date? {
        let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        if let date = try? withFraction.parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }

    /// Formats a date as `2026-01-02T03:04:05.678Z` (UTC, milliseconds).
    public static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
