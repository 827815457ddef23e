/// A customer's threat of legal action, of a complaint to the BBB or a consumer-protection office, or of a bad public
/// review: the conventions escalate such a complaint (urgency high) whatever else it says. The trained model learns
/// the common wordings; this reviewed table is the floor under it, applied after the model like `SafetyHazard`, so
/// that "I have forwarded your invoices to my lawyer" is not left to how close a score came to the threshold.
///
/// A threat needs, in one sentence, a phrase of `subjects` (who or what the sender threatens with) and a word of
/// `intent` (what they will do, have done, or the condition: "will", "forwarded", "unless"…), both whole words after
/// folding case and accents (`PhraseText`). The analyzer looks only at customer mail that does not read as thanks
/// (`EmailAnalyzer.threatStage`). Addresses ("Birch Court"), a name ("Hi Sue, your…") and a five-star promise never
/// match: "court" and "sue" count only in phrases such as "to court" or "will sue".
enum ComplaintThreat {
    /// Who or what is threatened with, per language.
    static let subjects: [SafetyLanguage: [String]] = [
        .english: [
            "my lawyer", "my lawyers", "my attorney", "my attorneys", "my solicitor", "a lawyer", "an attorney", "legal action",
            "legal proceedings", "lawsuit", "will sue", "ll sue", "going to sue", "gonna sue", "sue you for", "suing you",
            "sue your company", "sue the company", "small claims", "to court",
            "in court", "court date", "bbb", "better business bureau", "consumer protection", "consumer affairs",
            "attorney general", "bad review", "bad reviews", "negative review", "negative reviews", "terrible review",
            "one star", "1 star", "zero stars", "0 stars", "warn everyone", "warn others", "warn other people",
        ],
        .french: [
            "mon avocat", "un avocat", "poursuite", "poursuites", "poursuivre", "petites creances", "mise en demeure",
            "protection du consommateur", "tribunal", "mauvais avis", "mauvaise critique", "une etoile", "1 etoile",
        ],
        .spanish: [
            "mi abogado", "un abogado", "demanda", "demandar", "demandarlos", "demandarles", "reclamos menores",
            "proteccion al consumidor", "profeco", "tribunal", "mala resena", "malas resenas", "una estrella", "1 estrella",
        ],
    ]

    /// The sender's intent: a future, a step taken, a condition.
    static let intent: [SafetyLanguage: [String]] = [
        .english: [
            "will", "ll", "going to", "gonna", "hear from", "forwarded", "forward", "forwarding", "contact", "contacted",
            "contacting", "call", "calling", "called", "file", "filing", "filed", "report", "reporting", "reported", "take",
            "taking", "unless", "or else", "otherwise", "if", "talk to", "talked to", "speak to", "spoken to", "consult",
            "consulting", "send", "sending", "sent", "post", "posting", "leave", "leaving", "write", "writing", "see you",
        ],
        .french: [
            "vais", "allons", "va", "irai", "contacter", "contacte", "porter plainte", "si", "sinon", "transmis", "envoyer",
            "envoye", "laisser", "ecrire", "publier", "consulter",
        ],
        .spanish: [
            "voy", "vamos", "va", "ire", "contactar", "contacte", "si", "sino", "poner", "dejar", "escribir", "publicar",
            "enviado", "mandar", "mande", "consultar",
        ],
    ]

    static let compiled: [(subjects: [Phrase], intent: [Phrase])] = SafetyLanguage.allCases.map { language in
        ((subjects[language] ?? []).map(Phrase.init), (intent[language] ?? []).map(Phrase.init))
    }

    /// The threat `subject` and the first 4,000 characters of `body` make, as "subject … intent", or `nil`.
    static func detect(subject: String, body: String) -> String? {
        let text = SafetyHazard.searchText(subject: subject, body: body)
        let whole = PhraseText(text)
        // Cheap test on the whole text first; then both parts must share one sentence.
        let candidates = compiled.filter { whole.first(of: $0.subjects) != nil && whole.first(of: $0.intent) != nil }
        guard !candidates.isEmpty else { return nil }
        for sentence in text.split(whereSeparator: { ".!?\n;".contains($0) }).map(PhraseText.init) {
            for (subjects, intent) in candidates {
                if let threat = sentence.first(of: subjects), let will = sentence.first(of: intent) {
                    return "\(threat.text) … \(will.text)"
                }
            }
        }
        return nil
    }
}
