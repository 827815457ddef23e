/// A phone number in E.164 form (`+` and 7 to 15 digits, no leading zero in the country code), the only form an SMS
/// provider accepts. `parse` also normalises the national formats people type into a profile, e.g.
/// "(555) 123-4567" or "555.123.4567" with the default country US, "020 7946 0018" with GB.
public struct SMSPhoneNumber: Sendable, Hashable, CustomStringConvertible {
    /// `+15551234567`.
    public let e164: String

    public var description: String { e164 }

    /// The default countries `parse` can read national numbers for: ISO 3166 code → (calling code, national
    /// significant number lengths, whether a leading trunk `0` is dropped). NANP countries take 10 digits, with or
    /// without the leading `1`.
    public static let countries: [String: (callingCode: String, lengths: ClosedRange<Int>, trunkZero: Bool)] = [
        "US": ("1", 10...10, false), "CA": ("1", 10...10, false), "PR": ("1", 10...10, false),
        "GB": ("44", 9...10, true), "IE": ("353", 7...9, true), "AU": ("61", 9...9, true), "NZ": ("64", 8...10, true),
        "DE": ("49", 6...13, true), "FR": ("33", 9...9, true),
    ]

    /// Normalises `input` to E.164. A number starting with `+` (or an international prefix: `00`, or `011` in the
    /// NANP) is taken as international; anything else as a national number of `defaultCountry`. Spaces, dots,
    /// hyphens, slashes and parentheses are formatting and dropped; anything else is refused with the reason.
    public static func parse(_ input: String, defaultCountry: String = "US") throws(SMSPhoneNumberError) -> SMSPhoneNumber {
        let trimmed = input.trimmingWhitespace()
        if trimmed.isEmpty { throw .empty }
        let lowered = trimmed.lowercased()
        if lowered.contains("ext") || lowered.contains("x") || lowered.contains("#") || lowered.contains(";") {
            throw .hasExtension
        }
        var digits = ""
        var plus = false
        for (index, scalar) in trimmed.unicodeScalars.enumerated() {
            switch scalar {
            case "0"..."9": digits.unicodeScalars.append(scalar)
            case "+" where index == 0: plus = true
            case " ", "-", ".", "(", ")", "/", "\u{00A0}", "\u{2010}", "\u{2011}", "\u{2013}": continue
            default: throw .invalidCharacter(String(scalar))
            }
        }
        if plus { return try international(digits) }
        guard let country = countries[defaultCountry.uppercased()] else { throw .unsupportedCountry(defaultCountry) }
        if country.callingCode == "1", digits.hasPrefix("011") {
            return try international(String(digits.dropFirst(3)))
        }
        if country.callingCode != "1", digits.hasPrefix("00") {
            return try international(String(digits.dropFirst(2)))
        }
        var national = digits
        if country.callingCode == "1" {
            if national.count == 11, national.hasPrefix("1") { national.removeFirst() }
        } else if country.trunkZero, national.hasPrefix("0") {
            national.removeFirst()
        }
        if national.count < country.lengths.lowerBound { throw .tooShort }
        if national.count > country.lengths.upperBound { throw .tooLong }
        return try international(country.callingCode + national)
    }

    /// Checks digits that follow `+`.
    private static func international(_ digits: String) throws(SMSPhoneNumberError) -> SMSPhoneNumber {
        guard let first = digits.first else { throw .tooShort }
        if first == "0" { throw .invalidCountryCode }
        if digits.count < 7 { throw .tooShort }
        if digits.count > 15 { throw .tooLong }
        if first == "1" {
            // NANP: 1 + a 10-digit number whose area code starts with 2-9.
            let national = digits.dropFirst()
            if national.count < 10 { throw .tooShort }
            if national.count > 10 { throw .tooLong }
            if let area = national.first, area == "0" || area == "1" { throw .invalidAreaCode }
        }
        return SMSPhoneNumber(e164: "+" + digits)
    }

    private init(e164: String) { self.e164 = e164 }

    /// Whether `text` is already exactly E.164 (what the outbox stores and Twilio expects).
    public static func isE164(_ text: String) -> Bool {
        (try? parse(text, defaultCountry: "US"))?.e164 == text
    }
}

/// Why a phone number cannot receive SMS, in words a settings page can show.
public enum SMSPhoneNumberError: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    case invalidCharacter(String)
    case hasExtension
    case tooShort
    case tooLong
    case invalidCountryCode
    case invalidAreaCode
    case unsupportedCountry(String)

    /// A stable machine-readable code (`phone_too_short`...).
    public var code: String {
        switch self {
        case .empty: "phone_empty"
        case .invalidCharacter: "phone_invalid_character"
        case .hasExtension: "phone_has_extension"
        case .tooShort: "phone_too_short"
        case .tooLong: "phone_too_long"
        case .invalidCountryCode: "phone_invalid_country_code"
        case .invalidAreaCode: "phone_invalid_area_code"
        case .unsupportedCountry: "phone_unsupported_country"
        }
    }

    public var description: String {
        switch self {
        case .empty: "the phone number is empty"
        case .invalidCharacter(let character): "the phone number contains \"\(character)\"; only digits, a leading +, spaces, dots, hyphens and parentheses are allowed"
        case .hasExtension: "the phone number has an extension; an extension cannot receive SMS"
        case .tooShort: "the phone number has too few digits"
        case .tooLong: "the phone number has too many digits (E.164 allows at most 15)"
        case .invalidCountryCode: "a country code cannot start with 0"
        case .invalidAreaCode: "a North American area code cannot start with 0 or 1"
        case .unsupportedCountry(let country): "national numbers of \"\(country)\" cannot be normalised; write the number with + and its country code"
        }
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
