import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// POSTs status callbacks as Twilio does: form-encoded, signed with `X-Twilio-Signature` (HMAC-SHA1 keyed with the
/// Auth Token over the URL and the fields sorted by name, name + value concatenated, base64). Each message's
/// callbacks go in order; every POST is recorded with the answer.
final class LocalTwilioCallbackSender: Sendable {
    typealias Post = @Sendable (_ url: String, _ fields: [(String, String)]) async -> Void

    private let authToken: String
    private let records = Mutex<[LocalTwilioCallback]>([])
    private let pending = Mutex<[UUID: Task<Void, Never>]>([:])

    init(authToken: String) {
        self.authToken = authToken
    }

    var log: [LocalTwilioCallback] { records.withLock { $0 } }

    /// Runs `work` in the background; it posts with the function it is given.
    func run(_ work: @escaping @Sendable (Post) async -> Void) {
        let key = UUID()
        // Registered under the lock the task's own removal takes, so a task that ends at once is never left behind.
        pending.withLock { tasks in
            tasks[key] = Task { [self] in
                defer { _ = pending.withLock { $0.removeValue(forKey: key) } }
                await work { url, fields in await self.post(url: url, fields: fields) }
            }
        }
    }

    /// The signature Twilio would send for this POST.
    static func signature(url: String, fields: [(String, String)], authToken: String) -> String {
        let data = fields.sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }.reduce(url) { $0 + $1.0 + $1.1 }
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Data(data.utf8), using: SymmetricKey(data: Data(authToken.utf8)))
        return Data(mac).base64EncodedString()
    }

    private func post(url: String, fields: [(String, String)]) async {
        let signature = Self.signature(url: url, fields: fields, authToken: authToken)
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "X-Twilio-Signature", value: signature)
        request.headers.add(name: "User-Agent", value: "TwilioProxy/1.1")
        request.headers.add(name: "I-Twilio-Idempotency-Token", value: UUID().uuidString.lowercased())
        let body = fields.map { LocalTwilioServer.formEncode($0.0) + "=" + LocalTwilioServer.formEncode($0.1) }.joined(separator: "&")
        request.body = .bytes(ByteBuffer(string: body))
        var status: Int?
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(15))
            _ = try? await response.body.collect(upTo: 64 * 1024)
            status = Int(response.status.code)
        } catch {
            status = nil
        }
        let record = LocalTwilioCallback(url: url, parameters: fields.map { LocalTwilioParameter(name: $0.0, value: $0.1) },
                                         signature: signature, responseStatus: status)
        records.withLock { $0.append(record) }
    }

    /// Waits until every callback sequence started so far has finished.
    func drain() async {
        while true {
            let tasks = pending.withLock { Array($0) }
            if tasks.isEmpty { return }
            for (key, task) in tasks {
                await task.value
                _ = pending.withLock { $0.removeValue(forKey: key) }
            }
        }
    }

    func cancelAll() {
        let tasks = pending.withLock { Array($0.values) }
        for task in tasks { task.cancel() }
    }
}

extension LocalTwilioServer {
    /// Form encoding: RFC 3986 unreserved characters as they are, everything else percent-encoded (space as %20).
    static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
