import Foundation

extension EmailMessage {
    /// Normalizes a raw RFC 5322 message. `fallbackMessageId` is used when there is no Message-ID header,
    /// `fallbackDate` when Date is missing or invalid. provider = .mime.
    ///
    /// The thread id is Gmail's `X-GM-THRID` if present, else the conversation part (first 22 bytes) of Outlook's
    /// `Thread-Index`, base64-encoded. Message ids lose their angle brackets. Throws `mime_no_from` when no From
    /// header holds an address.
    public init(mime bytes: [UInt8], parser: MIMEParser = MIMEParser(), fallbackMessageId: @autoclosure () -> String, fallbackDate: Date) throws(MIMEError) {
        let root = try parser.parse(bytes)
        let headers = root.headers
        guard let from = headers.values(for: "From").lazy.flatMap(MIMEAddressList.parse).first else { throw .noFrom }
        let content = MIMEMessageContent(root)
        func field(_ name: String) -> String? {
            headers[name].map(MIMEBytes.trimmed).flatMap { $0.isEmpty ? nil : $0 }
        }
        let references = headers.values(for: "References").flatMap(MIMEMessageIDs.all)
        self.init(
            provider: .mime,
            messageId: headers["Message-ID"].flatMap(MIMEMessageIDs.first) ?? fallbackMessageId(),
            threadId: Self.mimeThreadId(headers),
            from: from,
            to: headers.values(for: "To").flatMap(MIMEAddressList.parse),
            cc: headers.values(for: "Cc").flatMap(MIMEAddressList.parse),
            replyTo: headers.values(for: "Reply-To").lazy.flatMap(MIMEAddressList.parse).first,
            subject: Self.mimeSubject(headers["Subject"] ?? ""),
            text: content.text,
            html: content.htmlText,
            receivedAt: headers["Date"].flatMap(MIMEDate.parse) ?? fallbackDate,
            headers: EmailHeaders(
                inReplyTo: headers["In-Reply-To"].flatMap(MIMEMessageIDs.first),
                references: references.isEmpty ? nil : references,
                autoSubmitted: field("Auto-Submitted"),
                listUnsubscribe: field("List-Unsubscribe"),
                listId: field("List-Id"),
                precedence: field("Precedence"),
                xAutoreply: field("X-Autoreply"),
                xAutoResponseSuppress: field("X-Auto-Response-Suppress"),
                messageId: headers["Message-ID"].flatMap(MIMEMessageIDs.first)
            ),
            attachments: content.attachments
        )
    }

    /// The decoded, trimmed subject. Folding with a tab leaves the tab in the unfolded value; it shows as a space.
    private static func mimeSubject(_ raw: String) -> String {
        let decoded = MIMEEncodedWords.decode(raw)
        guard decoded.utf8.contains(MIMEBytes.tab) else { return MIMEBytes.trimmed(decoded) }
        return MIMEBytes.trimmed(String(decoding: decoded.utf8.map { $0 == MIMEBytes.tab ? MIMEBytes.space : $0 }, as: UTF8.self))
    }

    private static func mimeThreadId(_ headers: MIMEHeaders) -> String? {
        if let gmail = headers["X-GM-THRID"].map(MIMEBytes.trimmed), !gmail.isEmpty { return gmail }
        guard let index = headers["Thread-Index"].map(MIMEBytes.trimmed), !index.isEmpty else { return nil }
        // Replies append 5 bytes to the 22-byte conversation header; the header alone identifies the thread.
        let decoded = MIMETransferEncoding.base64(Array(index.utf8)[...])
        return decoded.count >= 22 ? Data(decoded.prefix(22)).base64EncodedString() : index
    }
}
