import FloWorxCore
import Testing

/// E.164 normalisation of the phone numbers managers type into their profile.
@Suite struct SMSPhoneNumberTests {
    @Test(arguments: [
        ("(555) 123-4567", "+15551234567"),
        ("555-123-4567", "+15551234567"),
        ("555.123.4567", "+15551234567"),
        ("555 123 4567", "+15551234567"),
        ("5551234567", "+15551234567"),
        ("1 (555) 123-4567", "+15551234567"),
        ("1-555-123-4567", "+15551234567"),
        ("+1 555 123 4567", "+15551234567"),
        ("+15551234567", "+15551234567"),
        ("  +1 (555) 123-4567\n", "+15551234567"),
        ("011 44 20 7946 0018", "+442079460018"),
        ("+44 20 7946 0018", "+442079460018"),
        ("+49 30 901820", "+4930901820"),
        ("+61 4 1234 5678", "+61412345678"),
    ])
    func usAndInternationalFormatsNormalise(_ input: String, _ expected: String) throws {
        #expect(try SMSPhoneNumber.parse(input, defaultCountry: "US").e164 == expected)
    }

    @Test(arguments: [
        ("GB", "020 7946 0018", "+442079460018"),
        ("GB", "07700 900123", "+447700900123"),
        ("GB", "0044 7700 900123", "+447700900123"),
        ("AU", "0412 345 678", "+61412345678"),
        ("DE", "030 901820", "+4930901820"),
        ("FR", "06 12 34 56 78", "+33612345678"),
        ("CA", "(416) 555-0123", "+14165550123"),
        ("us", "(555) 123-4567", "+15551234567"),
    ])
    func nationalFormatsOfOtherDefaultCountriesNormalise(_ country: String, _ input: String, _ expected: String) throws {
        #expect(try SMSPhoneNumber.parse(input, defaultCountry: country).e164 == expected)
    }

    @Test(arguments: [
        ("", SMSPhoneNumberError.empty),
        ("   ", .empty),
        ("555-1234", .tooShort),
        ("123", .tooShort),
        ("55512345678", .tooLong),
        ("(555) 123-45678", .tooLong),
        ("+1 555 123 456", .tooShort),
        ("+1 555 123 45678", .tooLong),
        ("+1 055 123 4567", .invalidAreaCode),
        ("155 123 4567", .invalidAreaCode),
        ("+0 555 123 4567", .invalidCountryCode),
        ("+12345", .tooShort),
        ("+1234567890123456", .tooLong),
        ("555-123-4567 ext 12", .hasExtension),
        ("555-123-4567 x12", .hasExtension),
        ("555-123-4567#12", .hasExtension),
        ("555-CALL-NOW", .invalidCharacter("C")),
        ("555_123_4567", .invalidCharacter("_")),
        ("55+5123 4567", .invalidCharacter("+")),
        ("+", .tooShort),
    ])
    func whatCannotBeNormalisedIsRefusedWithItsReason(_ input: String, _ expected: SMSPhoneNumberError) {
        #expect(throws: expected) { try SMSPhoneNumber.parse(input, defaultCountry: "US") }
    }

    @Test func anUnknownDefaultCountryIsRefusedForNationalNumbersOnly() throws {
        #expect(throws: SMSPhoneNumberError.unsupportedCountry("ZZ")) { try SMSPhoneNumber.parse("555 123 4567", defaultCountry: "ZZ") }
        #expect(try SMSPhoneNumber.parse("+15551234567", defaultCountry: "ZZ").e164 == "+15551234567")
    }

    @Test func errorsHaveStableCodesAndReadableReasons() {
        let errors: [SMSPhoneNumberError] = [.empty, .invalidCharacter("a"), .hasExtension, .tooShort, .tooLong, .invalidCountryCode,
                                             .invalidAreaCode, .unsupportedCountry("ZZ")]
        #expect(Set(errors.map(\.code)).count == errors.count)
        for error in errors {
            #expect(error.code.hasPrefix("phone_"))
            #expect(!error.description.isEmpty)
        }
    }

    @Test func isE164AcceptsOnlyTheCanonicalForm() {
        #expect(SMSPhoneNumber.isE164("+15551234567"))
        #expect(SMSPhoneNumber.isE164("+442079460018"))
        #expect(!SMSPhoneNumber.isE164("5551234567"))
        #expect(!SMSPhoneNumber.isE164("+1 555 123 4567"))
        #expect(!SMSPhoneNumber.isE164(""))
    }

    @Test func settingsParseWithTheirDefaultCountry() throws {
        #expect(try SMSSettings(defaultCountry: "GB").phoneNumber("020 7946 0018").e164 == "+442079460018")
        #expect(try SMSSettings().phoneNumber("(555) 123-4567").e164 == "+15551234567")
    }
}
