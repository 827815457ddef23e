import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// Makes the local Graph server's outbound calls, as Graph makes them: the `validationToken` request when a
/// subscription is created, change notifications and lifecycle notifications (retried with back-off when the
/// subscriber does not answer 2xx in time). Every attempt is recorded.
final class GraphNotifier: Sendable {
    /// How a validation request went.
    enum Validation: Sendable, Equatable {
        case accepted
        /// Not 200, or not `text/plain`.
        case rejected
        /// 200 but the body was not the token.
        case mismatch
        case timedOut
    }

    private let client: HTTPClient
    private let configuration: LocalGraphConfiguration
    private let records = Mutex<[GraphNotificationRecord]>([])
    private let pending = Mutex<[UUID: Task<Void, Never>]>([:])

    /// Graph pushes to many subscribers at once. `HTTPClient.shared` opens at most 8 connections per host, so a
    /// burst of notifications to one subscriber would wait in its queue until the time limit and count as not
    /// answered; this process-wide client (never shut down, like `.shared`) allows 256.
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 256)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    init(configuration: LocalGraphConfiguration) {
        self.configuration = configuration
        self.client = Self.client
    }

    /// Every POST made so far.
    var log: [GraphNotificationRecord] { records.withLock { $0 } }

    /// POSTs `url?validationToken=<token>` (an empty `text/plain` body) and checks for a 200 `text/plain` echo.
    func validate(url: String, subscriptionId: String?) async -> Validation {
        let token = "Validation: Testing client application reachability for subscription Request-Id: \(UUID().uuidString.lowercased())"
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let encoded = token.addingPercentEncoding(withAllowedCharacters: allowed) ?? token
        let target = url + (url.contains("?") ? "&" : "?") + "validationToken=" + encoded
        var request = HTTPClientRequest(url: target)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        request.body = .bytes(ByteBuffer())
        var status: Int?
        defer {
            let record = GraphNotificationRecord(kind: .validation, subscriptionId: subscriptionId, url: url, event: nil,
                                                 messageId: nil, body: Data(), attempt: 1, status: status)
            records.withLock { $0.append(record) }
        }
        do {
            let response = try await client.execute(request, timeout: Self.timeAmount(configuration.validationTimeout))
            status = Int(response.status.code)
            let body = try await response.body.collect(upTo: 64 * 1024)
            let contentType = response.headers.first(name: "Content-Type")?.lowercased() ?? ""
            guard response.status.code == 200, contentType.hasPrefix("text/plain") else { return .rejected }
            return String(buffer: body) == token ? .accepted : .mismatch
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            return .timedOut
        } catch {
            return .rejected
        }
    }

    /// Sends a notification body in the background, retrying per the configuration until the subscriber answers 2xx.
    func send(kind: GraphNotificationRecord.Kind, subscriptionId: String, url: String, event: String, messageId: String?, body: Data) {
        let key = UUID()
        // Registered under the lock that the task's own removal takes, so a task that ends at once cannot be
        // removed before it is added (and then wait in `pending` forever).
        pending.withLock { tasks in
            tasks[key] = Task { [self] in
            defer { _ = pending.withLock { $0.removeValue(forKey: key) } }
            var attempt = 1
            while !Task.isCancelled {
                let status = await post(url: url, body: body)
                let record = GraphNotificationRecord(kind: kind, subscriptionId: subscriptionId, url: url, event: event,
                                                     messageId: messageId, body: body, attempt: attempt, status: status)
                records.withLock { $0.append(record) }
                if let status, (200..<300).contains(status) { return }
                guard attempt <= configuration.notificationRetryDelays.count else { return }
                try? await Task.sleep(for: configuration.notificationRetryDelays[attempt - 1])
                attempt += 1
            }
            }
        }
    }

    /// POSTs a notification body; the status, or `nil` on no answer in time.
    func post(url: String, body: Data) async -> Int? {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: Self.timeAmount(configuration.notificationTimeout))
            _ = try? await response.body.collect(upTo: 64 * 1024)
            return Int(response.status.code)
        } catch {
            return nil
        }
    }

    /// Waits until every notification in flight (with its retries) is done.
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

    /// Cancels retries still waiting.
    func cancelAll() {
        let tasks = pending.withLock { Array($0.values) }
        for task in tasks { task.cancel() }
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
