import FloWorxCore
import FloWorxStore
import Foundation

/// The communication style drafts are written in (the active `communication_styles` row): tone, formality, traits,
/// signature phrases, greeting, closing and length. The style's name and its per-category guidance are kept as they
/// are. `preview` writes a draft for a sample email with the real composer (`BuiltInComposer`), before anything is saved.
enum StyleSectionForm: SectionForm {
    static let tones = ["professional", "friendly", "warm", "casual", "formal", "direct"]
    static let formalities = ["formal", "neutral", "informal"]
    static let lengths = ["short", "medium", "long"]

    static func stored(_ settings: BusinessSettings) -> Any {
        guard let style = settings.style else {
            let industry = (SectionJSON.config(settings)["business"] as? [String: Any])?["type"].flatMap { $0 as? String }.flatMap(Industry.init(rawValue:))
            let derived = OnboardingDocument.defaultStyle(for: industry ?? .hvac)
            return value(derived)
        }
        return [
            "name": style.name, "tone": style.tone, "formality": style.formality,
            "personality_traits": SectionJSON.parse(style.traitsJSON) ?? [], "signature_phrases": SectionJSON.parse(style.phrasesJSON) ?? [],
            "response_patterns": SectionJSON.parse(style.patternsJSON) ?? [:],
        ]
    }

    /// A model style as the section's JSON value.
    static func value(_ style: CommunicationStyle) -> [String: Any] {
        let patterns = (try? JSONCoding.encoder().encode(style.responsePatterns)).flatMap { try? JSONSerialization.jsonObject(with: $0) } ?? [:]
        return ["name": style.name, "tone": style.tone, "formality": style.formality, "personality_traits": style.personalityTraits,
                "signature_phrases": style.signaturePhrases, "response_patterns": patterns]
    }

    static func posted(_ form: FormData, _ settings: BusinessSettings) -> Any {
        let current = stored(settings) as? [String: Any] ?? [:]
        var patterns = current["response_patterns"] as? [String: Any] ?? [:]
        for (field, member) in [("style_greeting", "greeting"), ("style_closing", "closing"), ("style_length", "length")] {
            if let text = form.text(field) { patterns[member] = text } else { patterns.removeValue(forKey: member) }
        }
        return [
            "name": current["name"] as? String ?? "Default",
            "tone": form.text("style_tone") ?? "", "formality": form.text("style_formality") ?? "",
            "personality_traits": SectionJSON.list(form["style_traits"], separators: CharacterSet(charactersIn: ",\n")),
            "signature_phrases": SectionJSON.lines(form["style_phrases"]),
            "response_patterns": patterns,
        ]
    }

    /// The posted value as the row to write.
    static func style(_ value: Any) -> BusinessSettings.Style {
        let style = value as? [String: Any] ?? [:]
        return BusinessSettings.Style(
            name: style["name"] as? String ?? "Default", tone: style["tone"] as? String ?? "", formality: style["formality"] as? String ?? "",
            traitsJSON: SectionJSON.text(style["personality_traits"] ?? []), phrasesJSON: SectionJSON.text(style["signature_phrases"] ?? []),
            patternsJSON: SectionJSON.text(style["response_patterns"] ?? [:])
        )
    }

    static func data(_ value: Any, errors: [String: String]) -> [String: Any] {
        let style = value as? [String: Any] ?? [:]
        let patterns = style["response_patterns"] as? [String: Any] ?? [:]
        func options(_ values: [String], chosen: String) -> [[String: Any]] {
            (values.contains(chosen) || chosen.isEmpty ? values : [chosen] + values).map { ["o_value": $0, "o_label": InboxPages.label($0), "o_selected": $0 == chosen] }
        }
        var data: [String: Any] = [
            "tones": options(tones, chosen: style["tone"] as? String ?? ""),
            "formalities": options(formalities, chosen: style["formality"] as? String ?? ""),
            "lengths": options(lengths, chosen: patterns["length"] as? String ?? "medium"),
            "style_traits": (style["personality_traits"] as? [Any] ?? []).map { "\($0)" }.joined(separator: ", "),
            "style_phrases": (style["signature_phrases"] as? [Any] ?? []).map { "\($0)" }.joined(separator: "\n"),
            "style_greeting": patterns["greeting"] as? String ?? "", "style_closing": patterns["closing"] as? String ?? "",
        ]
        for field in ["style_tone", "style_formality", "style_traits", "style_phrases", "style_greeting", "style_closing", "style_length"] {
            if let error = errors[field] { data["error_\(field)"] = error }
        }
        return data
    }

    static func field(_ path: String) -> (id: String, label: String) {
        let fields = [
            ("communication_style.formality", "style_formality", "Formality"), ("communication_style.personality_traits", "style_traits", "Personality"),
            ("communication_style.signature_phrases", "style_phrases", "Signature phrases"),
            ("communication_style.response_patterns.greeting", "style_greeting", "Greeting"),
            ("communication_style.response_patterns.closing", "style_closing", "Closing"),
            ("communication_style.response_patterns.length", "style_length", "Length"),
        ]
        for (prefix, id, label) in fields where path == prefix || path.hasPrefix(prefix + ".") || path.hasPrefix(prefix + "[") {
            return (id, label)
        }
        return ("style_tone", "Tone")
    }

    /// The sample email the preview answers.
    static let sample = EmailMessage(
        messageId: "floworx-style-preview", from: EmailAddress(email: "jane.cooper@example.net", name: "Jane Cooper"),
        to: [EmailAddress(email: "office@example.com")], subject: "Quote for work at our house",
        text: "Hi, we would like a quote for some work at our house next month. Could someone come by to take a look? Thanks, Jane Cooper",
        receivedAt: Date()
    )

    /// A draft for the sample email in the style `value`, written by the real composer with the business's profile;
    /// `nil` when the style cannot be read (its problems are shown instead).
    static func preview(_ value: Any, profile: ClientProfile) -> String? {
        guard let data = try? JSONSerialization.data(withJSONObject: value),
              let style = try? JSONCoding.decoder().decode(CommunicationStyle.self, from: data) else { return nil }
        var profile = profile
        profile.style = style
        let classification = Classification(
            category: .sales, confidence: 0.9, urgency: .normal, sentiment: .neutral,
            entities: ExtractedEntities(contactName: "Jane Cooper"), draftAppropriate: true, reasons: ["asks for a quote"]
        )
        let request = DraftRequest(message: sample, classification: classification, profile: profile, status: nil, now: Date())
        return BuiltInComposer().compose(request).text
    }
}
