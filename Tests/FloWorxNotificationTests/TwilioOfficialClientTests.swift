import FloWorxIntegrations
import FloWorxLocalProviders
import FloWorxTestSupport
import Foundation
import Synchronization
import HummingbirdTesting
import Testing

/// Twilio's official Python helper library (twilio, PyPI) against the local Twilio server and FloWorx's status route
/// (scripts/notify-check/twilio_check.py): messages create, fetch and list parse, errors carry Twilio's codes,
/// `RequestValidator` accepts the local server's callback signatures, and the route accepts what `RequestValidator`
/// signs. Runs when FLOWORX_TWILIO_PYTHON names a Python with scripts/notify-check/twilio-requirements.txt installed
/// (scripts/notify-check/twilio-check.sh does it).
@Suite struct TwilioOfficialClientTests {
    static let python = ProcessInfo.processInfo.environment["FLOWORX_TWILIO_PYTHON"]

    @Test(.enabled(if: python != nil))
    func twilioPythonAgreesWithTheLocalServerAndTheRoute() async throws {
        let python = try #require(Self.python)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let script = root.appendingPathComponent("scripts/notify-check/twilio_check.py")
        try await TestDatabase.with { db in
            let sid = LocalTwilioConfiguration.randomSid("SM")
            let id = try await TwilioFixture.smsNotification(db, providerMessageId: sid)
            let twilio = LocalTwilioServer()
            let base = try await twilio.start()
            let token = twilio.configuration.authToken
            let result = try await withTwilioApp(db, token: token) { port in
                try await Self.run(python, [script.path], environment: [
                    "TWILIO_CHECK_BASE_URL": base, "TWILIO_CHECK_ACCOUNT_SID": twilio.configuration.accountSid, "TWILIO_CHECK_AUTH_TOKEN": token,
                    "TWILIO_CHECK_FROM": TwilioFixture.from, "TWILIO_CHECK_ROUTE_URL": "http://127.0.0.1:\(port)/api/v1/webhooks/twilio/status",
                    "TWILIO_CHECK_MESSAGE_SID": sid,
                ])
            }
            await twilio.stop()
            #expect(result.0 == 0, "\(result.1)")
            #expect(result.1.contains("\"ok\": true"), "\(result.1)")
            // The callback the script signed with RequestValidator reached the row.
            let row = try await TwilioFixture.row(db, id)
            #expect(row.status == "delivered")
            #expect(row.providerStatus == "delivered")
        }
    }

    /// FloWorx's application listening on a port, verifying callbacks with `token`.
    func withTwilioApp<Result: Sendable>(_ db: TestDatabase, token: String, _ body: @escaping @Sendable (Int) async throws -> Result) async throws -> Result {
        let box = TwilioResultBox<Result>()
        try await TwilioFixture.withApp(db, setup: .live, authToken: token, publicURL: nil) { client in
            box.set(try await body(try #require(client.port)))
        }
        return try #require(box.get())
    }

    /// Runs a program to its end; its status and output (stdout and stderr).
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]) async throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
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

/// A value handed out of a `@Sendable` closure.
final class TwilioResultBox<Value: Sendable>: Sendable {
    private let value = Mutex<Value?>(nil)
    func set(_ newValue: Value) { value.withLock { $0 = newValue } }
    func get() -> Value? { value.withLock { $0 } }
}
