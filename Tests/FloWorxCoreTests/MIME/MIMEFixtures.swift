import Foundation
import FloWorxCore

/// The `.eml` fixtures next to this file, found through `#filePath` so they load the same in any package layout.
enum MIMEFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    static var names: [String] {
        get throws {
            try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".eml") }.sorted()
        }
    }

    /// A fixed instant for `fallbackDate`, far from every fixture's own date.
    static let fallbackDate = Date(timeIntervalSince1970: 1_000_000_000)

    static func message(_ name: String) throws -> EmailMessage {
        try EmailMessage(mime: bytes(name), fallbackMessageId: "fallback-\(name)", fallbackDate: fallbackDate)
    }

    static func date(_ iso: String) -> Date {
        ISO8601.parse(iso)!
    }
}
