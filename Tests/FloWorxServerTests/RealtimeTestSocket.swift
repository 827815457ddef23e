import FloWorxCore
import FloWorxTestSupport
import Foundation
import HummingbirdWSClient
import Logging
import Synchronization
import Testing

/// A Realtime client for tests: a real WebSocket (hummingbird-websocket's client) to the running application, the
/// messages it received kept in order, and helpers that speak the Phoenix v1 protocol as supabase-js does.
final class RealtimeTestSocket: Sendable {
    /// What the socket received, and whether the server closed it.
    actor Inbox {
        var messages: [JSONValue] = []
        var closed = false
        func append(_ message: JSONValue) { messages.append(message) }
        func close() { closed = true }
        /// Removes and returns the first message `matching`, if one arrived.
        func take(_ matching: @Sendable (JSONValue) -> Bool) -> JSONValue? {
            guard let index = messages.firstIndex(where: matching) else { return nil }
            return messages.remove(at: index)
        }
    }

    let inbox = Inbox()
    private let outgoing: AsyncStream<String>.Continuation
    private let task: Task<Void, any Error>
    private let refs = RefCounter()

    /// How long a test waits for a message it expects (a generous bound, not a measurement).
    static let patience: Duration = .seconds(15)

    init(port: Int, apiKey: String) {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        outgoing = continuation
        let inbox = inbox
        task = Task {
            defer { Task { await inbox.close() } }
            try await WebSocketClient.connect(
                url: "ws://127.0.0.1:\(port)/realtime/v1/websocket?apikey=\(apiKey)&vsn=1.0.0", logger: TestCluster.logger
            ) { inbound, outbound, _ in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await text in stream { try await outbound.writeTextMessage(text) }
                    }
                    for try await message in inbound.messages(maxSize: 1 << 20) {
                        guard case .text(let text) = message else { continue }
                        let value = (try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))) ?? .string(text)
                        await inbox.append(value)
                    }
                    await inbox.close()
                    group.cancelAll()
                }
            }
        }
    }

    deinit {
        outgoing.finish()
        task.cancel()
    }

    /// Sends raw text.
    func send(_ text: String) {
        outgoing.yield(text)
    }

    /// A new message ref.
    func ref() -> String { refs.next() }

    /// Sends a message; returns its ref.
    @discardableResult
    func send(topic: String, event: String, payload: String, ref: String? = nil) -> String {
        let ref = ref ?? self.ref()
        send(#"{"topic":"\#(topic)","event":"\#(event)","payload":\#(payload),"ref":"\#(ref)","join_ref":"\#(ref)"}"#)
        return ref
    }

    /// Waits for the first message `matching` (at most `patience`); fails the test when none comes.
    func next(_ what: String, _ matching: @escaping @Sendable (JSONValue) -> Bool) async throws -> JSONValue {
        let deadline = ContinuousClock.now + Self.patience
        while ContinuousClock.now < deadline {
            if let message = await inbox.take(matching) { return message }
            if await inbox.closed { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        let seen = await inbox.messages
        Issue.record("no \(what) arrived; received: \(seen)")
        throw Missing(what: what)
    }

    /// The reply to `ref`.
    func reply(to ref: String) async throws -> JSONValue {
        try await next("reply to \(ref)") { $0["event"]?.stringValue == "phx_reply" && $0["ref"]?.stringValue == ref }
    }

    /// Joins `topic` with `config` (JSON) and, if given, `accessToken`; returns the reply.
    func join(_ topic: String, config: String, accessToken: String? = nil) async throws -> JSONValue {
        let token = accessToken.map { #","access_token":"\#($0)""# } ?? ""
        let ref = send(topic: topic, event: "phx_join", payload: #"{"config":\#(config)\#(token)}"#)
        return try await reply(to: ref)
    }

    /// Joins `topic` listening to `event` changes of `table` (optionally filtered); requires an ok reply.
    func subscribe(_ topic: String, table: String, event: String = "*", filter: String? = nil, accessToken: String) async throws {
        let filterField = filter.map { #","filter":"\#($0)""# } ?? ""
        let reply = try await join(topic, config: #"{"broadcast":{"self":false,"ack":false},"presence":{"key":"","enabled":false},"private":false,"postgres_changes":[{"event":"\#(event)","schema":"public","table":"\#(table)"\#(filterField)}]}"#, accessToken: accessToken)
        try #require(reply["payload"]?["status"]?.stringValue == "ok", "join refused: \(reply)")
    }

    /// The `postgres_changes` message of `type` for row `id`.
    func change(_ type: String, id: String) async throws -> JSONValue {
        try await next("\(type) of \(id)") { message in
            guard message["event"]?.stringValue == "postgres_changes", let data = message["payload"]?["data"] else { return false }
            return data["type"]?.stringValue == type && (data["record"]?["id"]?.stringValue == id || data["old_record"]?["id"]?.stringValue == id)
        }
    }

    /// Every `postgres_changes` message received so far that names row `id`.
    func changes(mentioning id: String) async -> [JSONValue] {
        await inbox.messages.filter { message in
            guard message["event"]?.stringValue == "postgres_changes", let data = message["payload"]?["data"] else { return false }
            return data["record"]?["id"]?.stringValue == id || data["old_record"]?["id"]?.stringValue == id
        }
    }

    struct Missing: Error, CustomStringConvertible {
        var what: String
        var description: String { "no \(what) arrived" }
    }
}

/// Message refs, as the clients number them.
final class RefCounter: Sendable {
    private let value = Mutex(0)
    func next() -> String {
        value.withLock { value in
            value += 1
            return String(value)
        }
    }
}
