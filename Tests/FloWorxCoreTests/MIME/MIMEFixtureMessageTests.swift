import FloWorxCore
import Foundation
import Testing

/// Whole messages as real mailers write them, normalized into `EmailMessage`.
@Suite struct MIMEFixtureMessageTests {
    @Test func gmailAlternativeQuotedPrintable() throws {
        let message = try MIMEFixtures.message("gmail-alternative-qp.eml")
        #expect(message.provider == .mime)
        #expect(message.messageId == "CAF7x1=ghi789+Q@mail.gmail.com")
        #expect(message.threadId == nil)
        #expect(message.from == EmailAddress(email: "elodie.tremblay@gmail.com", name: "Élodie Tremblay"))
        #expect(message.to == [EmailAddress(email: "service@northwind-hvac.com", name: "Northwind HVAC")])
        #expect(message.cc == [
            EmailAddress(email: "marc.tremblay@example.org", name: "Tremblay, Marc"),
            EmailAddress(email: "dana@northwind-hvac.com"),
        ])
        #expect(message.subject == "Re: Réparation du chauffage")
        #expect(message.text == """
            Hi Dana,

            The furnace is making a loud banging noise again since this morning — the house is at 15 °C.
            Could someone come by today? Our address is 42 Rue Sainte-Catherine, Montréal.

            Thanks,
            Élodie
            """)
        #expect(message.html == """
            <div dir="ltr"><div>Hi Dana,</div><div><br></div><div>The furnace is making a loud banging noise again since this morning — \
            the house is at 15 °C.</div><div>Could someone come by today? Our address is 42 Rue Sainte-Catherine, Montréal.</div>\
            <div><br></div><div>Thanks,</div><div>Élodie</div></div>

            """)
        #expect(message.receivedAt == MIMEFixtures.date("2025-01-14T14:12:18Z"))
        #expect(message.headers.inReplyTo == "CAF7x1=def456@mail.gmail.com")
        #expect(message.headers.references == ["CAF7x1=abc123@mail.gmail.com", "CAF7x1=def456@mail.gmail.com"])
        #expect(message.headers.autoSubmitted == nil)
        #expect(message.attachments.isEmpty)
    }

    @Test func outlookWindows1252WithThreadIndex() throws {
        let message = try MIMEFixtures.message("outlook-windows1252.eml")
        #expect(message.messageId == "DM6PR11MB40730E5F2C9A8B7D6E5F4A3BC9A12@DM6PR11MB4073.namprd11.prod.outlook.com")
        // The 22-byte conversation header of the 27-byte Thread-Index, re-encoded.
        #expect(message.threadId == "AdmQKx3fA1bC2d4eTkKzQm9pZ3R1AA==")
        // The display name is raw 8-bit windows-1252, not an encoded word; the domain is lowercased.
        #expect(message.from == EmailAddress(email: "J.Mueller@muller-supplies.de", name: "Müller, Jürgen"))
        #expect(message.to == [EmailAddress(email: "service@northwind-hvac.com", name: "service@northwind-hvac.com")])
        #expect(message.subject == "Angebot für Wartung – “Premium”")
        #expect(message.text == """
            Hello,

            Please find our quote below. The “Premium” maintenance plan is 249 € per year – parts included.

            Best regards,
            Jürgen Müller
            """)
        #expect(message.html?.contains("<p class=\"MsoNormal\">Please find our quote below. The “Premium” maintenance plan is 249 € per year – parts included.<o:p></o:p></p>") == true)
        #expect(message.headers.xAutoResponseSuppress == "DR, OOF, AutoReply")
        #expect(message.receivedAt == MIMEFixtures.date("2025-03-07T16:44:58Z"))
        #expect(message.attachments.isEmpty)
    }

    @Test func appleMailNestedRelatedAlternativeMixed() throws {
        let message = try MIMEFixtures.message("apple-mail-nested.eml")
        #expect(message.from == EmailAddress(email: "sam@ortiz-pools.com", name: "Sam Ortiz"))
        #expect(message.to == [EmailAddress(email: "office@clearwater-spas.com")])
        #expect(message.subject == "Inspection report – 18 Lakeview Drive")
        #expect(message.messageId == "7A1C2B3D-4E5F-6A7B-8C9D-0E1F2A3B4C5D@ortiz-pools.com")
        #expect(message.headers.references == ["B3F9@ortiz-pools.com"])
        #expect(message.receivedAt == MIMEFixtures.date("2025-06-02T15:05:11Z"))
        // format=flowed: soft-broken lines joined, quoted lines joined at their depth, the signature separator kept.
        #expect(message.text == """
            Hi team,

            Attached is the pool inspection report for the backyard at 18 Lakeview Drive. The pump housing is cracked and the water is cloudy; photo of the filter below.

            > Can you send the report before Friday?

            --\u{20}
            Sam
            """)
        #expect(message.html == """
            <html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head><body style="overflow-wrap: break-word;">\
            <div>Hi team,</div><div><br></div><div>Attached is the pool inspection report for the backyard at 18 Lakeview Drive.</div>\
            <div><img src="cid:2F1E3D4C-5B6A-4798-8A9B-0C1D2E3F4A5B" alt="filter.png"></div><div>—&nbsp;Sam</div></body></html>
            """)
        #expect(message.attachments == [
            AttachmentInfo(filename: "filter.png", contentType: "image/png", size: 69, contentId: "2F1E3D4C-5B6A-4798-8A9B-0C1D2E3F4A5B", disposition: "inline"),
            AttachmentInfo(filename: "Inspection Report.pdf", contentType: "application/pdf", size: 845, contentId: nil, disposition: "attachment"),
        ])
    }

    @Test func base64UTF8Body() throws {
        let message = try MIMEFixtures.message("base64-utf8.eml")
        #expect(message.from == EmailAddress(email: "zoe@exemple.fr", name: "Zoë"))
        #expect(message.subject == "Le spa ne chauffe plus 🛁")
        #expect(message.text == "Bonjour,\n\nLe spa 🛁 ne chauffe plus depuis hier soir. Pouvez-vous passer jeudi?\n\nMerci beaucoup,\nZoë")
        #expect(message.html == nil)
        #expect(message.receivedAt == MIMEFixtures.date("2025-02-05T20:30:00Z"))
    }

    @Test func latin1QuotedPrintable() throws {
        let message = try MIMEFixtures.message("latin1-qp.eml")
        #expect(message.from == EmailAddress(email: "renee@toiture-gagnon.ca", name: "Renée Gagnon"))
        #expect(message.subject == "Soumission pour la réfection de toiture")
        #expect(message.messageId == "a1b2c3$renee@toiture-gagnon.ca")
        // A soft line break joins "toi=" and "ture"; literal spaces before an encoded =20 are not trailing, so they stay.
        #expect(message.text == """
            Bonjour,

            Nous aimerions une soumission pour la réfection complète de notre toiture (bardeaux d'asphalte, environ 1\u{A0}800 pi²).\u{20}\u{20}\u{20}\u{20}
            Le délai idéal serait avant l'été.

            Renée
            """)
    }

    @Test func rfc2231AndEncodedWordFilenames() throws {
        let message = try MIMEFixtures.message("rfc2231-filenames.eml")
        #expect(message.text == "Your invoices are attached.")
        #expect(message.attachments == [
            AttachmentInfo(filename: "Facture n° 42 – été.pdf", contentType: "application/pdf", size: 9, disposition: "attachment"),
            AttachmentInfo(
                filename: "Preisliste Übersicht.xlsx", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                size: 13, disposition: "attachment"
            ),
            AttachmentInfo(filename: "résumé.csv", contentType: "text/csv", size: 3, disposition: "attachment"),
        ])
    }

    @Test func lineFeedsOnlyFoldedHeadersGroupsAndComments() throws {
        let message = try MIMEFixtures.message("folded-lf.eml")
        #expect(message.from == EmailAddress(email: "alerts@bank.example", name: "RBC Alerts"))
        #expect(message.to.isEmpty)
        #expect(message.cc == [
            EmailAddress(email: "ap@northwind-hvac.com"),
            EmailAddress(email: "pat@northwind-hvac.com", name: "O'Brien, Pat"),
            EmailAddress(email: "bob@example.com", name: "Bob Smith"),
        ])
        #expect(message.subject == "Your e-Transfer of $1,250.00 from Lakeside Property Management has been deposited")
        #expect(message.messageId == "e-transfer.98765@bank.example")
        // Two-digit year, no seconds, named zone.
        #expect(message.receivedAt == MIMEFixtures.date("2025-01-06T14:15:00Z"))
        #expect(message.headers.autoSubmitted == "auto-generated")
        #expect(message.headers.precedence == "bulk")
        #expect(message.text == "Deposit confirmed.\nReference: CA7h2Zq")
    }

    @Test func missingClosingBoundaryAndMissingDate() throws {
        let message = try MIMEFixtures.message("missing-closing-boundary.eml")
        #expect(message.messageId == "fallback-missing-closing-boundary.eml")
        #expect(message.receivedAt == MIMEFixtures.fallbackDate)
        #expect(message.text == "Please quote a new water heater.")
        #expect(message.attachments == [AttachmentInfo(filename: "heater.jpg", contentType: "image/jpeg", size: 10)])
    }

    @Test func htmlOnlyNewsletterListHeaders() throws {
        let message = try MIMEFixtures.message("html-only-newsletter.eml")
        #expect(message.from == EmailAddress(email: "news@poolsupply.example", name: "Pool Supply Co."))
        #expect(message.text == """
            Spring Sale

            Save 20% on chlorine & shock – this week only.

            Tablets $49.99
            Shock $19.99

            - Free delivery
            - Café “open” 😀

            Questions?
            Call us <anytime>.
            """)
        #expect(message.html?.hasPrefix("<!DOCTYPE html><html><head><title>Spring</title>") == true)
        #expect(message.html?.hasSuffix("<p>Questions?<br>Call us &lt;anytime&gt;.</p></body></html>\n") == true)
        #expect(message.headers.listUnsubscribe == "<https://poolsupply.example/unsub?u=42>, <mailto:unsubscribe@poolsupply.example>")
        #expect(message.headers.listId == "Pool Supply News <news.poolsupply.example>")
        #expect(message.headers.precedence == "list")
        #expect(message.receivedAt == MIMEFixtures.date("2025-04-01T12:00:00Z"))
    }

    @Test func japaneseAutoReplyInISO2022JP() throws {
        let message = try MIMEFixtures.message("autoreply-iso2022jp.eml")
        #expect(message.from == EmailAddress(email: "yamada@example.jp", name: "山田"))
        #expect(message.subject == "自動応答: 不在のお知らせ")
        #expect(message.text == "ただいま不在にしております。\n1月10日に戻ります。")
        #expect(message.headers.autoSubmitted == "auto-replied")
        #expect(message.headers.xAutoreply == "yes")
        #expect(message.headers.xAutoResponseSuppress == "All")
        #expect(message.headers.inReplyTo == "CAF7x1=ghi789+Q@mail.gmail.com")
        #expect(message.receivedAt == MIMEFixtures.date("2025-01-03T08:00:00Z"))
    }

    @Test func mboxExportWithForwardedMessage() throws {
        let message = try MIMEFixtures.message("mbox-forward.eml")
        #expect(message.from == EmailAddress(email: "bob@example.com", name: "Bob"))
        #expect(message.threadId == "1789012345678901234")
        #expect(message.text == "See below.")
        #expect(message.attachments == [AttachmentInfo(filename: "Original.eml", contentType: "message/rfc822", size: 126, disposition: "attachment")])
    }

    @Test func normalizedMessageSurvivesTheJSONDocumentRoundTrip() throws {
        let message = try MIMEFixtures.message("apple-mail-nested.eml")
        let data = try JSONCoding.encoder().encode(message)
        #expect(try JSONCoding.decoder().decode(EmailMessage.self, from: data) == message)
    }
}
