import FloWorxCore
import Foundation
import Testing

/// Property-style checks: no input, however broken, crashes the parser; it parses or throws a known MIMEError.
@Suite struct MIMERobustnessTests {
    static let knownCodes: Set<String> = [
        "mime_empty", "mime_no_header_separator", "mime_too_large", "mime_too_deep", "mime_too_many_parts",
        "mime_header_too_long", "mime_bad_header", "mime_no_from",
    ]

    /// SplitMix64: deterministic, so a failure reproduces.
    struct Random: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Parses fully, touching every derived value, and returns the error code if it threw.
    private func exercise(_ bytes: [UInt8]) -> String? {
        let parser = MIMEParser(maxSize: 1 << 20, maxDepth: 8, maxParts: 200)
        do {
            let message = try EmailMessage(mime: bytes, parser: parser, fallbackMessageId: "f", fallbackDate: Date(timeIntervalSince1970: 0))
            _ = try JSONCoding.encoder().encode(message)
            return nil
        } catch let error as MIMEError {
            return error.code
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    /// Fragments that steer random input into the interesting paths.
    static let tokens: [[UInt8]] = [
        "\r\n", "\n", ": ", "From: a@b.c\r\n", "Content-Type: multipart/mixed; boundary=b\r\n", "--b\r\n", "--b--",
        "Content-Transfer-Encoding: base64\r\n", "Content-Transfer-Encoding: quoted-printable\r\n", "=?utf-8?B?", "=?x?Q?", "?=",
        "=C3=A9", "=\r\n", "<", ">", "\"", "(", ")", ",", ";", "&amp;", "<p>", "</script", "Content-Type: text/html\r\n",
        "filename*0*=utf-8''%E2", "charset=shift_jis", "charset=utf-16", "charset=euc-jp", "\r\n\r\n",
    ].map { Array($0.utf8) }

    @Test func randomBytesNeverCrash() {
        var random = Random(state: 42)
        for _ in 0..<1500 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...64, using: &random) {
                if Bool.random(using: &random) {
                    bytes += Self.tokens.randomElement(using: &random)!
                } else {
                    bytes += (0..<Int.random(in: 1...8, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                }
            }
            if let code = exercise(bytes) { #expect(Self.knownCodes.contains(code), "\(code)") }
        }
    }

    @Test func mutatedFixturesNeverCrash() throws {
        var random = Random(state: 7)
        var parsedCount = 0
        for name in try MIMEFixtures.names {
            let original = try MIMEFixtures.bytes(name)
            for _ in 0..<120 {
                var bytes = original
                for _ in 0..<Int.random(in: 1...6, using: &random) {
                    guard !bytes.isEmpty else { break }
                    let at = Int.random(in: 0..<bytes.count, using: &random)
                    switch Int.random(in: 0..<5, using: &random) {
                    case 0: bytes[at] = UInt8.random(in: 0...255, using: &random)
                    case 1: bytes.insert(contentsOf: Self.tokens.randomElement(using: &random)!, at: at)
                    case 2: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...40, using: &random)))
                    case 3: bytes.removeSubrange(at...)
                    default:
                        let from = Int.random(in: 0..<bytes.count, using: &random)
                        bytes.insert(contentsOf: bytes[from..<min(bytes.count, from + 64)], at: at)
                    }
                }
                if let code = exercise(bytes) {
                    #expect(Self.knownCodes.contains(code), "\(code)")
                } else {
                    parsedCount += 1
                }
            }
        }
        // Most mutations leave a message a mail client would still show.
        #expect(parsedCount > 500)
    }
}
