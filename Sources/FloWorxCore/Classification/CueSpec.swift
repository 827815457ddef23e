/// A vocabulary entry as written: phrase variants and what they mean, before compilation.
struct CueSpec: Sendable {
    /// Where in a message a cue may match.
    enum Field: Sendable {
        /// Subject and body.
        case content
        /// Sender display name and address.
        case sender
    }

    /// Phrase variants, lowercase, e.g. `["no heat", "without heat"]`.
    var phrases: [String]
    var effects: [CueEffect]
    /// Industries the cue applies to; all when `nil`.
    var industries: [Industry]?
    /// Whether a preceding negation (`not`, `no`, `don't` …) cancels the effects (and flips sentiment).
    var negatable: Bool
    var field: Field

    init(_ phrases: [String], _ effects: CueEffect..., industries: [Industry]? = nil, negatable: Bool = true, field: Field = .content) {
        self.phrases = phrases
        self.effects = effects
        self.industries = industries
        self.negatable = negatable
        self.field = field
    }
}
