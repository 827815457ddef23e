import Foundation
import Testing
import FloWorxCore

@Suite struct PriceGuardTests {
    @Test(arguments: [
        "$99", "from $3,900", "€50", "£20 off", "¥1000", "₹500", "100 USD", "USD 100", "usd100", "100usd", "99.99 EUR",
        "1,299 cad", "5 dollars", "5bucks", "only 2 cents", "CAD\n49", "49\r\nCAD", "٥ USD",
    ])
    func findsPrices(text: String) {
        #expect(PriceGuard.containsPrice(text))
        #expect(!PriceGuard.containsPrice(PriceGuard.strip(text)))
    }

    @Test(arguments: [
        "Call 555-0100", "10-year warranty", "Dollar Plumbing", "USD accepted", "Open 24/7", "order #1042", "US Dollars",
        "5 mm pipe", "USD  100", "100.  USD", "",
    ])
    func leavesOtherTextAlone(text: String) {
        #expect(!PriceGuard.containsPrice(text))
        #expect(PriceGuard.strip(text) == text)
    }

    @Test func stripKeepsDigitsAndWords() {
        #expect(PriceGuard.strip("Tune-ups from $79 this week") == "Tune-ups from 79 this week")
        #expect(PriceGuard.strip("Only 250 USD, call 555-0100") == "Only 250 , call 555-0100")
        #expect(PriceGuard.strip("5$USD EUR") == "5 ")
    }
}
