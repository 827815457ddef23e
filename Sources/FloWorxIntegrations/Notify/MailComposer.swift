import FloWorxCore
import Foundation

/// Turns an `OutgoingMail` into RFC 5322 bytes (RFC 2045–2047 MIME): From, To, Cc, Reply-To, Subject, Date,
/// Message-ID, `MIME-Version`, and on everything FloWorx sends `Auto-Submitted: auto-generated` (RFC 3834) and
/// `X-Auto-Response-Suppress: All`, so auto-responders (and FloWorx itself) do not answer it.
///
/// The body is `text/plain`, or `multipart/alternative` with the HTML, in quoted-printable UTF-8; attachments make
/// it `multipart/mixed` (files in base64, an attached message as `message/rfc822` in 7bit or 8bit). Every line ends
/// in CRLF and stays within 998 octets. Non-ASCII subjects and display names are RFC 2047 encoded words.
///
/// Header injection is impossible: a CR or LF in the subject, a display name or an extra header's value is refused
/// (so is any other control character), addresses must match their grammar, and extra headers cannot replace the
/// ones the composer writes.
public struct MailComposer: Sendable {
    public init() {}

    /// The headers only the composer writes; an extra header with one of these names is refused.
    static let reservedHeaders: Set<String> = [
        "from", "to", "cc", "bcc", "reply-to", "subject", "date", "message-id", "mime-version", "auto-submitted",
        "x-auto-response-suppress", "content-type", "content-transfer-encoding", "content-disposition", "sender", "return-path",
    ]

    /// The message's bytes. `defaultFrom` is used when the mail names no sender.
    public func compose(_ mail: OutgoingMail, defaultFrom: EmailAddress? = nil) throws(MailCompositionError) -> [UInt8] {
        guard let from = mail.from ?? defaultFrom else { throw MailCompositionError("no sender") }
        guard !mail.envelopeRecipients.isEmpty else { throw MailCompositionError("no recipient") }
        guard let messageId = MIMEReplyBuilder.messageId(mail.messageId) else {
            throw MailCompositionError("the Message-ID is not left@right of visible ASCII")
        }
        var header: [String] = []
        header.append("From: " + (try Self.mailbox(from)))
        header.append("To: " + (mail.to.isEmpty ? "undisclosed-recipients:;" : try Self.addressList(mail.to)))
        if !mail.cc.isEmpty { header.append("Cc: " + (try Self.addressList(mail.cc))) }
        if !mail.replyTo.isEmpty { header.append("Reply-To: " + (try Self.addressList(mail.replyTo))) }
        try Self.checkSingleLine(mail.subject, what: "the subject")
        header.append(try Self.field("Subject", mail.subject))
        header.append("Date: " + MIMEReplyBuilder.rfc5322Date(mail.date))
        header.append("Message-ID: <\(messageId)>")
        header.append("MIME-Version: 1.0")
        header.append("Auto-Submitted: auto-generated")
        header.append("X-Auto-Response-Suppress: All")
        for extra in mail.headers {
            guard Self.isFieldName(extra.name) else { throw MailCompositionError("\"\(extra.name.prefix(60))\" is not a header field name") }
            guard !Self.reservedHeaders.contains(extra.name.lowercased()) else {
                throw MailCompositionError("the header \(extra.name) is written by the composer and cannot be given")
            }
            try Self.checkSingleLine(extra.value, what: "the header \(extra.name)")
            header.append(try Self.field(extra.name, extra.value))
        }
        let boundaries = Boundaries(avoiding: mail.attachments.map(\.data))
        var body = Self.alternative(text: mail.text, html: mail.html, boundary: boundaries.alternative)
        if !mail.attachments.isEmpty {
            var parts = [body]
            for attachment in mail.attachments { parts.append(try Self.attachment(attachment)) }
            body = Self.multipart("mixed", parts: parts, boundary: boundaries.mixed)
        }
        // The message ends with a line end, as it will on the wire.
        return Array((header.joined(separator: "\r\n") + "\r\n").utf8) + body + [13, 10]
    }

    // MARK: Entities

    /// The text part, or `multipart/alternative` of text and HTML (the preferred last, RFC 2046 §5.1.4).
    static func alternative(text: String, html: String?, boundary: String) -> [UInt8] {
        let plain = textPart(text, subtype: "plain")
        guard let html else { return plain }
        return multipart("alternative", parts: [plain, textPart(html, subtype: "html")], boundary: boundary)
    }

    /// Headers, blank line, content: a `text/*` entity in quoted-printable UTF-8 (lines ≤ 76).
    static func textPart(_ text: String, subtype: String) -> [UInt8] {
        Array((
            "Content-Type: text/\(subtype); charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + MIMEReplyBuilder.quotedPrintable(text)
        ).utf8)
    }

    /// A multipart entity of the given entities (each its own headers, blank line and content, without a final line
    /// end: the CRLF before a delimiter belongs to the delimiter, RFC 2046 §5.1.1, so a part's content keeps its own
    /// last line end, e.g. an attached message's).
    static func multipart(_ subtype: String, parts: [[UInt8]], boundary: String) -> [UInt8] {
        var out = Array("Content-Type: multipart/\(subtype); boundary=\"\(boundary)\"\r\n\r\n".utf8)
        for part in parts {
            out += Array("\r\n--\(boundary)\r\n".utf8)
            out += part
        }
        out += Array("\r\n--\(boundary)--".utf8)
        return out
    }

