import FloWorxCore
import Testing

/// SMS length rules: GSM-7 versus UCS-2, segment sizes, escape sequences and surrogate pairs at segment boundaries,
/// truncation with an ellipsis, and the transliteration of typographic characters.
@Suite struct SMSTextTests {
    @Test func theGSMAlphabetHas127BasicAnd10ExtensionCharacters() {
        #expect(SMSGSMAlphabet.basic.count == 127)
        #expect(SMSGSMAlphabet.extended.count == 10)
        #expect(SMSGSMAlphabet.basic.isDisjoint(with: SMSGSMAlphabet.extended))
    }

    @Test func plainASCIIIsGSMWithOneSeptetEach() {
        let text = SMSText("Gas smell at 12 Oak St. Call (555) 123-4567 now!")
        #expect(text.encoding == .gsm7)
        #expect(text.units == 48)
        #expect(text.segmentCount == 1)
    }

    @Test func extensionCharactersCountTwoSeptets() {
        let text = SMSText("Cost: 5€ [approx] {x} ~ | ^ \\")
        #expect(text.encoding == .gsm7)
        // 29 characters, of which € [ ] { } ~ | ^ \ (9) take two septets.
        #expect(text.units == 29 + 9)
    }

    @Test(arguments: ["é", "Ä", "ß", "Δ", "¿", "@", "£", "\n"])
    func accentedAndGreekLettersOfTheTableStayGSM(_ character: String) {
        #expect(SMSText("a" + character).encoding == .gsm7)
    }

    @Test(arguments: ["ç", "á", "ő", "ł", "中", "🔥", "’", "\t", "`"])
    func charactersOutsideTheTableMakeUCS2(_ character: String) {
        #expect(SMSText("a" + character).encoding == .ucs2)
    }

    @Test func gsmSegmentBoundariesAre160Then153() {
        #expect(SMSText(String(repeating: "a", count: 160)).segmentCount == 1)
        #expect(SMSText(String(repeating: "a", count: 161)).segmentCount == 2)
        #expect(SMSText(String(repeating: "a", count: 306)).segmentCount == 2)
        #expect(SMSText(String(repeating: "a", count: 307)).segmentCount == 3)
        #expect(SMSText(String(repeating: "a", count: 459)).segmentCount == 3)
        #expect(SMSText(String(repeating: "a", count: 460)).segmentCount == 4)
        #expect(SMSText(String(repeating: "a", count: 161)).segments.map(\.count) == [153, 8])
    }

    @Test func eightyExtensionCharactersFillOneSegment() {
        #expect(SMSText(String(repeating: "€", count: 80)).segmentCount == 1)
        #expect(SMSText(String(repeating: "€", count: 81)).segmentCount == 2)
    }

    @Test func anEscapeSequenceIsNeverSplitAcrossSegments() throws {
        // 152 septets then "€" (2): it does not fit in the first segment's 153, so it opens the second.
        let text = SMSText(String(repeating: "a", count: 152) + "€" + String(repeating: "b", count: 10))
        #expect(text.units == 164)
        try #require(text.segments.count == 2)
        #expect(text.segments[0] == String(repeating: "a", count: 152))
        #expect(text.segments[1].hasPrefix("€"))
    }

    @Test func ucs2SegmentBoundariesAre70Then67() {
        #expect(SMSText(String(repeating: "ж", count: 70)).segmentCount == 1)
        #expect(SMSText(String(repeating: "ж", count: 71)).segmentCount == 2)
        #expect(SMSText(String(repeating: "ж", count: 134)).segmentCount == 2)
        #expect(SMSText(String(repeating: "ж", count: 135)).segmentCount == 3)
    }

    @Test func ucs2CountsUTF16CodeUnits() {
        // An emoji beyond the BMP is a surrogate pair: two units.
        let text = SMSText("🔥")
        #expect(text.encoding == .ucs2)
        #expect(text.units == 2)
        #expect(SMSText(String(repeating: "🔥", count: 35)).segmentCount == 1)
        #expect(SMSText(String(repeating: "🔥", count: 36)).segmentCount == 2)
    }

