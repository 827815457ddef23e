/// The classifier's built-in knowledge: phrases, sender patterns and what each says about an email.
///
/// Weights are per match in the body; the subject counts 1.5 times. A category needs about 0.35 to be
/// chosen at all; confidence grows with the lead of the best category over the runner-up.
enum Vocabulary {
    /// Every cue, common and industry-specific.
    static let all: [CueSpec] = urgent + sales + support + maintenance + insurance + manager + banking + formsub + googleReview + phone
        + recruitment + promo + socialMedia + sentiment + hvac + pools + roofing + senders
}
