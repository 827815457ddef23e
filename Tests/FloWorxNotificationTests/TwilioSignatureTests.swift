import FloWorxCore
import FloWorxIntegrations
import Foundation
import Testing

/// `X-Twilio-Signature` (Twilio's published example) and the Twilio settings read from the environment.
@Suite struct TwilioSignatureTests {
    /// The example of Twilio's "Validating requests" documentation.
    static let exampleURL = "https://mycompany.com/myapp.php?foo=1&bar=2"
    static let exampleParameters: [(name: String, value: String)] = [
        ("CallSid", "CA1234567890ABCDE"), ("Caller", "+12349013030"), ("Digits", "1234"), ("From", "+12349013030"), ("To", "+18005551212"),
    ]

    @Test func twiliosDocumentedExampleSignature() {
        #expect(TwilioSignature.compute(url: Self.exampleURL, parameters: Self.exampleParameters, authToken: "12345") == "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")
        // Order of the fields does not matter: they are sorted.
        #expect(TwilioSignature.isValid("0/KCTR6DLpKmkAf8muzZqo1nDgQ=", url: Self.exampleURL, parameters: Self.exampleParameters.reversed(), authToken: "12345"))
    }

    @Test func anyChangeInvalidatesTheSignature() {
        let signature = "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
        #expect(!TwilioSignature.isValid(signature, url: Self.exampleURL + "&x=1", parameters: Self.exampleParameters, authToken: "12345"))
        #expect(!TwilioSignature.isValid(signature, url: Self.exampleURL, parameters: Self.exampleParameters + [("Extra", "1")], authToken: "12345"))
        #expect(!TwilioSignature.isValid(signature, url: Self.exampleURL, parameters: Self.exampleParameters, authToken: "12346"))
        #expect(!TwilioSignature.isValid(nil, url: Self.exampleURL, parameters: Self.exampleParameters, authToken: "12345"))
        #expect(!TwilioSignature.isValid("", url: Self.exampleURL, parameters: Self.exampleParameters, authToken: "12345"))
    }

    @Test func formBodiesDecode() throws {
        let parameters = try #require(TwilioSignature.formParameters(Data("MessageSid=SM1&To=%2B15551234567&Body=a+b%20c&Empty=".utf8)))
        #expect(parameters.map(\.name) == ["MessageSid", "To", "Body", "Empty"])
        #expect(parameters.map(\.value) == ["SM1", "+15551234567", "a b c", ""])
        #expect(TwilioSignature.formParameters(Data("a=%ZZ".utf8)) == nil)
        #expect(TwilioSignature.formParameters(Data([0xFF, 0xFE])) == nil)
    }

    @Test func statusCallbacksParseAndExplainFailures() throws {
        let callback = try #require(TwilioStatusCallback(parameters: [("MessageSid", "SMabc"), ("MessageStatus", "undelivered"), ("ErrorCode", "30005")]))
        #expect(callback.isFailure)
        #expect(callback.failureReason == "sms undelivered: Twilio error 30005 (unknown destination handset)")
        #expect(TwilioStatusCallback(parameters: [("MessageSid", "SMabc")]) == nil)
        #expect(TwilioStatusCallback(parameters: [("MessageStatus", "sent")]) == nil)
        #expect(TwilioStatusCallback(parameters: [("SmsSid", "SMabc"), ("SmsStatus", "Delivered")])?.status == "delivered")
    }

    // MARK: Configuration

    static let account = "AC" + String(repeating: "a1", count: 16)

    @Test func noTwilioVariableMeansSMSIsOff() throws {
        #expect(try TwilioConfiguration.fromEnvironment([:], publicURL: "https://x.test") == nil)
    }