    @Test func aSurrogatePairIsNeverSplitAcrossSegments() throws {
        // 66 units then a pair: the pair does not fit in 67, so it opens the second segment.
        let text = SMSText(String(repeating: "ж", count: 66) + "🔥" + String(repeating: "ж", count: 10))
        #expect(text.units == 78)
        try #require(text.segments.count == 2)
        #expect(text.segments[0].utf16.count == 66)
        #expect(text.segments[1] == "🔥" + String(repeating: "ж", count: 10))
        for segment in text.segments { #expect(segment.utf16.count <= 67) }
    }

    @Test func segmentsJoinBackToTheText() {
        let body = String(repeating: "Leak at 4 Elm Rd [unit 3] costs 40€. ", count: 20)
        let text = SMSText(body)
        #expect(text.segments.joined() == body)
        for segment in text.segments { #expect(SMSText(segment).units <= 153) }
    }

    @Test func emptyTextHasNoSegments() {
        #expect(SMSText("").segmentCount == 0)
        #expect(SMSText("").encoding == .gsm7)
    }

    // MARK: Transliteration

    @Test func curlyQuotesAndDashesBecomeGSM() {
        let text = SMSText.fitting("Customer’s “urgent” leak – call now…", maxSegments: 3)
        #expect(text.text == "Customer's \"urgent\" leak - call now...")
        #expect(text.encoding == .gsm7)
    }

    @Test func transliterationIsSkippedWhenTheTextStaysUCS2Anyway() {
        // The emoji keeps it UCS-2, so the curly quote costs nothing and is kept.
        let text = SMSText.fitting("It’s on fire 🔥", maxSegments: 3)
        #expect(text.text == "It’s on fire 🔥")
        #expect(text.encoding == .ucs2)
    }

    @Test func transliterationCanBeTurnedOff() {
        let text = SMSText.fitting("It’s here", maxSegments: 3, transliterate: false)
        #expect(text.text == "It’s here")
        #expect(text.encoding == .ucs2)
    }

    @Test func invisibleCharactersAreDroppedAndSpacesNormalised() {
        #expect(SMSTransliteration.toGSM("a\u{00A0}b\u{200B}c\u{00AD}d\te") == "a bcd e")
    }

    @Test func everyReplacementIsGSM() {
        for replacement in SMSTransliteration.table.values { #expect(SMSGSMAlphabet.canEncode(replacement)) }
    }

    // MARK: Truncation

    @Test func aTextWithinTheLimitIsUnchanged() {
        let body = String(repeating: "a", count: 459)
        let text = SMSText.fitting(body, maxSegments: 3)
        #expect(text.text == body)
        #expect(text.segmentCount == 3)
    }

    @Test func aLongGSMTextIsCutToTheLimitWithThreeDots() {
        let body = String(repeating: "abcd ", count: 200)
        let text = SMSText.fitting(body, maxSegments: 3)
        #expect(text.segmentCount == 3)
        #expect(text.text.hasSuffix("..."))
        #expect(text.units <= 459)
        #expect(text.units >= 459 - 5)
        #expect(body.hasPrefix(String(text.text.dropLast(3))))
    }

    @Test func oneSegmentAllows160() {
        let text = SMSText.fitting(String(repeating: "a", count: 200), maxSegments: 1)
        #expect(text.text == String(repeating: "a", count: 157) + "...")
        #expect(text.units == 160)
    }

    @Test func aLongUCS2TextIsCutWithTheEllipsisCharacter() {
        let text = SMSText.fitting(String(repeating: "ж", count: 300), maxSegments: 2)
        #expect(text.encoding == .ucs2)
        #expect(text.text == String(repeating: "ж", count: 133) + "…")
        #expect(text.segmentCount == 2)
    }

    @Test func aCutNeverSplitsAnEmojiOrAFlag() {
        // 🇺🇸 is two scalars (four UTF-16 units); 👩‍🚒 is three scalars joined.
        let body = String(repeating: "🇺🇸👩‍🚒", count: 40)
        let text = SMSText.fitting(body, maxSegments: 1)
        #expect(text.segmentCount == 1)
        let kept = Array(text.text.dropLast())
        // 7 pairs (63 units) and a flag (4) leave no room for a firefighter (5) before the ellipsis (1).
        #expect(kept.count == 15)
        #expect(kept == Array(body.prefix(kept.count)))
        #expect(text.text.last == "…")
    }

    @Test func aCutBeforeAnEscapeCharacterStillFits() {
        let body = String(repeating: "€", count: 300)
        let text = SMSText.fitting(body, maxSegments: 2)
        #expect(text.segmentCount == 2)
        #expect(text.text.hasSuffix("..."))
        #expect(text.units <= 306)
    }

    @Test func trailingSpacesBeforeTheEllipsisAreTrimmed() {
        let body = String(repeating: "a", count: 155) + "     " + String(repeating: "b", count: 100)
        let text = SMSText.fitting(body, maxSegments: 1)
        #expect(text.text == String(repeating: "a", count: 155) + "...")
    }

    @Test func aZeroLimitMeansOneSegment() {
        #expect(SMSText.fitting(String(repeating: "a", count: 400), maxSegments: 0).segmentCount == 1)
    }

    @Test(arguments: 1...10)
    func everyLimitIsRespected(_ limit: Int) {
        for body in [String(repeating: "x€ ", count: 600), String(repeating: "жx🔥", count: 400)] {
            let text = SMSText.fitting(body, maxSegments: limit)
            #expect(text.segmentCount == limit)
        }
    }

    // MARK: Settings

    @Test func settingsDefaultToThreeSegmentsUSAndTransliteration() throws {
        let settings = try SMSSettings.fromEnvironment([:])
        #expect(settings == SMSSettings(maxSegments: 3, defaultCountry: "US", transliterate: true))
    }

    @Test func settingsAreReadAndCheckedFromTheEnvironment() throws {
        let settings = try SMSSettings.fromEnvironment([
            "FLOWORX_SMS_MAX_SEGMENTS": "5", "FLOWORX_SMS_DEFAULT_COUNTRY": "gb", "FLOWORX_SMS_TRANSLITERATE": "false",
        ])
        #expect(settings == SMSSettings(maxSegments: 5, defaultCountry: "GB", transliterate: false))
        #expect(throws: SettingError.self) { try SMSSettings.fromEnvironment(["FLOWORX_SMS_MAX_SEGMENTS": "11"]) }
        #expect(throws: SettingError.self) { try SMSSettings.fromEnvironment(["FLOWORX_SMS_MAX_SEGMENTS": "0"]) }
        #expect(throws: SettingError.self) { try SMSSettings.fromEnvironment(["FLOWORX_SMS_DEFAULT_COUNTRY": "XX"]) }
        #expect(throws: SettingError.self) { try SMSSettings.fromEnvironment(["FLOWORX_SMS_TRANSLITERATE": "maybe"]) }
    }
}
