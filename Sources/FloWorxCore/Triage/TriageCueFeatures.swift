/// Training/features.py `cue_features` in Swift (feature version 2): who is at risk and when, from whole normalised
/// tokens. A linear model over words alone reads "no heat, grandma lives with us" and "grandma lives with us, book the
/// yearly furnace check" much alike; these features give it the vulnerable person as one fact (many words, or an age
/// of 65–99 followed by years/ans/años) and its pairs with "now", past-tense, hypothetical and quote words. The word
/// sets must stay identical to the Python ones (the golden vectors check it).
enum TriageCueFeatures {
    static let riskPerson: Set<String> = [
        "baby", "babies", "newborn", "newborns", "infant", "infants", "toddler", "toddlers", "elderly", "grandma",
        "grandmother", "grandpa", "grandfather", "granny", "pregnant", "wheelchair", "oxygen", "dementia", "bedridden",
        "frail", "disabled", "nourrisson", "bebe", "bebes", "enceinte", "agee", "agees", "age", "grandmere", "grandpere",
        "mamie", "papi", "anciano", "anciana", "ancianos", "abuela", "abuelo", "abuelita", "abuelito", "embarazada",
        "recien", "kids", "kid", "children", "child", "enfants", "enfant", "ninos", "nino", "nina",
    ]
    static let ageUnits: Set<String> = ["year", "years", "yr", "yrs", "ans", "anos"]
    static let cues: [(String, Set<String>)] = [
        ("now", ["now", "tonight", "currently", "right", "still", "immediately", "maintenant", "presentement", "ahora", "ahorita",
                 "ya", "actuellement", "encore", "sigue", "todavia"]),
        ("past", ["last", "ago", "fixed", "repaired", "resolved", "previous", "before", "dernier", "derniere", "passe", "passee",
                  "repare", "reparee", "pasado", "pasada", "arreglaron", "anterior"]),
        ("hypo", ["if", "ever", "whether", "what", "should", "would", "quoi", "faire", "que", "deberiamos", "debemos"]),
        ("quote", ["quote", "estimate", "price", "pricing", "cost", "soumission", "prix", "cotizacion", "presupuesto", "precio"]),
    ]

    /// The cue feature names (without `f:`) of subject plus body tokens, in the reference order.
    static func names(_ tokens: [String]) -> [String] {
        var risk = false
        for (i, token) in tokens.enumerated() {
            if riskPerson.contains(token) {
                risk = true
            } else if i + 1 < tokens.count, isAge(token), ageUnits.contains(tokens[i + 1]) {
                risk = true
            }
        }
        var out: [String] = []
        if risk { out.append("risk_person") }
        for (name, words) in cues where tokens.contains(where: words.contains) {
            out.append("cue_" + name)
            if risk { out.append("risk_person+" + name) }
        }
        return out
    }

    /// Two ASCII digits from 65 to 99 (Python: `t.isascii() and t.isdigit() and len(t) == 2 and int(t) >= 65`).
    static func isAge(_ token: String) -> Bool {
        let scalars = Array(token.unicodeScalars)
        guard scalars.count == 2, scalars.allSatisfy({ ("0"..."9").contains($0) }) else { return false }
        let value = Int(scalars[0].value - 48) * 10 + Int(scalars[1].value - 48)
        return value >= 65
    }
}
