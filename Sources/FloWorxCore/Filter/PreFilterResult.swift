/// What the pre-filter decided about one email: whether it is an automatic or bulk message that must never get a reply draft.
public struct PreFilterResult: Sendable, Hashable {
    /// The kind of automatic or bulk mail recognised.
    public enum Kind: String, Sendable, Codable {
        /// An ordinary message.
        case none
        /// An automatic answer to a message (Auto-Submitted, X-Autoreply and similar).
        case autoReply = "auto_reply"
        /// An out-of-office or vacation notice.
        case outOfOffice = "out_of_office"
        /// Sent from an address nobody reads (noreply@, notifications@ …).
        case noReply = "no_reply"
        /// A mailing list, newsletter or other bulk mail (List-Unsubscribe, List-Id, Precedence).
        case bulk
        /// A delivery failure report (mailer-daemon, postmaster, "Undeliverable:").
        case bounce
    }

    /// The strongest kind recognised; `.none` for an ordinary message.
    public var kind: Kind
    /// Whether a reply draft must not be prepared: true for every kind except `.none`.
    public var blocksDraft: Bool
    /// What triggered the decision, e.g. `header Auto-Submitted: auto-replied`.
    public var reasons: [String]

    /// Creates a result; `blocksDraft` follows from `kind`.
    public init(kind: Kind, reasons: [String] = []) {
        self.kind = kind
        self.blocksDraft = kind != .none
        self.reasons = reasons
    }
}
