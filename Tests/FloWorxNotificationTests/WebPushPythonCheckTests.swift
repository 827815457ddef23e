import AsyncHTTPClient
import Crypto
import FloWorxIntegrations
import FloWorxLocalProviders
import FloWorxServer
import FloWorxStore
import FloWorxTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The end-to-end proof of web push with independent implementations: a browser-like subscriber registers through
/// the API, FloWorx sends an alert through WebPushClient to the local push service, and Python's http_ece decrypts
/// the received body with the subscriber's private key and auth secret while py_vapid verifies the VAPID header
/// (scripts/notify-check/push_decrypt.py). Runs when FLOWORX_PUSH_PYTHON names a Python with
/// scripts/notify-check/push-requirements.txt installed (scripts/notify-check/push-check.sh does it).
@Suite("Web push: http_ece and py_vapid")
struct WebPushPythonCheckTests {
    static let python = ProcessInfo.processInfo.environment["FLOWORX_PUSH_PYTHON"]

    @Test("http_ece decrypts what WebPushClient sent; py_vapid verifies its header", .enabled(if: python != nil))
    func decryptsWithHTTPECE() async throws {
        let python = try #require(Self.python)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let script = root.appendingPathComponent("scripts/notify-check/push_decrypt.py")
        let service = LocalPushService()
        let origin = try await service.start()
        let sender = WebPushClient(client: HTTPClient.shared, configuration: try WebPushTestApp.configuration())
        let browser = WebPushBrowser()
        let alert: [String: String] = [
            "title": "Escalation: gas smell reported", "body": "Maria Lopez, 12 Elm St — call 555-0100 now. Übermorgen geöffnet.",
            "url": "https://app.floworx.test/emails/42",
        ]
        do {
            try await TestDatabase.with { db in
                let push = PushServerConfiguration(vapidPublicKey: sender.publicKey, allowInsecureEndpoints: true)
                try await WebPushTestApp.with(db, push: push) { client, tokens in
                    let user = try await WebPushTestApp.user(db, tokens, "e2e")
                    // The browser subscribes at the push service with FloWorx's public key, then registers with FloWorx.
                    let keyResponse = try await WebPushTestApp.send(client, .get, "/api/v1/push/vapid-public-key", bearer: user.bearer)
                    let publicKey = try #require(WebPushTestApp.object(keyResponse)["public_key"] as? String)
                    let endpoint = try service.createSubscription(applicationServerKey: publicKey)
                    let stored = try await WebPushTestApp.send(client, .post, "/api/v1/push/subscriptions", bearer: user.bearer, json: browser.json(endpoint.endpoint))
                    #expect(stored.status == .created)

                    // The sender reads the user's subscriptions as the delivery worker does.
                    let records = try await PushSubscriptionRepository(database: db.database.service).subscriptions(forUser: user.id)
                    #expect(records.count == 1)
                    let record = try #require(records.first)
                    let subscription = try WebPushSubscription(endpoint: record.endpoint, p256dhBase64URL: record.p256dh, authBase64URL: record.auth)
                    let result = try await sender.send(to: subscription, json: alert, ttl: 86_400, urgency: .high)
                    guard case .accepted = result else { Issue.record("\(result)"); return }

                    let message = try #require(service.messages(token: endpoint.token).first)
                    let input: [String: String] = [
                        "body": Base64URL.encode(message.body), "private_key": Base64URL.encode(browser.privateKey.rawRepresentation),
                        "auth": browser.authText, "authorization": message.authorization, "audience": origin,
                    ]
                    let (status, output, problems) = try await Self.run(python, [script.path], stdin: try JSONSerialization.data(withJSONObject: input))
                    #expect(status == 0, "\(output) \(problems)")
                    let answer = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], "\(output)")
                    #expect(answer["vapid_verified"] as? Bool == true)
                    let plaintext = try #require((answer["plaintext"] as? String).flatMap(Base64URL.decode))
                    #expect(try JSONSerialization.jsonObject(with: plaintext) as? [String: String] == alert)
                    // The same body with another subscriber's secret does not decrypt.
                    var wrong = input
                    wrong["auth"] = WebPushBrowser().authText
                    let (failed, _, _) = try await Self.run(python, [script.path], stdin: try JSONSerialization.data(withJSONObject: wrong))
                    #expect(failed != 0)
                }
            }
        } catch {
            await service.stop()
            throw error
        }
        await service.stop()
    }

    /// Runs a program with `stdin` to its end; its status, standard output and standard error.
    static func run(_ executable: String, _ arguments: [String], stdin: Data) async throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe(), errors = Pipe(), input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        return try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { process in
                let data = output.fileHandleForReading.readDataToEndOfFile()
                let problems = errors.fileHandleForReading.readDataToEndOfFile()
                continuation.resume(returning: (process.terminationStatus, String(decoding: data, as: UTF8.self),
                                                String(decoding: problems, as: UTF8.self)))
            }
            do {
                try process.run()
                input.fileHandleForWriting.write(stdin)
                try? input.fileHandleForWriting.close()
            } catch {
                continuation.resume(throwing: error)
            }
        }
    }
}
