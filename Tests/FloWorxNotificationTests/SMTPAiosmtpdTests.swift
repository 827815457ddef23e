import FloWorxCore
import FloWorxIntegrations
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `SMTPClient` against a real SMTP server: aiosmtpd (scripts/notify-check/smtp_server.py) with STARTTLS required,
/// implicit TLS on a second port, AUTH PLAIN/LOGIN required and a certificate from a throwaway CA. What arrived is
/// read back as Python's `email` package parsed it, with aiosmtpd's own record of TLS and AUTH. Runs when
/// FLOWORX_SMTP_PYTHON names a Python with scripts/notify-check/smtp-requirements.txt (smtp-check.sh does it).
@Suite struct SMTPAiosmtpdTests {
    static let python = ProcessInfo.processInfo.environment["FLOWORX_SMTP_PYTHON"]

    struct Ready: Decodable {
        var starttls_port: Int
        var implicit_port: Int
        var ca_file: String
    }

    /// SIGTERM, then SIGKILL if the server has not exited after a grace period: the test never hangs on it.
    static func stop(_ process: Process) {
        guard process.isRunning else { return }
        process.terminate()
        for _ in 0..<100 where process.isRunning { usleep(100_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    @Test("STARTTLS and implicit TLS with AUTH LOGIN and PLAIN deliver intact; no credentials, a wrong password or an untrusted certificate fail permanently",
          .enabled(if: python != nil))
    func realServer() async throws {
        let python = try #require(Self.python)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let script = root.appendingPathComponent("scripts/notify-check/smtp_server.py")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("floworx-aiosmtpd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = directory.appendingPathComponent("server.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script.path, "--dir", directory.path, "--user", SMTPTestSupport.user, "--password", SMTPTestSupport.password]
        let output = try FileHandle(forWritingTo: log)
        process.standardOutput = output
        process.standardError = output
        try process.run()
        defer { Self.stop(process) }

        // The server writes ready.json once both listeners accept connections (certificate generation included).
        let readyFile = directory.appendingPathComponent("ready.json")
        var ready: Ready?
        for _ in 0..<600 where ready == nil {
            if let data = FileManager.default.contents(atPath: readyFile.path) { ready = try JSONDecoder().decode(Ready.self, from: data) }
            guard process.isRunning else { break }
            if ready == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        let serverLog = { String(decoding: FileManager.default.contents(atPath: log.path) ?? Data(), as: UTF8.self) }
        guard let ready else {
            Issue.record("aiosmtpd did not start: \(serverLog())")
            return
        }

        func client(port: Int, host: String = "127.0.0.1", tls: SMTPTLSMode, mechanism: SMTPAuthMechanism? = nil,
                    password: String? = SMTPTestSupport.password, trust: Bool = true) -> SMTPClient {
            SMTPClient(configuration: SMTPConfiguration(
                host: host, port: port, tls: tls, credentials: password.map { SMTPCredentials(username: SMTPTestSupport.user, password: $0) },
                authMechanism: mechanism, from: EmailAddress(email: "alerts@floworx.test", name: "FloWorx Alerts"),
                caFile: trust ? ready.ca_file : nil, connectTimeout: .seconds(20), commandTimeout: .seconds(20), dataTimeout: .seconds(20)))
        }

        // Three messages: STARTTLS + LOGIN by IP (certificate checked against the IP), STARTTLS + PLAIN by name
        // (SNI and host name checked), implicit TLS + PLAIN.
        let sends: [(SMTPClient, String)] = [
            (client(port: ready.starttls_port, tls: .startTLS, mechanism: .login), "login@floworx.test"),
            (client(port: ready.starttls_port, host: "localhost", tls: .startTLS, mechanism: .plain), "plain@floworx.test"),
            (client(port: ready.implicit_port, tls: .implicit), "implicit@floworx.test"),
        ]
        for (client, id) in sends {
            let result = try await client.send(SMTPTestSupport.alert(id: id))
            #expect(result.accepted.count == 3)
            #expect(result.reply.hasPrefix("250"))
        }

        // Refusals: each permanent, none delivered.
        let noCredentials = await #expect(throws: SMTPError.self) {
            try await client(port: ready.starttls_port, tls: .startTLS, password: nil).send(SMTPTestSupport.alert(id: "x1@floworx.test"))
        }
        #expect(noCredentials?.kind == .authentication)
        #expect(noCredentials?.code == 530)
        #expect(noCredentials?.isRetryable == false)
        let wrong = "wrong-Pa55word"
        let wrongPassword = await #expect(throws: SMTPError.self) {
            try await client(port: ready.starttls_port, tls: .startTLS, password: wrong).send(SMTPTestSupport.alert(id: "x2@floworx.test"))
        }
        #expect(wrongPassword?.kind == .authentication)
        #expect(wrongPassword?.code == 535)
        #expect(wrongPassword?.isRetryable == false)
        #expect(!String(describing: wrongPassword).contains(wrong))
        let untrusted = await #expect(throws: SMTPError.self) {
            try await client(port: ready.starttls_port, tls: .startTLS, trust: false).send(SMTPTestSupport.alert(id: "x3@floworx.test"))
        }
        #expect(untrusted?.kind == .tls)
        #expect(untrusted?.isRetryable == false)
        // Plaintext: aiosmtpd requires STARTTLS first (530 at MAIL FROM; the client does not send the password).
        let plaintext = await #expect(throws: SMTPError.self) {
            try await client(port: ready.starttls_port, tls: .startTLSIfAvailable, password: nil).send(SMTPTestSupport.alert(id: "x4@floworx.test"))
        }
        #expect(plaintext?.isRetryable == false)

        // What arrived, as aiosmtpd and Python's email package saw it.
        let lines = String(decoding: FileManager.default.contents(atPath: directory.appendingPathComponent("messages.jsonl").path) ?? Data(), as: UTF8.self)
            .split(separator: "\n")
        let records = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        try #require(records.count == 3, "server log: \(serverLog())")
        let expected: [(listener: String, mechanism: String, id: String)] = [
            ("starttls", "LOGIN", "login@floworx.test"), ("starttls", "PLAIN", "plain@floworx.test"), ("implicit", "PLAIN", "implicit@floworx.test"),
        ]
        let alert = SMTPTestSupport.alert()
        for (record, want) in zip(records, expected) {
            #expect(record["listener"] as? String == want.listener)
            #expect(record["tls"] as? Bool == true)
            if want.listener == "starttls" { #expect(record["session_ssl"] as? Bool == true) }
            #expect((record["tls_version"] as? String)?.hasPrefix("TLSv1.") == true)
            #expect(record["authenticated"] as? Bool == true)
            #expect(record["auth_mechanism"] as? String == want.mechanism)
            #expect(record["auth_user"] as? String == SMTPTestSupport.user)
            #expect(record["mail_from"] as? String == "alerts@floworx.test")
            #expect(record["rcpt_tos"] as? [String] == ["manager@example.com", "owner@example.com", "audit@example.com"])

            let parsed = try #require(record["parsed"] as? [String: Any])
            let headers = try #require(parsed["headers"] as? [String: String])
            #expect(headers["subject"] == alert.subject)
            #expect(headers["message-id"] == "<\(want.id)>")
            #expect(headers["auto-submitted"] == "auto-generated")
            #expect(headers["x-auto-response-suppress"] == "All")
            #expect(headers["x-floworx-notification"] == "7f3c")
            #expect(headers["to"] == "Renée Côté <manager@example.com>")
            #expect(headers["bcc"] == nil)
            #expect((parsed["defects"] as? [String])?.isEmpty == true)
            let parts = try #require(parsed["parts"] as? [[String: Any]])
            #expect(parts.prefix(5).map { $0["content_type"] as? String } == ["multipart/mixed", "multipart/alternative", "text/plain", "text/html", "message/rfc822"])
            func text(_ index: Int) -> String? {
                (parts[index]["content"] as? String)?.replacingOccurrences(of: "\r\n", with: "\n")
            }
            #expect(text(2) == alert.text + "\n" || text(2) == alert.text)
            #expect(text(3) == alert.html! + "\n" || text(3) == alert.html)
            #expect(parts[4]["attached_subject"] as? String == "Gas smell in the basement")
            #expect(parts[4]["attached_message_id"] as? String == "<orig-1@example.com>")

            // The raw bytes, parsed by FloWorx's own parser: the attached original is byte for byte the one sent.
            let raw = try #require((record["raw_b64"] as? String).flatMap { Data(base64Encoded: $0) })
            let entity = try MIMEParser().parse(Array(raw))
            #expect(SMTPTestSupport.leaves(entity).last?.body == SMTPTestSupport.original)
        }
    }
}
