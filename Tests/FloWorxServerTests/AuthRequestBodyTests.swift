import FloWorxServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PostgresNIO
import Testing

/// Request bodies the auth API refuses: too large (413) and too deeply nested (400), never a 5xx.
@Suite struct AuthRequestBodyTests {
    static let endpoints = ["/auth/v1/signup", "/auth/v1/token?grant_type=password", "/auth/v1/token?grant_type=refresh_token"]

    @Test(arguments: endpoints)
    func aBodyOver64KBIsRefusedWith413(_ path: String) async throws {
        try await TestApp.with { app in
            let padding = String(repeating: "x", count: 64 * 1024)
            let response = try await app.request(.post, path, json: #"{"email": "big@example.com", "password": "\#(padding)"}"#)
            try expectAuthError(response, .contentTooLarge, errorCode: "request_too_large", message: "The request body is larger than 65536 bytes")
            // 100,000 levels of nesting is over 64 KB too.
            let deep = try await app.request(.post, path, json: String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000))
            try expectAuthError(deep, .contentTooLarge, errorCode: "request_too_large")
            #expect(try await app.db.count("SELECT count(*) FROM auth.users") == 0)
        }
    }

    /// 30,000 levels in under 64 KB: refused before any parser recurses through them.
    @Test(arguments: endpoints)
    func deeplyNestedJSONIsRefusedWith400(_ path: String) async throws {
        try await TestApp.with { app in
            for depth in [65, 30_000] {
                // The body's object, then depth - 1 arrays: 2 bytes a level, so 30,000 levels stay under 64 KB.
                let nested = String(repeating: "[", count: depth - 1) + String(repeating: "]", count: depth - 1)
                let body = #"{"email": "deep@example.com", "password": "\#(TestApp.password)", "data": \#(nested)}"#
                let response = try await app.request(.post, path, json: body)
                try expectAuthError(
                    response, .badRequest, errorCode: "bad_json",
                    message: "Could not parse request body as JSON: nested deeper than 64 levels"
                )
            }
            // Brackets inside strings are text, not nesting.
            let text = String(repeating: "[{", count: 100)
            let ok = try await app.request(.post, "/auth/v1/signup", json: #"{"email": "text@example.com", "password": "\#(TestApp.password)", "data": {"note": "\#(text)"}}"#)
            #expect(ok.status == .ok, "\(ok.text)")
        }
    }

    /// 64 levels (the body's object and 63 in the metadata) are accepted and stored.
    @Test func sixtyFourLevelsAreAccepted() async throws {
        try await TestApp.with { app in
            let nested = String(repeating: #"{"a":"#, count: 62) + "{}" + String(repeating: "}", count: 62)
            let response = try await app.request(.post, "/auth/v1/signup", json: #"{"email": "d64@example.com", "password": "\#(TestApp.password)", "data": \#(nested)}"#)
            #expect(response.status == .ok, "\(response.text)")
        }
    }
}
