/// One node of a parsed message: the message itself, a multipart container, or a leaf part.
public struct MIMEEntity: Sendable, Hashable {
    /// The entity's header fields.
    public var headers: MIMEHeaders
    /// The content type, e.g. `text/plain` with its `charset`; `text/plain` when absent or invalid (RFC 2045).
    public var contentType: MIMEHeaderValue
    /// The parsed `Content-Disposition`, if present.
    public var disposition: MIMEHeaderValue?
    /// The content with its transfer encoding removed; empty for multiparts.
    public var body: [UInt8]
    /// The parts of a multipart, in order; empty for leaves. `message/rfc822` parts are leaves.
    public var children: [MIMEEntity]

    /// Creates an entity.
    public init(headers: MIMEHeaders, contentType: MIMEHeaderValue, disposition: MIMEHeaderValue? = nil, body: [UInt8] = [], children: [MIMEEntity] = []) {
        self.headers = headers
        self.contentType = contentType
        self.disposition = disposition
        self.body = body
        self.children = children
    }

    /// `type/subtype`, lowercased.
    public var mimeType: String { contentType.value }

    /// Whether this is a `multipart/*` container (one whose boundary was found; see ``children``).
    public var isMultipart: Bool { mimeType.hasPrefix("multipart/") }

    /// The `charset` parameter, if any.
    public var charset: String? { contentType[parameter: "charset"] }

    /// The file name from `Content-Disposition` or, failing that, the content type's `name`; nil when blank.
    public var filename: String? {
        let name = disposition?[parameter: "filename"] ?? contentType[parameter: "name"]
        let trimmed = name.map(MIMEBytes.trimmed)
        return trimmed?.isEmpty == false ? trimmed : nil
    }

    /// `Content-ID` without its angle brackets, if any.
    public var contentID: String? {
        headers["Content-ID"].flatMap(MIMEMessageIDs.first)
    }

    /// The body decoded from its charset, line endings as `\n`; `format=flowed` text is reflowed (RFC 3676).
    public var text: String {
        let charset = charset
        let decoded = MIMECharset.isASCIICompatible(charset)
            ? MIMECharset.decode(MIMEBytes.normalizedNewlines(body)[...], charset: charset, lenient: true)
            : MIMEBytes.normalizedNewlines(MIMECharset.decode(body[...], charset: charset, lenient: true))
        guard mimeType == "text/plain", contentType[parameter: "format"].map(MIMEBytes.lowercased) == "flowed" else { return decoded }
        return MIMEFlowedText.unflow(decoded, deleteSpace: contentType[parameter: "delsp"].map(MIMEBytes.lowercased) == "yes")
    }
}