    @Test func anAuthTokenConfigurationWithAPublicURL() throws {
        let configuration = try #require(try TwilioConfiguration.fromEnvironment([
            "FLOWORX_TWILIO_ACCOUNT_SID": Self.account, "FLOWORX_TWILIO_AUTH_TOKEN": "tok-secret-value", "FLOWORX_TWILIO_FROM": "+15005550006",
        ], publicURL: "https://floworx.example.com/"))
        #expect(configuration.baseURL == "https://api.twilio.com")
        #expect(configuration.statusCallbackURL == "https://floworx.example.com/api/v1/webhooks/twilio/status")
        #expect(configuration.authToken == "tok-secret-value")
        #expect(configuration.sender == .init(from: "+15005550006"))
        #expect(configuration.timeout == .seconds(15))
        let id = UUID(uuidString: "6F9619FF-8B86-D011-B42D-00C04FC964FF")!
        #expect(configuration.statusCallbackURL(notificationId: id)
            == "https://floworx.example.com/api/v1/webhooks/twilio/status?notification=6f9619ff-8b86-d011-b42d-00c04fc964ff")
        #expect(!"\(configuration)".contains("tok-secret-value"))
        #expect(!"\(configuration.credentials)".contains("tok-secret-value"))
    }

    @Test func anAPIKeyConfigurationWithAMessagingService() throws {
        let key = "SK" + String(repeating: "b2", count: 16), service = "MG" + String(repeating: "c3", count: 16)
        let configuration = try #require(try TwilioConfiguration.fromEnvironment([
            "FLOWORX_TWILIO_ACCOUNT_SID": Self.account, "FLOWORX_TWILIO_API_KEY_SID": key, "FLOWORX_TWILIO_API_KEY_SECRET": "key-secret-value",
            "FLOWORX_TWILIO_MESSAGING_SERVICE_SID": service, "FLOWORX_TWILIO_BASE_URL": "http://127.0.0.1:9999",
            "FLOWORX_TWILIO_STATUS_CALLBACK_URL": "https://hooks.example.com/twilio", "FLOWORX_TWILIO_TIMEOUT_SECONDS": "5",
        ], publicURL: nil))
        #expect(configuration.authToken == nil)
        #expect(configuration.sender.messagingServiceSid == service)
        #expect(configuration.baseURL == "http://127.0.0.1:9999")
        #expect(configuration.statusCallbackURL == "https://hooks.example.com/twilio")
        #expect(configuration.timeout == .seconds(5))
        #expect(!"\(configuration.credentials)".contains("key-secret-value"))
    }

    @Test(arguments: [
        (["FLOWORX_TWILIO_AUTH_TOKEN": "t", "FLOWORX_TWILIO_FROM": "+15005550006"], "FLOWORX_TWILIO_ACCOUNT_SID"),
        (["FLOWORX_TWILIO_ACCOUNT_SID": "AC123", "FLOWORX_TWILIO_AUTH_TOKEN": "t", "FLOWORX_TWILIO_FROM": "+15005550006"], "FLOWORX_TWILIO_ACCOUNT_SID"),
        (["FLOWORX_TWILIO_ACCOUNT_SID": account, "FLOWORX_TWILIO_FROM": "+15005550006"], "FLOWORX_TWILIO_AUTH_TOKEN"),
        (["FLOWORX_TWILIO_ACCOUNT_SID": account, "FLOWORX_TWILIO_AUTH_TOKEN": "t"], "FLOWORX_TWILIO_FROM"),
        (["FLOWORX_TWILIO_ACCOUNT_SID": account, "FLOWORX_TWILIO_AUTH_TOKEN": "t", "FLOWORX_TWILIO_FROM": "555-1234"], "FLOWORX_TWILIO_FROM"),
        (["FLOWORX_TWILIO_ACCOUNT_SID": account, "FLOWORX_TWILIO_API_KEY_SID": "SK" + String(repeating: "0", count: 32), "FLOWORX_TWILIO_FROM": "+15005550006"],
         "FLOWORX_TWILIO_API_KEY_SID"),
        (["FLOWORX_TWILIO_ACCOUNT_SID": account, "FLOWORX_TWILIO_AUTH_TOKEN": "t", "FLOWORX_TWILIO_MESSAGING_SERVICE_SID": "MGx"],
         "FLOWORX_TWILIO_MESSAGING_SERVICE_SID"),
        (["FLOWORX_TWILIO_ACCOUNT_SID": account, "FLOWORX_TWILIO_AUTH_TOKEN": "t", "FLOWORX_TWILIO_FROM": "+15005550006", "FLOWORX_TWILIO_BASE_URL": "api.twilio.com"],
         "FLOWORX_TWILIO_BASE_URL"),
        (["FLOWORX_TWILIO_ACCOUNT_SID": account, "FLOWORX_TWILIO_AUTH_TOKEN": "t", "FLOWORX_TWILIO_FROM": "+15005550006", "FLOWORX_TWILIO_TIMEOUT_SECONDS": "0"],
         "FLOWORX_TWILIO_TIMEOUT_SECONDS"),
    ])
    func incompleteOrMalformedSettingsNameTheVariable(_ environment: [String: String], _ variable: String) {
        let error = #expect(throws: SettingError.self) { try TwilioConfiguration.fromEnvironment(environment, publicURL: nil) }
        #expect(error?.name == variable)
    }

    @Test func anAlphanumericSenderIDIsAccepted() throws {
        let configuration = try TwilioConfiguration.fromEnvironment([
            "FLOWORX_TWILIO_ACCOUNT_SID": Self.account, "FLOWORX_TWILIO_AUTH_TOKEN": "t", "FLOWORX_TWILIO_FROM": "FloWorx",
        ], publicURL: nil)
        #expect(configuration?.sender.from == "FloWorx")
        #expect(configuration?.statusCallbackURL == nil)
    }
}
