import Foundation
import FloWorxCore

/// Profiles and message builders shared by the classification tests.
enum ClassificationSamples {
    static let hvac = profile(.hvac, domain: "testhvac.ca")
    static let pools = profile(.poolsSpas, domain: "testpools.com")
    static let roofing = profile(.roofing, domain: "testroofing.com")

    static func profile(_ industry: Industry?, domain: String = "example-business.com") -> ClientProfile {
        ClientProfile(
            clientId: UUID(),
            config: ClientConfig(
                business: industry.map { ClientConfig.Business(name: "Test Co", type: $0, emailDomain: domain) },
                contact: ClientConfig.Contact(name: "Dana Boss", afterHoursPhone: "780-555-0199")
            ),
            managers: [
                Manager(name: "Dana Boss", email: "dana@\(domain)", phone: "780-555-0100", roles: [.owner]),
                Manager(name: "Sam Service", email: "Sam@\(domain)", roles: [.service]),
            ],
            suppliers: [
                Supplier(name: "Acme Parts", domains: ["acmeparts.com"]),
                Supplier(name: "Bolt Wholesale", email: "orders@boltwholesale.net"),
            ]
        )
    }

    /// A January (winter) afternoon, unless a date is given.
    static func message(
        from email: String = "customer@gmail.com", name: String? = nil, subject: String, body: String = "",
        date: String = "2026-01-15T15:00:00Z", headers: EmailHeaders = EmailHeaders(), replyTo: EmailAddress? = nil, html: String? = nil
    ) -> EmailMessage {
        EmailMessage(
            messageId: UUID().uuidString, from: EmailAddress(email: email, name: name), to: [EmailAddress(email: "office@testhvac.ca")],
            replyTo: replyTo, subject: subject, text: body, html: html, receivedAt: ISO8601.parse(date)!, headers: headers
        )
    }

    /// Pre-filters and classifies `message` for `profile`.
    static func classify(_ message: EmailMessage, _ profile: ClientProfile = hvac) -> Classification {
        Classifier().classify(message, profile: profile, preFilter: PreFilter.evaluate(message, profile: profile))
    }

    static func classify(subject: String, body: String = "", from: String = "customer@gmail.com", name: String? = nil,
                         date: String = "2026-01-15T15:00:00Z", _ profile: ClientProfile = hvac) -> Classification {
        classify(message(from: from, name: name, subject: subject, body: body, date: date), profile)
    }
}
