/// The loop guard: recognises auto-replies, out-of-office notices, no-reply senders, bulk mail and bounces
/// before anything else looks at an email, so that FloWorx never answers a machine or a mailing list.
///
/// Flagged mail is still classified (a newsletter still lands in PROMO); it only never gets a reply draft.
/// Mail from the client's own domain is left to the classifier, which treats it as internal.
public enum PreFilter {
    /// Inspects the headers, sender and subject of `message`.
    public static func evaluate(_ message: EmailMessage, profile: ClientProfile) -> PreFilterResult {
        let domain = message.from.domain
        if SenderDirectory.isInternal(domain: domain, profile: profile) {
            return PreFilterResult(kind: .none, reasons: ["sender \(domain) is internal: left to the classifier"])
        }
        let sender = message.from.email.lowercased()
        let local = localPart(sender)
        let subject = Array(message.subject.lowercased().utf8)
        let headers = message.headers
        var kinds: [PreFilterResult.Kind] = []
        var reasons: [String] = []

        // Bounces first: they also carry Auto-Submitted, but they are reports, not replies.
        if bounceLocalParts.contains(local) {
            kinds.append(.bounce)
            reasons.append("sender \(local)@ is a mail system")
        } else if let phrase = bounceSubjects.first(where: { contains(subject, $0) }) {
            kinds.append(.bounce)
            reasons.append("subject contains \"\(String(decoding: phrase, as: UTF8.self))\" (delivery failure)")
        }

        if let phrase = outOfOfficeSubjects.first(where: { contains(subject, $0) }) {
            kinds.append(.outOfOffice)
            reasons.append("subject contains \"\(String(decoding: phrase, as: UTF8.self))\" (out of office)")
        } else if let prefix = outOfOfficePrefixes.first(where: { subject.starts(with: $0) }) {
            kinds.append(.outOfOffice)
            reasons.append("subject starts with \"\(String(decoding: prefix, as: UTF8.self))\" (out of office)")
        }

        var automatic = false
        if let value = headers.autoSubmitted.map(trimmed), !value.isEmpty {
            let token = trimmed(String(value.split(separator: ";").first ?? "")).lowercased()
            if token != "no" {
                automatic = true
                reasons.append("header Auto-Submitted: \(token)")
            }
        }
        if let value = headers.xAutoreply.map(trimmed), !value.isEmpty, value.lowercased() != "no" {
            automatic = true
            reasons.append("header X-Autoreply: \(value)")
        }
        if let value = headers.xAutoResponseSuppress {
            let values = value.lowercased().split(separator: ",").map { trimmed(String($0)) }
            if values.contains(where: { suppressValues.contains($0) }) {
                automatic = true
                reasons.append("header X-Auto-Response-Suppress: \(value)")
            }
        }
        let precedence = headers.precedence.map { trimmed($0).lowercased() } ?? ""
        if precedence == "auto_reply" {
            automatic = true
            reasons.append("header Precedence: auto_reply")
        }
        if automatic {
            let body = Array(message.text.utf8.prefix(600).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 })
            if let phrase = outOfOfficeBodies.first(where: { contains(body, $0) }) {
                kinds.append(.outOfOffice)
                reasons.append("automatic message says \"\(String(decoding: phrase, as: UTF8.self))\"")
            } else {
                kinds.append(.autoReply)
            }
        }

        if isNoReply(local) {
            if let replyTo = message.replyTo, !isNoReply(localPart(replyTo.email.lowercased())), replyTo.email.lowercased() != sender {
                reasons.append("sender \(local)@ is a no-reply address but Reply-To \(replyTo.email) reaches a person")
            } else {
                kinds.append(.noReply)
                reasons.append("sender \(local)@ is a no-reply address")
            }
        }

        if let value = headers.listUnsubscribe, !value.isEmpty {
            kinds.append(.bulk)
            reasons.append("header List-Unsubscribe present")
        }
        if let value = headers.listId, !value.isEmpty {
            kinds.append(.bulk)
            reasons.append("header List-Id: \(value)")
        }
        if bulkPrecedences.contains(precedence) {
            kinds.append(.bulk)
            reasons.append("header Precedence: \(precedence)")
        }

