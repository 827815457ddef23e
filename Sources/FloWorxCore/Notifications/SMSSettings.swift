/// The SMS limits FloWorx applies before handing a body to the provider (README, "SMS (Twilio)").
public struct SMSSettings: Sendable, Hashable {
    /// At most this many segments per alert (`FLOWORX_SMS_MAX_SEGMENTS`, 1-10, default 3); longer bodies are cut
    /// with an ellipsis. Each segment is billed as one message.
    public var maxSegments: Int
    /// The country whose national format phone numbers without `+` are read in (`FLOWORX_SMS_DEFAULT_COUNTRY`,
    /// default US; one of `SMSPhoneNumber.countries`).
    public var defaultCountry: String
    /// Whether curly quotes, dashes and the like become GSM-7 characters (`FLOWORX_SMS_TRANSLITERATE`, default true).
    public var transliterate: Bool

    public init(maxSegments: Int = 3, defaultCountry: String = "US", transliterate: Bool = true) {
        self.maxSegments = maxSegments
        self.defaultCountry = defaultCountry
        self.transliterate = transliterate
    }

    /// Reads the settings from environment variables; an invalid value is an error naming the variable.
    public static func fromEnvironment(_ environment: [String: String]) throws(SettingError) -> SMSSettings {
        var settings = SMSSettings()
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let text = value("FLOWORX_SMS_MAX_SEGMENTS") {
            settings.maxSegments = try Setting.int(text, name: "FLOWORX_SMS_MAX_SEGMENTS", range: 1...10)
        }
        if let text = value("FLOWORX_SMS_DEFAULT_COUNTRY") {
            settings.defaultCountry = try Setting.choice(text, name: "FLOWORX_SMS_DEFAULT_COUNTRY", among: SMSPhoneNumber.countries.keys.sorted())
        }
        if let text = value("FLOWORX_SMS_TRANSLITERATE") {
            settings.transliterate = try Setting.bool(text, name: "FLOWORX_SMS_TRANSLITERATE")
        }
        return settings
    }

    /// `text` prepared for sending under these settings (`SMSText.fitting`).
    public func body(_ text: String) -> SMSText {
        SMSText.fitting(text, maxSegments: maxSegments, transliterate: transliterate)
    }

    /// `input` as E.164 under these settings (`SMSPhoneNumber.parse`).
    public func phoneNumber(_ input: String) throws(SMSPhoneNumberError) -> SMSPhoneNumber {
        try SMSPhoneNumber.parse(input, defaultCountry: defaultCountry)
    }
}
