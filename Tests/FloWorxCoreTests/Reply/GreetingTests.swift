import Foundation
import Testing
import FloWorxCore

/// Drafts greet the person who wrote: Reply-To, then a form's name field, then the extracted contact name,
/// then From unless From is a relay; never the relay itself.
@Suite struct GreetingTests {
    typealias Kit = ReplyTestKit

    static func relayed(
        from: EmailAddress = EmailAddress(email: "no-reply@formrelay.example", name: "FormRelay"),
        replyTo: EmailAddress? = nil, text: String
    ) -> EmailMessage {
        EmailMessage(messageId: "r1", from: from, to: [], replyTo: replyTo, subject: "New form submission", text: text, receivedAt: Kit.saturday)
    }

    @Test func aFormRelayWithReplyToGreetsTheCustomer() {
        let message = Self.relayed(replyTo: EmailAddress(email: "stacy.long@hotmail.com", name: "Stacy Long"), text: "You have a new form submission.\n\nMessage: A few shingles came off.")
        let text = Kit.compose(.formsub, message: message).text
        #expect(text.hasPrefix("Hi Stacy,\n\n"), "\(text)")
        #expect(!text.contains("FormRelay"))
    }

    @Test(arguments: [
        ("Wix Forms", "no-reply@crm.wix.com"), ("FormRelay", "forms@formrelay.example"), ("Website", "wordpress@acme-roofing.example"),
        ("Acme Site Notifications", "notifications@site.example"), ("JotForm", "noreply@jotform.example"),
    ])
    func aRelaysNameIsNeverGreeted(name: String, address: String) {
        let message = Self.relayed(from: EmailAddress(email: address, name: name), text: "Phone: 555-0101\nMessage: Quote for a new roof")
        let text = Kit.compose(.formsub, message: message).text
        #expect(text.hasPrefix("Hi there,\n\n"), "\(text)")
    }

    @Test(arguments: [
        ("Name: Stacy Long\nEmail: stacy@example.net\nMessage: Leak", "Hi Stacy,"),
        ("Full name: ROBERT SMITH\nMessage: Quote", "Hi Robert,"),
        ("Nom : Marie Tremblay\nCourriel : marie@example.ca\nMessage : Fuite", "Hi Marie,"),
        ("Prénom : Luc\nNom : Gagnon\nMessage : Devis", "Hi Luc,"),
        ("Nombre: Ana López\nCorreo electrónico: ana@example.mx\nMensaje: Fuga", "Hi Ana,"),
        ("**Name:** Jane Doe\nMessage: Hi", "Hi Jane,"),
    ])
    func aFormsNameFieldIsGreeted(body: String, greeting: String) {
        #expect(Kit.compose(.formsub, message: Self.relayed(text: body)).text.hasPrefix(greeting + "\n\n"))
    }

    @Test func replyToWinsOverTheFieldsAndTheFieldsOverTheContactName() {
        let both = Self.relayed(replyTo: EmailAddress(email: "sam@example.org", name: "Sam Field"), text: "Name: Stacy Long")
        #expect(Kit.compose(.formsub, message: both).text.hasPrefix("Hi Sam,"))
        let classification = Kit.classification(.formsub, entities: ExtractedEntities(contactName: "Robert Smith"))
        #expect(Kit.compose(message: Self.relayed(text: "Name: Stacy Long"), classification: classification).text.hasPrefix("Hi Stacy,"))
        #expect(Kit.compose(message: Self.relayed(text: "Message: hi"), classification: classification).text.hasPrefix("Hi Robert,"))
    }

    @Test func aPersonWritingDirectlyIsGreetedFromTheirDisplayName() {
        #expect(Kit.compose(.sales).text.hasPrefix("Hi Jane,"))
        let classification = Kit.classification(.sales, entities: ExtractedEntities(contactName: "Robert Smith"))
        // The extracted name comes before From's: it is what the person signed.
        #expect(Kit.compose(message: Kit.message(name: "Jane Doe"), classification: classification).text.hasPrefix("Hi Robert,"))
    }

    @Test func aPersonNamedByAPlatformIsGreetedByTheirName() {
        #expect(Correspondent.firstName("Jane Doe via Jobber") == "Jane")
        #expect(Correspondent.firstName("via Jobber") == nil)
    }

    @Test(arguments: [
        ("noreply@x.example", true), ("no-reply@x.example", true), ("do-not-reply@x.example", true), ("notifications@x.example", true),
        ("notifications+abc@x.example", true), ("forms@x.example", true), ("wordpress@x.example", true), ("voicemail@x.example", true),
        ("alerts@x.example", true), ("jane@example.com", false), ("info@acme.example", false), ("office@acme.example", false),
        ("support@acme.example", false), ("formica.fan@example.com", false),
    ])
    func relayAddressesAreRecognisedByTheirShape(address: String, relay: Bool) {
        #expect(Correspondent.isRelayAddress(address) == relay)
    }

    @Test func theCorrespondentsAddressIsThePersons() {
        #expect(Correspondent(Self.relayed(replyTo: EmailAddress(email: "sam@example.org"), text: "")).email == "sam@example.org")
        #expect(Correspondent(Self.relayed(text: "Email: <mailto:ana@example.mx>")).email == "ana@example.mx")
        #expect(Correspondent(Self.relayed(text: "Message: hi")).email == nil)
        #expect(Correspondent(Kit.message()).email == "jane@example.com")
    }

    /// `reach` is the policies' shortcut: it must agree with the full correspondent on every shape of sender.
    @Test func reachAgreesWithTheFullCorrespondent() {
        let messages = [
            Self.relayed(replyTo: EmailAddress(email: "sam@example.org"), text: ""),
            Self.relayed(replyTo: EmailAddress(email: "noreply@relay.example"), text: "Email: ana@example.mx"),
            Self.relayed(text: "Email: <mailto:ana@example.mx>"),
            Self.relayed(text: "Email: forms@relay.example"),
            Self.relayed(text: "Message: hi"),
            Self.relayed(from: EmailAddress(email: "jane@example.com"), replyTo: EmailAddress(email: "JANE@example.com"), text: ""),
            Self.relayed(from: EmailAddress(email: "jane@example.com"), replyTo: EmailAddress(email: "bob@example.com"), text: ""),
            Kit.message(),
        ]
        for message in messages {
            let full = Correspondent(message)
            let reach = Correspondent.reach(message)
            #expect(reach.senderIsRelay == full.senderIsRelay && reach.isReachable == full.isReachable, "\(message.from.email) \(message.text)")
        }
        let relayOnly = Correspondent.reach(Self.relayed(text: "Message: hi"))
        #expect(relayOnly.senderIsRelay && !relayOnly.isReachable)
    }
}
