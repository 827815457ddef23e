@testable import FloWorxCore
import Foundation
import Testing

/// The gates in front of the extractor's costliest regexes (`TriageGates`, the first-character checks of
/// `TriageText.stripReply`) never hide a match: over every message of the training corpus and of Tests/Mailbox, a gate
/// that says "cannot match" is confirmed by the regex, and the gated `stripReply` equals the ungated one.
@Suite struct TriageGateTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Subject and body text of every corpus and Tests/Mailbox message with a raw `.eml`.
    static func texts() throws -> [String] {
        var texts: [String] = []
        for folder in ["Training/corpus", "Tests/Mailbox/messages/hvac", "Tests/Mailbox/messages/pools", "Tests/Mailbox/messages/roofing"] {
            let directory = root.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() where name.hasSuffix(".eml") {
                let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent(name)))
                guard let input = try? TriageInput(mime: bytes) else { continue }
                texts.append(input.subject + "\n" + input.text)
                if let html = input.html { texts.append(TriageText.htmlToText(html)) }
            }
        }
        return texts
    }

    /// The original `stripReply`, every pattern tried on every line.
    static func ungatedStripReply(_ body: String) -> String {
        let lines = TriageText.splitLines(body.replacingOccurrences(of: "\r\n", with: "\n"))
        var out: [String] = []
        for (i, line) in lines.enumerated() {
            let s = TriageText.strip(line)
            if TriageText.matches(TriageText.Patterns.quoteHead, s) || TriageText.matches(TriageText.Patterns.signature, TriageText.rstrip(line))
                || TriageText.matches(TriageText.Patterns.signature, s) { break }
            if TriageText.matches(TriageText.Patterns.outlookFrom, s),
                lines[(i + 1)..<min(i + 4, lines.count)].contains(where: { TriageText.matches(TriageText.Patterns.outlookSent, TriageText.strip($0)) })
            { break }
            if s.unicodeScalars.first == ">" { continue }
            out.append(line)
        }
        return out.joined(separator: "\n")
    }

    @Test func aClosedGateIsNeverAMissedMatch() throws {
        let texts = try Self.texts()
        #expect(texts.count > 2_500)
        var opened = (phone: 0, duration: 0, stars: 0)
        for text in texts {
            if TriageGates.mayHavePhone(text) { opened.phone += 1 } else { #expect(!TriageText.contains(TriageText.Patterns.phone, text)) }
            if TriageGates.mayHaveDuration(text) { opened.duration += 1 } else {
                #expect(TriageText.searchAtWordStart(TriageText.Patterns.duration, text) == nil)
            }
            if TriageGates.mayHaveStars(text) { opened.stars += 1 } else {
                #expect(TriageText.searchAtWordStart(TriageText.Patterns.stars, text, needsBoundary: { $0.output[1].substring == nil }) == nil)
            }
            #expect(TriageText.stripReply(text) == Self.ungatedStripReply(text))
            for line in TriageText.splitLines(text) where !line.unicodeScalars.contains(where: { $0 == ":" || $0 == "|" || $0 == "-" || $0 == "–" }) {
                #expect(!TriageText.matches(TriageText.Patterns.field, line))
            }
        }
        // The gates do close for ordinary mail (or they would save nothing).
        #expect(opened.phone < texts.count && opened.duration < texts.count && opened.stars < texts.count)
    }

    @Test func gatesOpenForWhatThePatternsNeed() {
        #expect(TriageGates.mayHavePhone("call 416 555 0142"))
        #expect(!TriageGates.mayHavePhone("call 555 0142"))
        #expect(TriageGates.mayHaveDuration("Duration: 0:48") && TriageGates.mayHaveDuration("12 SECONDS") && TriageGates.mayHaveDuration("20 ſec"))
        #expect(!TriageGates.mayHaveDuration("no time given"))
        #expect(TriageGates.mayHaveStars("★★★★★") && TriageGates.mayHaveStars("4 Étoiles") && TriageGates.mayHaveStars("Rating 2"))
        #expect(TriageGates.mayHaveStars("İstanbul"))  // a scalar whose folding is not one scalar: the regex decides
        #expect(!TriageGates.mayHaveStars("Great service, thanks"))
        // The tighter conditions: a bare ":" or "/" no longer opens them, a time or a "/5" does.
        #expect(!TriageGates.mayHaveDuration("Re: see https://example.com/a at 10am"))
        #expect(TriageGates.mayHaveDuration("call back at 10:30") && TriageGates.mayHaveDuration("0:48"))
        #expect(!TriageGates.mayHaveStars("see https://example.com/a/b on 12/05"))
        #expect(TriageGates.mayHaveStars("4/5") && TriageGates.mayHaveStars("4 / 5") && TriageGates.mayHaveStars("5.0/\u{A0}5"))
        #expect(!TriageGates.mayHavePhone("order 12345, invoice 67890, ref 11"))
        #expect(TriageGates.mayHavePhone("+1 (416) 555-0142") && TriageGates.mayHavePhone("4165550142"))
    }

    /// Character n-grams are hashed without building their strings; the string a reason shows is rebuilt on demand
    /// and must hash to the same bucket, for every feature of every Tests/Mailbox message.
    @Test func everyBucketsNameHashesToIt() throws {
        let extractor = TriageFeatureExtractor()
        let business = TriageBusiness(industry: "hvac", domain: "northline.example", managers: [], supplierDomains: [])
        var checked = 0
        for folder in ["Tests/Mailbox/messages/hvac", "Tests/Mailbox/messages/pools", "Tests/Mailbox/messages/roofing"] {
            let directory = Self.root.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasSuffix(".eml") {
                let input = try TriageInput(mime: [UInt8](Data(contentsOf: directory.appendingPathComponent(name))))
                let features = extractor.extract(input, business: business)
                for bucket in features.vector.keys {
                    let feature = try #require(features.featureName(bucket), "\(name): bucket \(bucket) has no name")
                    #expect(TriageHash.bucket(feature) == bucket, "\(name): \(feature)")
                    checked += 1
                }
            }
        }
        #expect(checked > 10_000)
    }
}
