import AsyncHTTPClient
import Foundation
import NIOHTTP1
import FloWorxLocalProviders
import Testing

/// Throttling as Exchange Online does it: a request budget per mailbox and window, four concurrent requests per
/// mailbox, and injected faults — each 429 with Retry-After and Graph's error body.
@Suite("Local Graph: throttling and faults")
struct LocalGraphThrottlingTests {
    @Test("over the per-mailbox budget: 429 TooManyRequests with Retry-After; other mailboxes unaffected")
    func rateLimit() async throws {
        var configuration = LocalGraphConfiguration()
        configuration.requestsPerWindow = 3
        configuration.rateWindow = .seconds(60)
        let graph = LocalGraphServer(configuration: configuration)
        let root = try await graph.start()
        defer { Task { await graph.stop() } }
        let busy = await graph.addMailbox(email: "busy@contoso.test")
        let calm = await graph.addMailbox(email: "calm@contoso.test")
        for _ in 0..<3 {
            #expect(try await GraphTestHTTP.send(.GET, "\(root)/me", token: busy.accessToken).status == 200)
        }
        let throttled = try await GraphTestHTTP.send(.GET, "\(root)/me", token: busy.accessToken)
        #expect(throttled.status == 429)
        #expect(throttled.errorCode == "TooManyRequests")
        let retryAfter = try #require(throttled.headers.first(name: "Retry-After").flatMap { Int($0) })
        #expect((1...60).contains(retryAfter))
        #expect(try await GraphTestHTTP.send(.GET, "\(root)/me", token: calm.accessToken).status == 200)
        #expect(await graph.counters(email: busy.email)["throttled"] == 1)
    }

    @Test("a fifth concurrent request of one mailbox: 429 ApplicationThrottled (MailboxConcurrency)")
    func concurrency() async throws {
        let graph = LocalGraphServer()
        let root = try await graph.start()
        defer { Task { await graph.stop() } }
        let account = await graph.addMailbox(email: "owner@contoso.test")
        await graph.holdRequests(email: account.email)
        let held = Task {
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 { group.addTask { try await GraphTestHTTP.send(.GET, "\(root)/me", token: account.accessToken).status } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
        }
        while await graph.requestsInFlight(email: account.email) < 4 { await Task.yield() }
        let fifth = try await GraphTestHTTP.send(.GET, "\(root)/me", token: account.accessToken)
        #expect(fifth.status == 429)
        #expect(fifth.errorCode == "ApplicationThrottled")
        #expect(fifth.text.contains("MailboxConcurrency"))
        #expect(fifth.headers.first(name: "Retry-After") != nil)
        await graph.releaseRequests(email: account.email)
        #expect(try await held.value == [200, 200, 200, 200])
    }

    @Test("injected faults answer in Graph's format, then the path works again")
    func faults() async throws {
        let graph = LocalGraphServer()
        let root = try await graph.start()
        defer { Task { await graph.stop() } }
        let account = await graph.addMailbox(email: "owner@contoso.test")
        graph.faults.inject(pathPrefix: "/v1.0/me/mailFolders", status: 503, times: 1, retryAfterSeconds: 7)
        graph.faults.inject(pathPrefix: "/v1.0/me/mailFolders", status: 429, times: 1, retryAfterSeconds: 2)
        let first = try await GraphTestHTTP.send(.GET, "\(root)/me/mailFolders/inbox", token: account.accessToken)
        #expect(first.status == 503)
        #expect(first.errorCode == "ServiceNotAvailable")
        #expect(first.headers.first(name: "Retry-After") == "7")
        let second = try await GraphTestHTTP.send(.GET, "\(root)/me/mailFolders/inbox", token: account.accessToken)
        #expect(second.status == 429)
        #expect(second.errorCode == "TooManyRequests")
        let third = try await GraphTestHTTP.send(.GET, "\(root)/me/mailFolders/inbox", token: account.accessToken)
        #expect(third.status == 200)
        #expect(third.json["displayName"] as? String == "Inbox")
        #expect(await graph.counters(email: account.email)["mailFolders.get"] == 3)
    }
}
