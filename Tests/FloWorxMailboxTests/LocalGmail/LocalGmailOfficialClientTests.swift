import Foundation
import FloWorxLocalProviders
import Testing

/// Google's official Python client against the local Gmail server (scripts/api-check/google-check.sh runs this
/// with FLOWORX_GOOGLE_PYTHON set; without it the test is skipped).
@Suite struct LocalGmailOfficialClientTests {
    static let python = ProcessInfo.processInfo.environment["FLOWORX_GOOGLE_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }

    @Test("google-api-python-client calls every method FloWorx uses; bodies validate against the discovery doc",
          .enabled(if: python != nil, "set FLOWORX_GOOGLE_PYTHON (scripts/api-check/google-check.sh)"))
    func officialClient() async throws {
        let python = try #require(Self.python)
        // The repository root is the nearest folder above this file that holds the script.
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let relative = "scripts/api-check/google_gmail_check.py"
        while folder.path != "/", !FileManager.default.fileExists(atPath: folder.appendingPathComponent(relative).path) {
            folder = folder.deletingLastPathComponent()
        }
        let script = folder.appendingPathComponent(relative)
        // No quota limit: the script makes about 40 calls in well under a second (over 250 units).
        let (status, output) = try await LocalGmailHarness.with(.init(unitsPerUserPerSecond: nil)) { gmail in
            let topic = "projects/floworx-local/topics/gmail"
            await gmail.server.configurePush(.init(topicName: topic, endpoint: "http://127.0.0.1:9/unused"))
            let box = await gmail.server.addMailbox(email: "owner@floworx.test")
            var delivered: [String] = []
            for index in 0..<5 {
                delivered.append(try await gmail.server.deliver(
                    to: box.email,
                    raw: LocalGmailHarness.raw(subject: "Official client \(index)", messageID: "<official-\(index)@example.com>")))
            }
            let result = try await Self.run(python, [
                script.path, "--base-url", gmail.base, "--token", box.accessToken,
                "--start-history-id", String(box.historyId), "--topic", topic,
            ])
            #expect(result.0 == 0, "\(result.1)")
            // What the client did, seen from the server.
            let labels = await gmail.server.labelList(email: box.email)
            let urgent = labels.first { $0.name == "FloWorx/Urgent" }?.id ?? "missing"
            #expect(urgent != "missing")
            #expect(!labels.contains { $0.name == "Spare" })
            #expect(await gmail.server.labels(email: box.email, messageId: delivered[0]) == ["INBOX", urgent])
            #expect(await gmail.server.labels(email: box.email, messageId: delivered[1])?.contains(urgent) == true)
            let thread = await gmail.server.message(email: box.email, id: delivered[0])?.threadId ?? "missing"
            let drafts = await gmail.server.drafts(email: box.email, threadId: thread)
            #expect(drafts.count == 1)
            let draftText = String(decoding: drafts.first?.raw ?? Data(), as: UTF8.self)
            #expect(draftText.contains("4pm"))
            #expect(await gmail.server.watch(email: box.email) == nil)
            #expect(await gmail.server.callCounts(email: box.email)["history.list"] == 3)
            return result
        }
        #expect(status == 0)
        #expect(output.contains(" passed, 0 failed"), "\(output)")
    }

    /// Runs a program to its end without blocking a thread of the cooperative pool; its status and output.
    static func run(_ executable: String, _ arguments: [String]) async throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        return try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { process in
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                continuation.resume(returning: (process.terminationStatus, String(decoding: data, as: UTF8.self)))
            }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
    }
}
