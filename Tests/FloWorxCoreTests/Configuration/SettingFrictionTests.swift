import FloWorxCore
import Testing

/// Numbers in configuration are range-checked and refused in one line naming the option, never wrapped, clamped or
/// replaced by the default (issue 17: `--port 99999` listened on 34463).
@Suite struct SettingFrictionTests {
    @Test func anIntegerInRangeIsAccepted() throws {
        #expect(try Setting.int("8080", name: "PORT", range: 0...65535) == 8080)
        #expect(try Setting.int(" 0 ", name: "PORT", range: 0...65535) == 0)
        #expect(try Setting.check(65535, name: "--port", range: 0...65535) == 65535)
    }

    @Test func anIntegerOutOfRangeNamesTheOption() {
        #expect(throws: SettingError(name: "--port", message: "must be between 0 and 65535, got 99999")) {
            try Setting.check(99999, name: "--port", range: 0...65535)
        }
        #expect(throws: SettingError(name: "PORT", message: "must be between 0 and 65535, got -1")) {
            try Setting.int("-1", name: "PORT", range: 0...65535)
        }
        #expect(throws: SettingError(name: "FLOWORX_X", message: "must be at least 1, got 0")) {
            try Setting.int("0", name: "FLOWORX_X", range: 1...Int.max)
        }
    }

    @Test(arguments: ["", "  ", "8080x", "1e3", "99999999999999999999999"])
    func somethingThatIsNotAnIntegerIsRefused(_ text: String) {
        #expect(throws: SettingError(name: "PORT", message: "must be an integer between 0 and 65535, got \"\(text)\"")) {
            try Setting.int(text, name: "PORT", range: 0...65535)
        }
    }

    @Test func secondsBecomeADuration() throws {
        #expect(try Setting.seconds("2", name: "T", range: 0.001...600) == .seconds(2))
        #expect(try Setting.seconds("0.25", name: "T", range: 0.001...600) == .milliseconds(250))
        #expect(try Setting.check(seconds: 600, name: "--t", range: 0.001...600) == .seconds(600))
    }

    @Test(arguments: ["nan", "inf", "-inf", "abc", "0", "601", "-2"])
    func secondsOutOfRangeOrNotFiniteAreRefused(_ text: String) {
        #expect(throws: SettingError.self) { try Setting.seconds(text, name: "T", range: 0.001...600) }
    }

    @Test func theMessageIsOneLineStartingWithTheName() {
        let error = SettingError(name: "FLOWORX_BATCH_SIZE", message: "must be between 1 and 10000, got 0")
        #expect(error.description == "FLOWORX_BATCH_SIZE must be between 1 and 10000, got 0")
    }

    @Test func booleansAndChoices() throws {
        #expect(try Setting.bool("Yes", name: "B") == true)
        #expect(try Setting.bool("off", name: "B") == false)
        #expect(throws: SettingError(name: "B", message: "must be true or false, got \"maybe\"")) { try Setting.bool("maybe", name: "B") }
        #expect(try Setting.choice("OpenAI", name: "P", among: ["builtin", "openai"]) == "openai")
        #expect(throws: SettingError(name: "P", message: "must be one of builtin, openai, got \"gpt\"")) {
            try Setting.choice("gpt", name: "P", among: ["builtin", "openai"])
        }
    }
}
