import Foundation
import NIOHTTP1
import FloWorxLocalProviders
import Testing

/// Microsoft's Graph SDK for Python (msgraph-sdk) against the local Graph server: every call FloWorx makes, parsed
/// into the SDK's typed models (scripts/api-check/graph_mail_check.py). Runs when FLOWORX_GRAPH_PYTHON names a
/// Python with scripts/api-check/graph-requirements.txt installed (scripts/api-check/graph-check.sh does it).
@Suite("Local Graph: Microsoft's official SDK")
struct LocalGraphOfficialClientTests {
    static let python = ProcessInfo.processInfo.environment["FLOWORX_GRAPH_PYTHON"]

    @Test("msgraph-sdk parses every response FloWorx relies on", .enabled(if: python != nil))
    func officialClient() async throws {
        let python = try #require(Self.python)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let script = root.appendingPathComponent("scripts/api-check/graph_mail_check.py")
        let graph = LocalGraphServer()
        let base = try await graph.start()
        let receiver = NotificationReceiver()
        let receiverURL = try await receiver.start()
        let account = await graph.addMailbox(email: "owner@contoso.test", displayName: "Pat Owner")
        var ids: [String] = []
        for index in 0..<5 {
            ids.append(try await graph.deliver(to: account.email, raw: GraphTestHTTP.raw(to: account.email, subject: "Order \(index)")))
        }
        // A second mailbox whose deltaLink the server has expired: the SDK must surface 410 SyncStateNotFound.
        let other = await graph.addMailbox(email: "other@contoso.test")
        let round = try await GraphTestHTTP.send(.GET, "\(base)/me/mailFolders/inbox/messages/delta", token: other.accessToken)
        let expiredLink = try #require(round.json["@odata.deltaLink"] as? String)
        try await graph.expireDelta(email: other.email)
        // The first childFolders listing is throttled; the SDK's retry handler honours Retry-After.
        graph.faults.inject(pathPrefix: "/v1.0/me/mailFolders/inbox/childFolders", status: 429, times: 1, retryAfterSeconds: 1, method: "GET")
        let result = try await Self.run(python, [script.path, "--base-url", base, "--token", account.accessToken,
                                                 "--email", account.email, "--notify-url", receiverURL, "--messages", "5",
                                                 "--expired-delta-link", expiredLink, "--expired-token", other.accessToken])
        let counters = await graph.counters(email: account.email)
        await receiver.stop()
        await graph.stop()
        #expect(result.0 == 0, "\(result.1)")
        #expect(result.1.contains("11 passed, 0 failed"), "\(result.1)")
        // The SDK's requests reached the routes FloWorx uses, and the server's state agrees with what it saw.
        #expect(counters["messages.delta"] == 5)
        #expect(counters["messages.list"] == 1)
        #expect(counters["subscriptions.create"] == 1)
        #expect(counters["childFolders.list"] == 2)
        #expect(receiver.validationTokens.count == 2)
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
