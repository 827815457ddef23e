import ArgumentParser
import AsyncHTTPClient
import FloWorxCore
import Foundation
import NIOCore
import NIOHTTP1

/// `floworx demo-inbox`: the mail FloWorx sent in the demo (alerts, forwards, digests), as the local SMTP server that
/// `floworx serve` runs received it. `--show ID` prints one message: its headers, text and attachments.
struct DemoInbox: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-inbox", abstract: "List the mail FloWorx sent in the demo (floworx serve's local SMTP server), or show one message."
    )

    @Option(help: "Show this message (its number in the list): headers, text body, attachments.")
    var show: String?

    @Flag(help: "With --show, print the message exactly as received (RFC 5322).")
    var raw = false

    func run() async throws {
        let port = try Environment.int("FLOWORX_DEMO_SMTP_HTTP_PORT", range: 1...65535) ?? DemoSMTP.defaultHTTPPort
        let base = "http://127.0.0.1:\(port)/_local/smtp/messages"
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let url = show.map { base + "/" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0) } ?? base
            let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
            let body = try await response.body.collect(upTo: 64 * 1024 * 1024)
            try await client.shutdown()
            guard response.status.code < 300 else {
                throw ValidationError(response.status.code == 404 ? "no message \(show ?? "") in the demo inbox (floworx demo-inbox lists them)"
                                        : "the local SMTP server answered \(response.status.code)")
            }
            let bytes = Array(body.readableBytesView)
            if show == nil {
                print(try Self.list(bytes))
            } else {
                print(raw ? String(decoding: bytes, as: UTF8.self) : try Self.message(bytes))
            }
        } catch let error as HTTPClientError {
            try? await client.shutdown()
            throw ValidationError("cannot reach the demo inbox at 127.0.0.1:\(port) (is `floworx serve` running with its demo and no FLOWORX_SMTP_HOST?): \(error)")
        }
    }

    /// One line per message: number, date, recipients, subject.
    static func list(_ json: [UInt8]) throws -> String {
        guard let object = try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any],
              let messages = object["messages"] as? [[String: Any]] else { throw ValidationError("the demo inbox answered something unexpected") }
        guard !messages.isEmpty else { return "The demo inbox is empty. Alerts arrive here when an urgent email is processed (floworx demo-mail)." }
        var lines = ["\(messages.count) message\(messages.count == 1 ? "" : "s") (floworx demo-inbox --show N to read one):"]
        for message in messages {
            let to = (message["to"] as? [String] ?? []).joined(separator: ", ")
            lines.append("  \(message["id"] as? String ?? "?")  \(message["receivedAt"] as? String ?? "")  to \(to)\n      \(message["subject"] as? String ?? "")")
        }
        return lines.joined(separator: "\n")
    }

    /// Headers a reader cares about, the text body (or the HTML's text), and the attachments.
    static func message(_ bytes: [UInt8]) throws -> String {
        let message = try EmailMessage(mime: bytes, fallbackMessageId: "", fallbackDate: Date())
        let root = try MIMEParser().parse(bytes)
        var lines: [String] = []
        for name in ["From", "To", "Cc", "Subject", "Date", "Message-ID", "Auto-Submitted"] {
            if let value = root.headers[name] { lines.append("\(name): \(name == "Subject" ? message.subject : MIMEEncodedWords.decode(value))") }
        }
        lines.append("")
        lines.append(message.text.isEmpty ? (message.html ?? "") : message.text)
        if !message.attachments.isEmpty {
            lines.append("")
            for attachment in message.attachments {
                lines.append("[attachment] \(attachment.filename ?? "(no name)") \(attachment.contentType) \(attachment.size) bytes")
            }
        }
        return lines.joined(separator: "\n")
    }
}
