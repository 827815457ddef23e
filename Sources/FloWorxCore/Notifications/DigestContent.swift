import Foundation

/// A daily digest rendered as an email: subject, plain text and HTML. Built only from counts, the business's name and
/// the date, so it can hold no secret, token or customer text.
public struct DigestContent: Sendable, Hashable, Codable {
    public var subject: String
    public var text: String
    public var html: String

    public init(subject: String, text: String, html: String) {
        self.subject = subject
        self.text = text
        self.html = html
    }

    /// Renders the digest of `business` for `date`. `timezone` names the zone the day was counted in; `link`, when
    /// given, points at the dashboard.
    public static func render(business: String, date: DigestDate, timezone: String, figures: DigestFigures, link: String? = nil) -> DigestContent {
        let name = headerSafe(business).isEmpty ? "your business" : headerSafe(business)
        let subject = "FloWorx daily digest — \(name) — \(date.longName)"
        let lines = summary(figures)

        var text = "\(name): your day on \(date.longName) (\(date), \(timezone)).\n\n"
        for line in lines.headline { text += "\(line.label): \(line.value)\n" }
        if !lines.categories.isEmpty {
            text += "\nBy category:\n"
            for line in lines.categories { text += "  \(line.label): \(line.value)\n" }
        }
        if figures.isQuiet { text += "\nA quiet day: no mail reached FloWorx.\n" }
        if let attention = lines.attention { text += "\n\(attention)\n" }
        if let link { text += "\nOpen FloWorx: \(link)\n" }
        text += "\n-- \nSent by FloWorx once a day. Turn email notifications off in your notification settings to stop it.\n"

        var html = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>\(escape(subject))</title></head>\n"
        html += "<body style=\"font-family: sans-serif; color: #222;\">\n"
        html += "<h1 style=\"font-size: 20px;\">\(escape(name))</h1>\n"
        html += "<p>Your day on <strong>\(escape(date.longName))</strong> (\(escape(date.description)), \(escape(timezone))).</p>\n"
        html += "<table cellpadding=\"4\" style=\"border-collapse: collapse;\">\n"
        for line in lines.headline {
            html += "<tr><td>\(escape(line.label))</td><td style=\"text-align: right;\"><strong>\(line.value)</strong></td></tr>\n"
        }
        html += "</table>\n"
        if !lines.categories.isEmpty {
            html += "<h2 style=\"font-size: 16px;\">By category</h2>\n<table cellpadding=\"4\" style=\"border-collapse: collapse;\">\n"
            for line in lines.categories {
                html += "<tr><td>\(escape(line.label))</td><td style=\"text-align: right;\">\(line.value)</td></tr>\n"
            }
            html += "</table>\n"
        }
        if figures.isQuiet { html += "<p>A quiet day: no mail reached FloWorx.</p>\n" }
        if let attention = lines.attention { html += "<p><strong>\(escape(attention))</strong></p>\n" }
        if let link { html += "<p><a href=\"\(escape(link))\">Open FloWorx</a></p>\n" }
        html += "<p style=\"color: #777; font-size: 12px;\">Sent by FloWorx once a day. Turn email notifications off in your notification settings to stop it.</p>\n"
        html += "</body></html>\n"
        return DigestContent(subject: subject, text: text, html: html)
    }

    /// The rows of the digest, shared by the text and HTML versions.
    static func summary(_ figures: DigestFigures) -> (headline: [(label: String, value: Int)], categories: [(label: String, value: Int)], attention: String?) {
        let headline: [(label: String, value: Int)] = [
            ("Emails received", figures.emailsReceived),
            ("Emails processed", figures.emailsProcessed),
            ("Escalations", figures.escalations),
            ("Reply drafts prepared", figures.draftsCreated),
            ("Drafts waiting for you", figures.draftsWaiting),
            ("Missed response targets (SLA)", figures.slaBreaches),
        ] + (figures.failed > 0 ? [("Emails that could not be processed", figures.failed)] : [])
        var attention: [String] = []
        if figures.draftsWaiting > 0 { attention.append("\(figures.draftsWaiting) \(figures.draftsWaiting == 1 ? "draft is" : "drafts are") waiting in your mailbox") }
        if figures.slaBreaches > 0 { attention.append("\(figures.slaBreaches) \(figures.slaBreaches == 1 ? "customer" : "customers") waited past your response target") }
        return (headline, figures.orderedCategories.map { (label($0.name), $0.count) },
                attention.isEmpty ? nil : "Needs your attention: " + attention.joined(separator: "; ") + ".")
    }

    /// A category's display name: `GOOGLE_REVIEW` → `Google review`.
    static func label(_ category: String) -> String {
        switch category {
        case "FORMSUB": return "Form submissions"
        case "SOCIALMEDIA": return "Social media"
        case "MISC": return "Other"
        default:
            let words = category.lowercased().split(separator: "_").joined(separator: " ")
            return words.prefix(1).uppercased() + words.dropFirst()
        }
    }

    /// The name as one header-safe line: control characters (CR and LF above all) become spaces, runs of spaces
    /// fold, at most 100 characters.
    static func headerSafe(_ text: String) -> String {
        let flat = String(text.unicodeScalars.map { CharacterSet.controlCharacters.contains($0) ? " " : Character($0) })
        let folded = flat.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        return String(folded.prefix(100))
    }

    /// HTML text and attribute escaping.
    public static func escape(_ text: String) -> String { HTMLText.escape(text) }
}
