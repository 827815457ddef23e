/// What a mail client would show of a message: its text and HTML bodies, and everything else as attachments.
struct MIMEMessageContent {
    var plain: [MIMEEntity] = []
    var html: [MIMEEntity] = []
    var attachments: [AttachmentInfo] = []

    /// Walks the entity tree.
    ///
    /// - `multipart/alternative`: the first alternative with plain text gives the text, the last one with HTML
    ///   (the richest) gives the HTML; other alternatives that are text renderings are dropped, the rest (a
    ///   calendar invitation, say) are attachments.
    /// - `multipart/related`: the root part (`start`, else the first) is the body; the other parts are attachments.
    /// - other multiparts (`mixed`, `signed`, `report`…): every inline text part is body, in order.
    /// - leaves: text/plain and text/html without a file name and not marked `attachment` are body; everything else,
    ///   `message/rfc822` included, is an attachment.
    init(_ entity: MIMEEntity) {
        guard entity.isMultipart else {
            if Self.isBodyText(entity) {
                if entity.mimeType == "text/html" { html = [entity] } else { plain = [entity] }
            } else {
                attachments = [Self.attachment(entity)]
            }
            return
        }
        switch entity.mimeType {
        case "multipart/alternative":
            let options = entity.children.map(MIMEMessageContent.init)
            let plainSource = options.firstIndex { !$0.plain.isEmpty }
            let htmlSource = options.lastIndex { !$0.html.isEmpty }
            if let plainSource { plain = options[plainSource].plain }
            if let htmlSource { html = options[htmlSource].html }
            for (position, option) in options.enumerated()
            where position == plainSource || position == htmlSource || (option.plain.isEmpty && option.html.isEmpty) {
                attachments += option.attachments
            }
        case "multipart/related":
            let start = entity.contentType[parameter: "start"].flatMap(MIMEMessageIDs.first)
            let root = start.flatMap { id in entity.children.firstIndex { $0.contentID == id } } ?? 0
            for (position, child) in entity.children.enumerated() {
                if position == root {
                    merge(MIMEMessageContent(child))
                } else {
                    Self.leaves(of: child) { attachments.append(Self.attachment($0)) }
                }
            }
        default:
            for child in entity.children { merge(MIMEMessageContent(child)) }
        }
    }

    private mutating func merge(_ other: MIMEMessageContent) {
        plain += other.plain
        html += other.html
        attachments += other.attachments
    }

    /// The plain text: the text parts, or else (also when they are blank, as some senders' are) the HTML converted
    /// to text; trimmed.
    var text: String {
        let text = MIMEBytes.trimmed(plain.map(\.text).joined(separator: "\n"))
        guard text.isEmpty, let htmlText else { return text }
        return MIMEHTMLText.plainText(htmlText)
    }

    /// The HTML parts joined, if there are any.
    var htmlText: String? {
        html.isEmpty ? nil : html.map(Self.decodedHTML).joined(separator: "\n")
    }

    private static func isBodyText(_ entity: MIMEEntity) -> Bool {
        (entity.mimeType == "text/plain" || entity.mimeType == "text/html")
            && entity.disposition?.value != "attachment" && entity.filename == nil
    }

    private static func attachment(_ entity: MIMEEntity) -> AttachmentInfo {
        let disposition = entity.disposition?.value
        return AttachmentInfo(
            filename: entity.filename, contentType: entity.mimeType, size: entity.body.count, contentId: entity.contentID,
            disposition: disposition?.isEmpty == false ? disposition : nil
        )
    }

    private static func leaves(of entity: MIMEEntity, _ body: (MIMEEntity) -> Void) {
        if entity.isMultipart {
            for child in entity.children { leaves(of: child, body) }
        } else {
            body(entity)
        }
    }

    /// HTML decoded in its declared charset; without one, in the charset its `<meta>` names, as browsers do.
    private static func decodedHTML(_ entity: MIMEEntity) -> String {
        guard entity.charset == nil, let declared = metaCharset(entity.body.prefix(2048)) else { return entity.text }
        var copy = entity
        copy.contentType.parameters["charset"] = declared
        return copy.text
    }

    /// The value after the first `charset=` in the bytes, e.g. from `<meta charset="utf-8">`.
    private static func metaCharset(_ head: ArraySlice<UInt8>) -> String? {
        let lowered = head.map(MIMEBytes.lower)
        let needle = Array("charset=".utf8)
        guard lowered.count > needle.count,
            let start = (0...(lowered.count - needle.count)).first(where: { lowered[$0..<($0 + needle.count)].elementsEqual(needle) })
        else { return nil }
        let name = lowered[(start + needle.count)...]
            .drop { $0 == MIMEBytes.quote || $0 == MIMEBytes.apostrophe || MIMEBytes.isBlank($0) }
            .prefix { $0 > 0x20 && $0 != MIMEBytes.quote && $0 != MIMEBytes.apostrophe && $0 != MIMEBytes.greaterThan && $0 != MIMEBytes.semicolon && $0 != MIMEBytes.slash }
        return name.isEmpty ? nil : String(decoding: name, as: UTF8.self)
    }
}
