import Foundation
import NIOHTTP1
import FloWorxLocalProviders
import Testing

/// Quota, fault injection and authentication failures, each with Google's status, body and headers.
@Suite struct LocalGmailLimitsTests {
    @Test("per-user quota: 429 rateLimitExceeded, \"User-rate limit exceeded.  Retry after\", Retry-After, once the units are used")
    func quota() async throws {
        // 12 units per (hour-long, so timing plays no part) window: two messages.get (5 each) fit, the third does not.
        try await LocalGmailHarness.with(.init(unitsPerUserPerSecond: 12, quotaWindowSeconds: 3600)) { gmail in
            let box = await gmail.server.addMailbox(email: "owner@floworx.test")
            let other = await gmail.server.addMailbox(email: "other@floworx.test")
            let id = try await gmail.server.deliver(to: box.email, raw: LocalGmailHarness.raw(subject: "Hi"))
            var statuses: [Int] = []
            var limited: LocalGmailHarness.Reply?
            for _ in 0..<3 {
                let reply = try await gmail.call(.GET, "/gmail/v1/users/me/messages/\(id)?format=minimal", token: box.accessToken)
                statuses.append(reply.status)
                if reply.status == 429 { limited = reply }
            }
            #expect(statuses == [200, 200, 429])
            let reply = try #require(limited)
            #expect(reply.reason == "rateLimitExceeded")
            let message = (reply.json["error"] as? [String: Any])?["message"] as? String ?? ""
            #expect(message.hasPrefix("User-rate limit exceeded.  Retry after "))
            let retryAfter = try #require(reply.headers.first(name: "Retry-After").flatMap(Int.init))
            #expect((3000...3600).contains(retryAfter))
            #expect((reply.json["error"] as? [String: Any])?["status"] as? String == "RESOURCE_EXHAUSTED")
            // Another user has its own budget.
            #expect(try await gmail.call(.GET, "/gmail/v1/users/me/profile", token: other.accessToken).status == 200)
            #expect(await gmail.server.quotaUnits(email: box.email) == 10)
            #expect(await gmail.server.callCounts(email: box.email)["messages.get"] == 3)
        }
    }

    @Test("quota is deterministic when the limit is below one call: every call is 429 and charges nothing")
    func quotaBelowOneCall() async throws {
        try await LocalGmailHarness.with(.init(unitsPerUserPerSecond: 1)) { gmail in
            let box = await gmail.server.addMailbox(email: "owner@floworx.test")
            let reply = try await gmail.call(.GET, "/gmail/v1/users/me/history?startHistoryId=\(box.historyId)", token: box.accessToken)
            #expect(reply.status == 429)
            #expect(reply.headers.first(name: "Retry-After") == "1")
            #expect(await gmail.server.quotaUnits(email: box.email) == 0)
            await gmail.server.setUnitsPerUserPerSecond(nil)
            #expect(try await gmail.call(.GET, "/gmail/v1/users/me/history?startHistoryId=\(box.historyId)", token: box.accessToken).status == 200)
            #expect(await gmail.server.quotaUnits(email: box.email) == 2)
        }
    }

    @Test("fault injection: the next N calls to a path prefix answer the status with Retry-After, then it heals")
    func faults() async throws {
        try await LocalGmailHarness.with { gmail in
            let box = await gmail.server.addMailbox(email: "owner@floworx.test")
            gmail.server.faults.inject(pathPrefix: "/gmail/v1/users/me/history", status: 503, times: 2, retryAfterSeconds: 7)
            gmail.server.faults.inject(pathPrefix: "/gmail/v1/users/me/labels", status: 500, method: "POST")
            let path = "/gmail/v1/users/me/history?startHistoryId=\(box.historyId)"
            let first = try await gmail.call(.GET, path, token: box.accessToken)
            #expect(first.status == 503)
            #expect(first.headers.first(name: "Retry-After") == "7")
            #expect(first.reason == "backendError")
            #expect(try await gmail.call(.GET, path, token: box.accessToken).status == 503)
            #expect(try await gmail.call(.GET, path, token: box.accessToken).status == 200)
            // A method-specific fault leaves other methods alone.
            #expect(try await gmail.call(.GET, "/gmail/v1/users/me/labels", token: box.accessToken).status == 200)
            #expect(try await gmail.call(.POST, "/gmail/v1/users/me/labels", token: box.accessToken, json: ["name": "X"]).status == 500)
            #expect(try await gmail.call(.POST, "/gmail/v1/users/me/labels", token: box.accessToken, json: ["name": "X"]).status == 200)
            #expect(gmail.server.faults.pendingCount == 0)

            // A fault naming one mailbox hits that mailbox only, whether the client says `me` or the address.
            let other = await gmail.server.addMailbox(email: "other@floworx.test")
            gmail.server.faults.inject(pathPrefix: "/gmail/v1/users/owner@floworx.test/messages", status: 500, times: 2)
            #expect(try await gmail.call(.GET, "/gmail/v1/users/me/messages", token: other.accessToken).status == 200)
            #expect(try await gmail.call(.GET, "/gmail/v1/users/me/messages", token: box.accessToken).status == 500)
            #expect(try await gmail.call(.GET, "/gmail/v1/users/owner@floworx.test/messages", token: box.accessToken).status == 500)
            #expect(try await gmail.call(.GET, "/gmail/v1/users/me/messages", token: box.accessToken).status == 200)
            // The token endpoint answers an injected fault in OAuth's format.
            gmail.server.faults.inject(pathPrefix: "/token", status: 503, retryAfterSeconds: 3)
            let token = try await gmail.form("/token", [("grant_type", "refresh_token"), ("refresh_token", box.refreshToken)])
            #expect(token.status == 503)
            #expect(token.headers.first(name: "Retry-After") == "3")
            #expect(token.json["error"] is String)
        }
    }

    @Test("401 with Google's body on an expired, revoked, unknown or missing token; refresh brings access back")
    func expiredToken() async throws {
        try await LocalGmailHarness.with { gmail in
            let box = await gmail.server.addMailbox(email: "owner@floworx.test")
            #expect(try await gmail.call(.GET, "/gmail/v1/users/me/profile", token: box.accessToken).status == 200)
            await gmail.server.oauth.expireAccessTokens()
            let expired = try await gmail.call(.GET, "/gmail/v1/users/me/profile", token: box.accessToken)
            #expect(expired.status == 401)
            #expect(expired.reason == "authError")
            #expect((expired.json["error"] as? [String: Any])?["status"] as? String == "UNAUTHENTICATED")
            #expect(expired.headers.first(name: "WWW-Authenticate")?.contains("invalid_token") == true)
            #expect(try await gmail.call(.GET, "/gmail/v1/users/me/profile", token: nil).status == 401)
            #expect(try await gmail.call(.GET, "/gmail/v1/users/me/profile", token: "ya29.made-up").status == 401)

            let configuration = gmail.server.oauth.configuration
            let refreshed = try await gmail.form("/token", [
                ("grant_type", "refresh_token"), ("refresh_token", box.refreshToken),
                ("client_id", configuration.clientID), ("client_secret", configuration.clientSecret),
            ])
            #expect(refreshed.status == 200)
            let access = try #require(refreshed.json["access_token"] as? String)
            #expect(refreshed.json["refresh_token"] == nil)
            #expect(refreshed.json["token_type"] as? String == "Bearer")
            #expect(try await gmail.call(.GET, "/gmail/v1/users/me/profile", token: access).status == 200)
            // The error body never echoes the token.
            #expect(!String(decoding: expired.body, as: UTF8.self).contains(box.accessToken))
        }
    }
}