    /// A file in base64, or a message as `message/rfc822` (7bit or 8bit as RFC 2046 §5.2.1 asks; a message with a
    /// line over 998 octets or a NUL cannot travel so and goes in base64, which mail clients still open).
    static func attachment(_ attachment: MailAttachment) throws(MailCompositionError) -> [UInt8] {
        let type = attachment.contentType.lowercased()
        let token = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyz"
        let parts = type.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { token.contains($0) } }) else {
            throw MailCompositionError("\"\(attachment.contentType.prefix(60))\" is not a content type")
        }
        var disposition = "attachment"
        var typeLine = "Content-Type: \(type)"
        if let name = attachment.filename.map(Self.cleanFilename), !name.isEmpty {
            if name.unicodeScalars.allSatisfy({ $0.isASCII }) {
                typeLine += "; name=\"\(name)\""
                disposition += "; filename=\"\(name)\""
            } else {
                // RFC 2231: filename*=UTF-8''percent-encoded.
                let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "attachment"
                disposition += ";\r\n filename*=UTF-8''\(encoded)"
            }
        }
        if attachment.isMessage {
            let normalized = Self.crlf(attachment.data)
            let fits = !normalized.contains(0) && Self.longestLine(normalized) <= 998
            if fits {
                let encoding = normalized.contains { $0 >= 0x80 } ? "8bit" : "7bit"
                return Array("\(typeLine)\r\nContent-Disposition: \(disposition)\r\nContent-Transfer-Encoding: \(encoding)\r\n\r\n".utf8)
                    + normalized
            }
        }
        return Array("\(typeLine)\r\nContent-Disposition: \(disposition)\r\nContent-Transfer-Encoding: base64\r\n\r\n".utf8)
            + Array(Data(attachment.data).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed]).utf8)
    }

    // MARK: Headers

    /// `"Name" <address>`, `=?UTF-8?B?…?= <address>` or `address`.
    static func mailbox(_ address: EmailAddress) throws(MailCompositionError) -> String {
        if let name = address.name { try checkSingleLine(name, what: "a display name") }
        do {
            return try MIMEReplyBuilder.mailbox(address)
        } catch {
            throw MailCompositionError("not a usable address: \"\(address.email.prefix(100))\"")
        }
    }

    /// Addresses separated by a comma and a fold, so a long list keeps its lines short.
    static func addressList(_ addresses: [EmailAddress]) throws(MailCompositionError) -> String {
        var written: [String] = []
        for address in addresses { written.append(try mailbox(address)) }
        return written.joined(separator: ",\r\n ")
    }

    /// `Name: value`, folded at spaces; non-ASCII text as encoded words.
    static func field(_ name: String, _ value: String) throws(MailCompositionError) -> String {
        let line = value.unicodeScalars.allSatisfy({ $0.isASCII })
            ? MIMEReplyBuilder.fold(name + ": ", value)
            : name + ": " + MIMEReplyBuilder.encodedWords(value).joined(separator: "\r\n ")
        guard line.split(separator: "\r\n").allSatisfy({ $0.utf8.count <= 998 }) else {
            throw MailCompositionError("the header \(name) has a word longer than a line may be (998 octets)")
        }
        return line
    }

    /// Refuses CR, LF and other controls (tab allowed): they would end the header line and start another.
    static func checkSingleLine(_ text: String, what: String) throws(MailCompositionError) {
        if text.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) {
            throw MailCompositionError("\(what) contains a line break")
        }
        let isControl = { (scalar: Unicode.Scalar) in
            scalar != "\t" && (scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}")
        }
        if text.unicodeScalars.contains(where: isControl) {
            throw MailCompositionError("\(what) contains a control character")
        }
    }

    /// RFC 5322 field name: printable ASCII except the colon, at most 76 characters.
    static func isFieldName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 76 && name.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }
    }

    /// A file name without controls, quotes or backslashes (they would end the quoted parameter).
    static func cleanFilename(_ name: String) -> String {
        String(String.UnicodeScalarView(name.unicodeScalars.map {
            $0.properties.generalCategory == .control || $0 == "\"" || $0 == "\\" ? "_" : $0
        })).trimmingCharacters(in: .whitespaces)
    }

    // MARK: Bytes

    /// Every line end as CRLF.
    static func crlf(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 40)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 13 || byte == 10 {
                out += [13, 10]
                index += (byte == 13 && index + 1 < bytes.count && bytes[index + 1] == 10) ? 2 : 1
            } else {
                out.append(byte)
                index += 1
            }
        }
        return out
    }

    static func longestLine(_ bytes: [UInt8]) -> Int {
        var longest = 0, current = 0
        for byte in bytes {
            if byte == 13 || byte == 10 { current = 0 } else { current += 1; longest = max(longest, current) }
        }
        return longest
    }

    /// Random boundaries that occur in no attachment. `=_` cannot occur in quoted-printable or base64 text.
    struct Boundaries {
        var mixed: String
        var alternative: String

        init(avoiding contents: [[UInt8]]) {
            func make() -> String {
                while true {
                    let candidate = "=_floworx_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
                    let bytes = Array(candidate.utf8)
                    if !contents.contains(where: { Self.contains($0, bytes) }) { return candidate }
                }
            }
            mixed = make()
            alternative = make()
        }

        static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
            guard haystack.count >= needle.count else { return false }
            return haystack.withUnsafeBufferPointer { hay in
                (0...(hay.count - needle.count)).contains { start in
                    hay[start] == needle[0] && (0..<needle.count).allSatisfy { hay[start + $0] == needle[$0] }
                }
            }
        }
    }
}
