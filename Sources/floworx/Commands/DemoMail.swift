import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// `floworx demo-mail`: adds a message to a demo mailbox on the local Gmail or Graph server that `floworx serve`
/// runs for the demo; FloWorx picks it up within seconds, files it and writes a draft. `--show` prints the mailbox.
struct DemoMail: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-mail", abstract: "Add a message to a demo mailbox (floworx serve's local Gmail/Graph servers), or show a mailbox."
    )

    @Option(help: "The demo mailbox: hvac@demo.floworx.dev (Gmail), roofing@demo.floworx.dev (Gmail) or pools@demo.floworx.dev (Outlook).")
    var to = "hvac@demo.floworx.dev"

    @Option(help: "The sender.")
    var from = "Jenna Morrison <jenna.morrison@example.com>"

    @Option(help: "The subject.")
    var subject = "No heat this morning"

    @Option(help: "The body text.")
    var body = "Hi, our furnace stopped overnight and the house is at 12 degrees. Can someone come today? My number is 780-555-0142."

    @Option(help: "An RFC 5322 file (.eml) to deliver instead of --from/--subject/--body.")
    var file: String?

    @Flag(help: "Show the mailbox (labels or folders, messages, drafts) instead of adding mail.")
    var show = false

    func run() async throws {
        guard let account = DemoMailboxes.accounts.first(where: { "\($0.name)@demo.floworx.dev" == to.lowercased() }) else {
            throw ValidationError("--to must be one of " + DemoMailboxes.accounts.map { "\($0.name)@demo.floworx.dev" }.joined(separator: ", "))
        }
        let gmail = account.provider == "gmail"
        let port = try Environment.int(gmail ? "FLOWORX_DEMO_GMAIL_PORT" : "FLOWORX_DEMO_GRAPH_PORT", range: 1...65535)
            ?? (gmail ? DemoMailboxes.defaultGmailPort : DemoMailboxes.defaultGraphPort)
        let mailbox = "http://127.0.0.1:\(port)/_local/\(gmail ? "gmail" : "graph")/mailboxes/\(to.lowercased())"
        var request = HTTPClientRequest(url: show ? mailbox : mailbox + "/messages")
        request.method = show ? .GET : .POST
        if !show {
            request.headers.add(name: "Content-Type", value: "message/rfc822")
            request.body = .bytes(ByteBuffer(bytes: try message()))
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let response = try await client.execute(request, timeout: .seconds(10))
            let text = String(buffer: try await response.body.collect(upTo: 4 * 1024 * 1024))
            try await client.shutdown()
            guard response.status.code < 300 else { throw ValidationError("the local \(account.provider) server answered \(response.status.code): \(text)") }
            print(show ? Self.pretty(text) : text)
            if !show { print("Delivered to \(to). Within a few seconds: floworx demo-mail --to \(to) --show") }
        } catch let error as HTTPClientError {
            try? await client.shutdown()
            throw ValidationError("cannot reach the demo mailboxes at 127.0.0.1:\(port) (is `floworx serve` running with its demo?): \(error)")
        }
    }

    /// A mailbox overview indented for reading (the servers answer it on one line); other text as it came.
    static func pretty(_ text: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)),
              let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        else { return text }
        return String(decoding: data, as: UTF8.self)
    }

    /// The message: the file, or one built from the options.
    func message() throws -> [UInt8] {
        if let file { return Array(try Data(contentsOf: URL(fileURLWithPath: file))) }
        let date = DateFormatter()
        date.locale = Locale(identifier: "en_US_POSIX")
        date.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let lines = [
            "From: \(from)", "To: \(to)", "Subject: \(subject)", "Date: \(date.string(from: Date()))",
            "Message-ID: <\(UUID().uuidString.lowercased())@demo.floworx.dev>", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "", body, "",
        ]
        return Array(lines.joined(separator: "\r\n").utf8)
    }
}
