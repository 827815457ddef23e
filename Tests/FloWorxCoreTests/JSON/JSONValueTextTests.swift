import Foundation
import Testing

@testable import FloWorxCore

/// `JSONValue.jsonText` replaces `JSONEncoder` on the pipeline's hot path: it must write the same documents.
@Suite("JSON text without JSONEncoder")
struct JSONValueTextTests {
    static let samples: [JSONValue] = [
        .null, .bool(true), .bool(false), .number(0), .number(-3), .number(42), .number(0.85), .number(-0.125), .number(1e-7),
        .number(12_345_678_901), .number(3.141592653589793), .string(""), .string("plain"),
        .string("quote \" backslash \\ slash / newline \n tab \t cr \r bell \u{07} nul-ish \u{01} \u{1F} é 漢 🔥"),
        .array([]), .array([.number(1), .string("a"), .null, .array([.bool(true)])]),
        .object([:]),
        .object(["b": .number(2), "a": .string("x"), "Z": .null, "nested": .object(["y": .array([.number(1.5)]), "x": .bool(false)])]),
    ]

    @Test("the same value after a round trip as JSONEncoder's text", arguments: samples)
    func sameDocument(_ value: JSONValue) throws {
        let ours = value.jsonText
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(ours.utf8))
        #expect(decoded == value)
        let theirs = String(decoding: try JSONCoding.encoder().encode(value), as: UTF8.self)
        #expect(ours == theirs)
    }

    @Test("keys are sorted and objects nest")
    func sortedKeys() {
        #expect(JSONValue.jsonText(["b": .number(1), "a": .object(["d": .null, "c": .bool(true)])]) == #"{"a":{"c":true,"d":null},"b":1}"#)
    }

    @Test("a non-finite number is written as null instead of dropping the document")
    func nonFinite() {
        #expect(JSONValue.jsonText(["x": .number(.infinity), "y": .number(.nan)]) == #"{"x":null,"y":null}"#)
    }

    @Test("two decimals as printf writes them", arguments: [0, 0.004, 0.005, 0.015, 0.125, 0.145, 0.5, 0.999, 0.995, 1, 1.005, 12.345, 99.999, 0.35, 0.85, 2.675])
    func twoDecimals(_ value: Double) {
        #expect(EmailAnalyzer.twoDecimals(value) == String(format: "%.2f", value))
    }
}
