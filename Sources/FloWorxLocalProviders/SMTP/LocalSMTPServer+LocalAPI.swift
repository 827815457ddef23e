import Foundation
import Synchronization

/// The local mailbox over HTTP, for `floworx demo-inbox` and anyone with curl (not part of any vendor's API):
///
/// - `GET /_local/smtp/messages`: `{"messages": [{id, from, to, subject, date, messageId, mailFrom, size,
///   receivedAt}]}`, oldest first (`from`/`subject`/`date` from the headers, `to` the envelope recipients);
/// - `GET /_local/smtp/messages/{id}`: the message itself (`message/rfc822`);
/// - `DELETE /_local/smtp/messages`: empties the mailbox.
///
/// Errors answer `{"error": message}` with 404. Loopback only by default; no credentials are shown.
extension LocalSMTPServer {
    static let localPrefix = "/_local/smtp/messages"

    /// Starts the HTTP face on `host:port` (0 picks a free port); returns the port. Stopped by `stop()`.
    @discardableResult
    public func startHTTP(host: String = "127.0.0.1", port: Int = 0) async throws -> Int {
        let server = try await LocalHTTPServer.start(host: host, port: port, label: "floworx.local-smtp-http") { [self] request in
            handleLocal(request)
        }
        state.withLock { $0.http = server }
        return server.port
    }

    func handleLocal(_ request: LocalHTTPRequest) -> LocalHTTPResponse {
        guard request.path == Self.localPrefix || request.path.hasPrefix(Self.localPrefix + "/") else {
            return Self.localError(404, "no such local control path")
        }
        let rest = request.path.dropFirst(Self.localPrefix.count).split(separator: "/").map(String.init)
        switch (request.method, rest.count) {
        case ("GET", 0):
            let list = messages().map { message -> [String: Any] in
                [
                    "id": message.id, "from": message.header("From").map(LocalSMTPHeaders.decodeWords) ?? "",
                    "to": message.recipients, "subject": message.subject ?? "", "date": message.header("Date") ?? "",
                    "messageId": message.messageId ?? "", "mailFrom": message.mailFrom, "size": message.raw.count,
                    "receivedAt": ISO8601DateFormatter().string(from: message.receivedAt),
                ]
            }
            let body = (try? JSONSerialization.data(withJSONObject: ["messages": list], options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
            return .json(200, body)
        case ("GET", 1):
            guard let message = message(id: rest[0]) else { return Self.localError(404, "no message \(rest[0])") }
            return LocalHTTPResponse(status: 200, headers: [("Content-Type", "message/rfc822")], body: Data(message.raw))
        case ("DELETE", 0):
            removeAll()
            return .empty(204)
        default:
            return Self.localError(404, "no such local control path")
        }
    }

    static func localError(_ status: Int, _ message: String) -> LocalHTTPResponse {
        .json(status, (try? JSONSerialization.data(withJSONObject: ["error": message])) ?? Data())
    }
}
