/// The languages the safety table is written in: the ones customers write to FloWorx businesses in.
public enum SafetyLanguage: String, Sendable, CaseIterable, Hashable {
    case english = "en"
    case french = "fr"
    case spanish = "es"

    /// The language a message is most likely written in, from common short words; English on a tie.
    /// Only used to pick the language of the safety steps, so a rough answer is enough.
    static func guess(_ text: PhraseText) -> SafetyLanguage {
        func score(_ words: [String]) -> Int { words.reduce(0) { $0 + (text.contains($1) ? 1 : 0) } }
        let english = score(["the", "and", "is", "my", "we", "there", "it", "have", "please", "with"])
        let french = score(["le", "les", "est", "je", "nous", "une", "avec", "dans", "pas", "il y a", "mon", "svp"])
        let spanish = score(["el", "los", "es", "yo", "tengo", "una", "con", "hay", "mi", "por favor", "esta", "muy"])
        if french > english, french >= spanish { return .french }
        if spanish > english, spanish > french { return .spanish }
        return .english
    }
}
