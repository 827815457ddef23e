import Testing
import FloWorxCore

@Suite struct EntityExtractionTests {
    typealias S = ClassificationSamples

    private func entities(_ body: String, subject: String = "Hello", from: String = "customer@gmail.com", name: String? = nil) -> ExtractedEntities {
        S.classify(subject: subject, body: body, from: from, name: name).entities
    }

    @Test(arguments: [
        ("Call me at (780) 555-0142 please", "780-555-0142"),
        ("Cell: 780.555.0142", "780-555-0142"),
        ("my number is 780 555 0142.", "780-555-0142"),
        ("+1 780-555-0142", "780-555-0142"),
        ("1-780-555-0142", "780-555-0142"),
        ("text 7805550142", "780-555-0142"),
        ("UK office +44 20 7946 0958", "+44 20 7946 0958"),
        ("Berlin: +49 30 12345678", "+49 30 12345678"),
    ])
    func phoneNumbers(body: String, expected: String) {
        #expect(entities(body).phone == expected)
    }

    @Test func notPhoneNumbers() {
        #expect(entities("We were there on 2026-03-14 at 10:30 for order #1234567890.").phone == nil)
        #expect(entities("It cost $1,250,000.00 last year").phone == nil)
        #expect(entities("Account 123-456-7890").phone == nil)  // area codes never start with 1
    }

    @Test func theBusinessesOwnNumbersAreSkipped() {
        // 780-555-0100 is a manager's number, 780-555-0199 the after-hours line.
        #expect(entities("You called me from 780-555-0100 and 780-555-0199; my cell is 587-555-0119.").phone == "587-555-0119")
    }

    @Test(arguments: [
        ("We're at 10234 105 Street NW in Edmonton.", "10234 105 Street NW"),
        ("Address: 45 Sage Hill Dr. NW, Calgary", "45 Sage Hill Dr. NW"),
        ("1820 Bayshore Blvd, Tampa", "1820 Bayshore Blvd"),
        ("4812 W Bay Villa Ave, Tampa", "4812 W Bay Villa Ave"),
        ("It's at 2716 Willow Bend Dr in Plano", "2716 Willow Bend Dr"),
        ("15 Grandview Place, St. Albert", "15 Grandview Place"),
    ])
    func streetAddresses(body: String, expected: String) {
        #expect(entities(body).address == expected)
    }

    @Test func notAddresses() {
        #expect(entities("We have 2 dogs so drive carefully.").address == nil)
        #expect(entities("Order 3 filters for the Main street job").address == nil)
    }

    @Test(arguments: [
        ("Re: order #12345", "", "12345"),
        ("Order confirmation", "Your Order No. WEB-10443 has shipped", "WEB-10443"),
        ("Delivery", "Purchase order PO-88213 is ready", "PO-88213"),
        ("Delivery", "Our P.O. # 4471 for the job", "PO-4471"),
        ("Order number", "order number: 448120", "448120"),
    ])
    func orderNumbers(subject: String, body: String, expected: String) {
        #expect(entities(body, subject: subject).orderNumber == expected)
    }

    @Test func wordsAreNotOrderNumbers() {
        #expect(entities("In order to book, call us. We need to order 2 filters.").orderNumber == nil)
    }

    @Test(arguments: [
        ("Invoice INV-2026-0042", "", "INV-2026-0042"),
        ("Question", "About invoice #8841 from last week", "8841"),
        ("Bill", "Invoice number: 55012", "55012"),
        ("Bill", "Please pay inv-2031-7", "inv-2031-7"),
    ])
    func invoiceNumbers(subject: String, body: String, expected: String) {
        #expect(entities(body, subject: subject).invoiceNumber == expected)
    }

    @Test func contactNames() {
        #expect(entities("Name: Jane Doe\nEmail: jane@x.com\nPhone: 780-555-0111").contactName == "Jane Doe")
        #expect(entities("First Name: Alicia\nLast Name: Brown\nEmail: a@b.com").contactName == "Alicia Brown")
        #expect(entities("Hi, my name is Sam Patel and I need a quote.").contactName == "Sam Patel")
        #expect(entities("Can you come Tuesday?\n\nThanks,\nMike Brown\n780-555-0111").contactName == "Mike Brown")
        #expect(entities("Can you come Tuesday?\n\nThanks, Mike").contactName == "Mike")
        #expect(entities("Can you come Tuesday?", name: "Doe, Jane").contactName == "Jane Doe")
        #expect(entities("Can you come Tuesday?", name: "Hélène Côté").contactName == "Hélène Côté")
        #expect(entities("Can you come Tuesday?", name: "Acme Billing Team").contactName == nil)
        #expect(entities("Your statement is ready.", from: "noreply@bank.example", name: "Jane Doe").contactName == nil)
    }
}
