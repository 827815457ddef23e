/// The `content` of a digest's outbox row (`floworx.notifications`, kind `digest`): the rendered email, under
/// `subject`, `text` and `html`, ready to send as is, and the figures it was rendered from.
public struct DigestOutboxContent: Sendable, Hashable, Codable {
    /// Always `digest` (`AlertContent` reads the kind from here).
    public var kind = NotificationKind.digest.rawValue
    public var subject: String
    public var text: String
    public var html: String
    /// The local day reported on, `YYYY-MM-DD`.
    public var date: DigestDate
    public var business: String
    /// The timezone the day was counted in.
    public var timezone: String
    public var figures: DigestFigures
    /// Set on a digest sent again by hand (`floworx digest --force`); the scheduler ignores those.
    public var forced: Bool?

    public init(content: DigestContent, date: DigestDate, business: String, timezone: String, figures: DigestFigures, forced: Bool? = nil) {
        subject = content.subject
        text = content.text
        html = content.html
        self.date = date
        self.business = business
        self.timezone = timezone
        self.figures = figures
        self.forced = forced
    }
}
