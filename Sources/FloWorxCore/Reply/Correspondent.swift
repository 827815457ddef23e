import Foundation

/// The person who wrote an email, as opposed to the machine that delivered it: a website form service,
/// a phone system or a notification sender relays a customer's words from an address nobody reads.
///
/// Relays are recognised by how they look, not by vendor: a sender local part that says nobody reads it
/// (`noreply`, `no-reply`, `donotreply`, `notifications`, `alerts`, `mailer`…) or names a machine channel
/// (`forms@`, `webforms@`, `wordpress@`, `voicemail@`…), or a Reply-To that points somewhere else. A body of
/// labelled form fields (`Name: …`, `Nom : …`, `Nombre: …`, `Email: …`) names the person.
public struct Correspondent: Sendable, Hashable {
    /// The first name to greet, if one is known.
    public var firstName: String?
    /// The address a reply reaches the person at: Reply-To, a form's email field, or the sender.
    public var email: String?
    /// Whether `From` is a relay or no-reply address rather than the person.
    public var senderIsRelay: Bool

    /// Whether a person to reply to is known: not only a relay.
    public var isReachable: Bool { email != nil }

    /// Works out who wrote `message`. The name comes, in order, from Reply-To's display name, the form's name
    /// field, the classifier's `contactName`, then From's display name unless From is a relay.
    public init(_ message: EmailMessage, contactName: String? = nil) {
        let fields = FormFields(message.text)
        let replyTo = Self.personalReplyTo(message)
        senderIsRelay = Self.isRelayAddress(message.from.email) || replyTo != nil
        let fieldEmail = fields.email.flatMap { Self.isRelayAddress($0) ? nil : $0 }
        email = replyTo?.email ?? fieldEmail ?? (senderIsRelay ? nil : message.from.email)
        firstName = Self.firstName(replyTo?.name)
            ?? Self.firstName(fields.firstName) ?? Self.firstName(fields.name)
            ?? Self.firstName(contactName)
            ?? (senderIsRelay ? nil : Self.firstName(message.from.name))
    }

    /// Whether `From` is a relay and whether a person to reply to is known, as `init` decides them but without
    /// working out a name (the draft and reply-timer policies ask only this, for every email).
    public static func reach(_ message: EmailMessage) -> (senderIsRelay: Bool, isReachable: Bool) {
        if personalReplyTo(message) != nil { return (true, true) }
        if !isRelayAddress(message.from.email) { return (false, true) }
        let fieldEmail = FormFields(message.text).email.flatMap { isRelayAddress($0) ? nil : $0 }
        return (true, fieldEmail != nil)
    }

    /// Reply-To when it names someone other than the sender who is not a relay.
    static func personalReplyTo(_ message: EmailMessage) -> EmailAddress? {
        message.replyTo.flatMap { address -> EmailAddress? in
            let email = address.email.lowercased()
            guard email.utf8.contains(UInt8(ascii: "@")), !isRelayAddress(email), email != message.from.email.lowercased() else { return nil }
            return address
        }
    }

    /// Local parts (or their leading word) that nobody reads, or that name a machine channel.
    static let relayLocalParts: Set<String> = [
        "notify", "notification", "notifications", "alert", "alerts", "automated", "auto", "mailer", "bounce", "bounces",
        "forms", "form", "webform", "webforms", "formsubmission", "submissions", "submission", "wordpress", "wix",
        "voicemail", "voice", "fax", "sms", "system", "daemon", "robot", "bot", "postmaster", "mailer-daemon", "leads",
    ]

    static let noReplyFragments = [
        "noreply", "no-reply", "no_reply", "no.reply", "donotreply", "do-not-reply", "do_not_reply", "do.not.reply", "dontreply",
    ]

    /// Whether an address belongs to a relay or a mailbox nobody reads.
    public static func isRelayAddress(_ address: String) -> Bool {
        let lower = address.lowercased()
        guard let at = lower.lastIndex(of: "@") else { return true }
        let local = String(lower[..<at])
        if noReplyFragments.contains(where: { local.utf8.containsBytes($0.utf8) }) { return true }
        if relayLocalParts.contains(local) { return true }
        // `notifications+abc`, `forms-noreply`, `voicemail.center`: the leading word decides.
        let head = local.split(whereSeparator: { "+-._".contains($0) }).first.map(String.init) ?? local
        return relayLocalParts.contains(head)
    }

    /// What `firstName` trims from a display name (built once: a `CharacterSet` union allocates).
    static let nameTrimmed = CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "\"'"))

    /// Words that show a display name is not a person's: `Wix Forms`, `Website Notifications`, `Support Team`.
    static let notPersonWords: Set<String> = [
        "info", "support", "admin", "office", "sales", "team", "hello", "contact", "service", "services", "noreply", "no-reply",
        "donotreply", "customer", "billing", "accounts", "mailer-daemon", "notifications", "notification", "form", "forms",
        "website", "web", "formrelay", "relay", "voicemail", "alerts", "system", "bot", "submission", "wordpress", "via",
        "the", "mr", "mrs", "ms", "dr", "mme", "m", "sr", "sra",
    ]

    /// The first name in a display name or a name field: `Jane Doe`, `"Doe, Jane"`, `JANE`; `nil` for addresses,
    /// role or machine names, and anything without a letter.
    public static func firstName(_ displayName: String?) -> String? {
        guard var name = displayName?.trimmingCharacters(in: nameTrimmed), !name.isEmpty, !name.utf8.contains(UInt8(ascii: "@"))
        else { return nil }
        // "Jane Doe via Jobber": the person is before "via", the platform after it.
        if let via = name.utf8.firstIndexOfASCIICaseInsensitive(" via ") {
            name = String(name[..<via])
        }
        if let comma = name.firstIndex(of: ",") {
            name = String(name[name.index(after: comma)...])
        }
        let tokens = name.split(whereSeparator: { $0.isWhitespace })
        guard let token = tokens.first, token.count <= 30, token.contains(where: \.isLetter) else { return nil }
        // A machine name anywhere ("Wix Forms", "FormRelay", "Website Notifications") is not a person.
        if tokens.contains(where: { notPersonWords.contains($0.lowercased().trimmingCharacters(in: .punctuationCharacters)) }) {
            return nil
        }
        if tokens.count == 1, ["formrelay", "relay", "forms"].contains(where: { token.lowercased().hasSuffix($0) }) { return nil }
        let word = String(token).trimmingCharacters(in: .punctuationCharacters)
        guard !word.isEmpty else { return nil }
        if word == word.lowercased() || word == word.uppercased() {
            return word.prefix(1).uppercased() + word.dropFirst().lowercased()
        }
        return word
    }
}