        guard let strongest = kindOrder.first(where: { kinds.contains($0) }) else {
            return PreFilterResult(kind: .none, reasons: reasons)
        }
        return PreFilterResult(kind: strongest, reasons: reasons)
    }

    private static func localPart(_ address: String) -> String {
        address.split(separator: "@", maxSplits: 1).first.map(String.init) ?? address
    }

    private static func trimmed(_ text: String) -> String {
        String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }

    /// Whether `needle` occurs in `haystack` (a non-empty needle).
    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        !needle.isEmpty && ByteSearch.contains(haystack, needle)
    }

    /// Whether a local part (before `@`, lowercased) belongs to an address nobody reads.
    private static func isNoReply(_ local: String) -> Bool {
        if noReplyLocalParts.contains(local) { return true }
        let bytes = Array(local.utf8)
        return noReplyFragments.contains { contains(bytes, $0) } || noReplyPrefixes.contains { bytes.starts(with: $0) }
    }

    /// When several kinds apply, the first of this list wins.
    private static let kindOrder: [PreFilterResult.Kind] = [.bounce, .outOfOffice, .autoReply, .noReply, .bulk]

    private static let bounceLocalParts: Set<String> = ["mailer-daemon", "postmaster", "mail-daemon", "mailerdaemon"]

    private static let bounceSubjects: [[UInt8]] = [
        "undeliverable:", "undelivered mail returned to sender", "delivery status notification (failure)",
        "delivery status notification (delay)", "mail delivery failed", "returned mail:", "delivery failure",
        "failure notice", "message not delivered", "delivery has failed", "unzustellbar", "non remis",
    ].map { Array($0.utf8) }

    /// Out-of-office subjects in English and the languages clients' correspondents commonly write in.
    private static let outOfOfficeSubjects: [[UInt8]] = [
        "out of office", "out of the office", "automatic reply", "auto reply", "auto-reply", "autoreply",
        "away from the office", "on vacation", "vacation reply", "holiday reply",
        "abwesenheitsnotiz", "automatische antwort", "abwesend",
        "réponse automatique", "reponse automatique", "absence du bureau", "absent du bureau",
        "respuesta automática", "respuesta automatica", "fuera de la oficina", "fuera de oficina",
        "risposta automatica", "fuori ufficio", "fuori sede",
        "automatisch antwoord", "afwezigheidsbericht", "afwezig",
        "resposta automática", "resposta automatica", "ausência", "autosvar", "automatisk svar",
    ].map { Array($0.utf8) }

    /// Lotus Notes and some mobile clients prefix the original subject.
    private static let outOfOfficePrefixes: [[UInt8]] = ["auto:", "autoresponse:", "abwesend:"].map { Array($0.utf8) }

    private static let outOfOfficeBodies: [[UInt8]] = [
        "out of the office", "out of office", "on vacation", "on holiday", "away from the office",
        "on leave", "limited access to email", "abwesend", "absent du bureau", "fuera de la oficina",
    ].map { Array($0.utf8) }

    private static let suppressValues: Set<String> = ["all", "oof", "autoreply"]

    private static let bulkPrecedences: Set<String> = ["bulk", "list", "junk"]

    private static let noReplyFragments: [[UInt8]] = [
        "noreply", "no-reply", "no_reply", "no.reply", "donotreply", "do-not-reply", "do_not_reply",
        "do.not.reply", "dontreply", "dont-reply",
    ].map { Array($0.utf8) }

    private static let noReplyPrefixes: [[UInt8]] = ["notification", "notify+", "bounces+", "bounce-"].map { Array($0.utf8) }

    private static let noReplyLocalParts: Set<String> = [
        "notify", "alerts", "alert", "automated", "auto-confirm", "mailer", "bounce", "bounces",
    ]
}
