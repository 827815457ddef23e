/// Parse failure with a stable code and a human message.
public struct MIMEError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable snake_case code, e.g. `mime_no_header_separator`; API clients and logs key on it.
    public var code: String
    /// What went wrong, for a person.
    public var message: String

    /// Creates an error with the given code and message.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }

    /// The input holds no bytes, or only whitespace.
    public static let empty = MIMEError(code: "mime_empty", message: "the message is empty")

    /// The message has no From address.
    public static let noFrom = MIMEError(code: "mime_no_from", message: "the message has no From address")

    /// The input is larger than the parser accepts.
    public static func tooLarge(size: Int, limit: Int) -> MIMEError {
        MIMEError(code: "mime_too_large", message: "the message is \(size) bytes, more than the limit of \(limit) bytes")
    }

    /// Multiparts are nested deeper than the parser accepts.
    public static func tooDeep(limit: Int) -> MIMEError {
        MIMEError(code: "mime_too_deep", message: "multipart nesting is deeper than \(limit) levels")
    }

    /// The message has more parts than the parser accepts.
    public static func tooManyParts(limit: Int) -> MIMEError {
        MIMEError(code: "mime_too_many_parts", message: "the message has more than \(limit) MIME parts")
    }

    /// A header section is larger than the parser accepts.
    public static func headerTooLong(limit: Int) -> MIMEError {
        MIMEError(code: "mime_header_too_long", message: "a header section is longer than \(limit) bytes")
    }

    /// The message does not start with a header field.
    public static func badHeader(line: Int) -> MIMEError {
        MIMEError(code: "mime_bad_header", message: "line \(line) is not a header field; the input does not look like an email message")
    }

    /// A line that is not a header field follows the headers without the empty line that must separate them.
    public static func noHeaderSeparator(line: Int) -> MIMEError {
        MIMEError(code: "mime_no_header_separator", message: "line \(line) is neither a header field nor the empty line that ends the headers")
    }
}
