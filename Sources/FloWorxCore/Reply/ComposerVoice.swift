import Foundation

/// How the owner sounds, from the active communication style: register and warmth.
struct ComposerVoice {
    /// How formal the wording is.
    enum Register {
        case formal, neutral, casual
    }

    let register: Register

    /// A missing style reads as neutral. `formality` decides; `tone` breaks a neutral tie.
    init(style: CommunicationStyle?) {
        let formality = style?.formality.lowercased() ?? "neutral"
        let tone = style?.tone.lowercased() ?? "professional"
        if formality.contains("informal") || formality.contains("casual") {
            register = .casual
        } else if formality.contains("formal") {
            register = .formal
        } else {
            register = tone.contains("casual") ? .casual : .neutral
        }
    }

    /// `Dear Jane,` / `Hi Jane,` / `Hey Jane,`; without a name `Hello,` or `Hi there,`.
    func greeting(firstName: String?) -> String {
        switch (register, firstName) {
        case (.formal, let name?): "Dear \(name),"
        case (.formal, nil): "Hello,"
        case (.neutral, let name?): "Hi \(name),"
        case (.casual, let name?): "Hey \(name),"
        case (_, nil): "Hi there,"
        }
    }

    /// The line before the signature.
    var closing: String {
        switch register {
        case .formal: "Kind regards,"
        case .neutral: "Best regards,"
        case .casual: "Cheers,"
        }
    }

    /// "Thanks for …" in this voice.
    func thanks(_ reason: String) -> String {
        switch register {
        case .formal: "Thank you for \(reason)."
        case .neutral: "Thanks for \(reason)."
        case .casual: "Thanks so much for \(reason)!"
        }
    }

    /// Contractions spelled out in the formal register.
    private static let expansions: [Substring: String] = [
        "We're": "We are", "we're": "we are", "We'll": "We will", "we'll": "we will",
        "We'd": "We would", "we'd": "we would", "We've": "We have", "we've": "we have",
        "you'd": "you would", "you've": "you have", "you're": "you are", "It's": "It is", "it's": "it is",
        "didn't": "did not", "don't": "do not", "can't": "cannot", "there's": "there is",
    ]

    /// Fits one of the composer's own sentences to the register: the formal one spells out
    /// contractions, word by word.
    func shape(_ sentence: String) -> String {
        guard register == .formal, sentence.utf8.contains(UInt8(ascii: "'")) else { return sentence }
        return sentence.split(separator: " ", omittingEmptySubsequences: false).map { word in
            var core = word
            while let last = core.last, last.isPunctuation, last != "'" { core = core.dropLast() }
            guard let long = Self.expansions[core] else { return String(word) }
            return long + word[core.endIndex...]
        }.joined(separator: " ")
    }

    /// "Sorry we missed your call." in this voice.
    var missedCall: String {
        register == .formal ? "We apologise for missing your call." : "Sorry we missed your call."
    }
}
