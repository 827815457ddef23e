/// What the escalation rules decided for one email.
public struct RuleOutcome: Sendable, Hashable {
    /// The rules that matched, in evaluation order (highest priority first).
    public var matches: [RuleMatch]
    /// The `set_priority` of the first matched rule that has one: a higher-priority rule is the
    /// more important instruction, so a later, lower one does not override it.
    public var priority: Int?
    /// The `apply_label` actions, first occurrence first, without duplicates.
    public var labels: [RuleLabel]
    /// One entry per manager to notify, channels merged across rules.
    public var notifications: [RuleNotification]
    /// One entry per manager to forward to.
    public var forwards: [RuleForward]
    /// Whether a matched rule has `block_draft`.
    public var draftBlocked: Bool
    /// Whether a matched rule has `mark_escalated`.
    public var escalated: Bool
    /// Bad rule data met while evaluating (a leaf that can never match, a notify target no manager
    /// fits), as `rule name: path: message`, for the logs.
    public var problems: [String]

    /// Creates an outcome; the defaults are what no matching rule yields.
    public init(
        matches: [RuleMatch] = [], priority: Int? = nil, labels: [RuleLabel] = [],
        notifications: [RuleNotification] = [], forwards: [RuleForward] = [],
        draftBlocked: Bool = false, escalated: Bool = false, problems: [String] = []
    ) {
        self.matches = matches
        self.priority = priority
        self.labels = labels
        self.notifications = notifications
        self.forwards = forwards
        self.draftBlocked = draftBlocked
        self.escalated = escalated
        self.problems = problems
    }
}
