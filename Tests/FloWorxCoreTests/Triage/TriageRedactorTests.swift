import Foundation
import Testing

@testable import FloWorxCore

/// What the LLM second opinion may never receive: card numbers, bank details, passwords.
@Suite("Triage redactor")
struct TriageRedactorTests {
    @Test("Luhn-valid card numbers are redacted, in one block or grouped by spaces or dashes",
          arguments: ["4111 1111 1111 1111", "4111111111111111", "5500-0000-0000-0004", "3782 822463 10005", "6011000990139424"])
    func cardNumbers(_ number: String) {
        let result = TriageRedactor.redact("Please charge my card \(number) for the repair.")
        #expect(result.text == "Please charge my card [redacted card number] for the repair.")
        #expect(result.counts == [.cardNumber: 1])
    }

    @Test("digit runs that fail the Luhn check or are not 13–19 digits stay",
          arguments: ["4111 1111 1111 1112", "Order 1234567890124", "call 555-123-4567", "PO 2024-11-05-0042", "ticket 12345678901234567890123"])
    func notCardNumbers(_ text: String) {
        let result = TriageRedactor.redact(text)
        #expect(result.text == text)
        #expect(result.counts.isEmpty)
    }

    @Test("a card number beside other numbers: only the card goes")
    func cardAmongNumbers() {
        let result = TriageRedactor.redact("Invoice 42, card 4111-1111-1111-1111 exp 12/27, total 350")
        #expect(result.text == "Invoice 42, card [redacted card number] exp 12/27, total 350")
    }

    @Test("the Luhn check itself")
    func luhn() {
        #expect(TriageRedactor.luhnValid([4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]))
        #expect(!TriageRedactor.luhnValid([4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]))
        #expect(TriageRedactor.luhnValid([7, 9, 9, 2, 7, 3, 9, 8, 7, 1, 3]))
    }

    @Test("IBANs with a valid mod-97 check are redacted, printed or compact",
          arguments: ["GB82 WEST 1234 5698 7654 32", "DE89370400440532013000", "FR14 2004 1010 0505 0001 3M02 606", "es91 2100 0418 4502 0005 1332"])
    func ibans(_ iban: String) {
        let result = TriageRedactor.redact("Virement sur \(iban) merci")
        #expect(result.text == "Virement sur [redacted IBAN] merci")
        #expect(result.counts == [.iban: 1])
    }

    @Test("an IBAN-shaped string with a wrong check digit stays")
    func badIBAN() {
        let text = "ref GB82 WEST 1234 5698 7654 33 ok"
        #expect(TriageRedactor.redact(text).text == text)
        #expect(!TriageRedactor.ibanChecksumValid("GB82WEST12345698765433"))
        #expect(TriageRedactor.ibanChecksumValid("GB82WEST12345698765432"))
    }

    @Test("US routing and account numbers, sort codes, BIC")
    func bankDetails() {
        let result = TriageRedactor.redact(
            "Routing number: 021000021, account no. 000123456789. UK: sort code 12-34-56, account 31926819. SWIFT: DEUTDEFF500")
        #expect(result.text == "Routing number: [redacted account number], account no. [redacted account number]. UK: sort code [redacted sort code], account [redacted account number]. SWIFT: [redacted account number]")
        #expect(result.counts == [.bankAccount: 4, .sortCode: 1])
    }

    @Test("account words without a number stay")
    func accountWords() {
        let text = "My account was charged twice, account 12 of 3, see my account."
        #expect(TriageRedactor.redact(text).text == text)
    }

    @Test("passwords in English, French and Spanish, PINs and CVV", arguments: [
        ("The password is Hunter2!", "The password is [redacted password]"),
        ("wifi password: s3cret-Pass", "wifi password: [redacted password]"),
        ("login pwd=abc123", "login pwd=[redacted password]"),
        ("Le mot de passe est Soleil2024", "Le mot de passe est [redacted password]"),
        ("mot de passe : chat#noir", "mot de passe : [redacted password]"),
        ("La contraseña es Perro1234", "La contraseña es [redacted password]"),
        ("contraseña: gato_azul", "contraseña: [redacted password]"),
        ("door PIN 4821 please", "door PIN [redacted password] please"),
        ("card 4111 1111 1111 1111 CVV 123", "card [redacted card number] CVV [redacted security code]"),
        ("cryptogramme visuel : 987", "cryptogramme visuel : [redacted security code]"),
        ("The gate code is 4821# and the lockbox code: 0917", "The gate code is [redacted password] and the lockbox code: [redacted password]"),
        ("Le code de la porte est B1234", "Le code de la porte est [redacted password]"),
        ("código de acceso: 7788", "código de acceso: [redacted password]"),
        ("e-Transfer security answer: bluebird", "e-Transfer security answer: [redacted password]"),
        ("the gate code / password: Sunny-Day-42", "the gate code / password: [redacted password]"),
    ])
    func passwords(_ input: String, _ expected: String) {
        #expect(TriageRedactor.redact(input).text == expected)
    }

    @Test("talking about a password without giving one keeps the words")
    func passwordTalk() {
        for text in ["I forgot my password for the portal", "J'ai oublié mon mot de passe hier", "Olvidé mi contraseña", "pin the note to the door"] {
            #expect(TriageRedactor.redact(text).text == text)
        }
    }

    @Test("ordinary triage text is untouched")
    func ordinaryMail() {
        let text = "No heat since 6am, baby at home. 123 Main St, call 416-555-0199. Furnace model 58STA090-12, invoice INV-2024-0042."
        let result = TriageRedactor.redact(text)
        #expect(result.text == text)
        #expect(result.total == 0)
    }
}

/// The redactor skips a pattern when ASCII text holds none of its label stems: labels in any case still reach it.
@Suite("Triage redactor label gate")
struct TriageRedactorGateTests {
    @Test("labels in upper and mixed case are still redacted", arguments: [
        ("ACCT: 12345678", "12345678"), ("A/C No. 12345678", "12345678"), ("CID 1234", "1234"), ("NIP: 4455", "4455"),
        ("PassCode = hunter2", "hunter2"), ("Transit #: 12345", "12345"), ("GATE CODE: 4455#", "4455"), ("Numero de cuenta: 12345678", "12345678"),
        ("CVV2: 123", "123"), ("Sort Code 12-34-56", "12-34-56"), ("PIN is 9876", "9876"),
    ])
    func mixedCaseLabels(_ text: String, _ secret: String) {
        let result = TriageRedactor.redact(text)
        #expect(!result.text.contains(secret), "\(text) → \(result.text)")
        #expect(result.total >= 1)
    }
}
