import FloWorxCore
@testable import FloWorxServer
import Foundation
import PostgresNIO
import HTTPTypes
import HummingbirdTesting
import Testing

/// A tenant write that row-level security refuses keeps PostgREST's answer (42501, 403) and adds a `hint` naming the
/// column that decides, because PostgreSQL's own message ("new row violates row-level security policy") does not.
@Suite struct RestRowSecurityHintTests {
    static let hours = #"{"version": 1, "weekly": {"mon": [["08:00", "17:00"]]}}"#

    @Test func anInsertWithoutClientIdIsRefusedWithAHint() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let response = try await app.request(
                .post, "/rest/v1/business_hours", as: .user(user), json: #"{"timezone": "America/Denver", "hours": \#(Self.hours)}"#
            )
            let body = try expectRestError(response, .forbidden, code: "42501")
            #expect(body["message"]?.stringValue?.hasPrefix("new row violates row-level security policy") == true)
            #expect(body["hint"] == .string("client_id must be your user id (the sub claim of your access token): a row without it, or with another user's, is refused"))
            #expect(try await app.db.count("SELECT count(*) FROM public.business_hours") == 0)
        }
    }

    @Test func anInsertForAnotherTenantIsRefusedWithTheSameHint() async throws {
        try await TestApp.with { app in
            let owner = try await app.signUp()
            let other = try await app.signUp()
            let response = try await app.request(
                .post, "/rest/v1/communication_styles", as: .user(owner), json: #"{"client_id": "\#(other.id)", "name": "Borrowed"}"#
            )
            let body = try expectRestError(response, .forbidden, code: "42501")
            #expect(body["hint"]?.stringValue?.hasPrefix("client_id must be your user id") == true)
        }
    }

    /// Moving one's own row to another tenant fails WITH CHECK on UPDATE: the same hint.
    @Test func anUpdateThatMovesARowToAnotherTenantGetsTheHint() async throws {
        try await TestApp.with { app in
            let owner = try await app.signUp()
            let other = try await app.signUp()
            let created = try await app.request(
                .post, "/rest/v1/communication_styles", as: .user(owner), json: #"{"client_id": "\#(owner.id)", "name": "Mine"}"#
            )
            try #require(created.status == .created, "\(created.text)")
            let response = try await app.request(
                .patch, "/rest/v1/communication_styles?name=eq.Mine", as: .user(owner), json: #"{"client_id": "\#(other.id)"}"#
            )
            let body = try expectRestError(response, .forbidden, code: "42501")
            #expect(body["hint"]?.stringValue?.hasPrefix("client_id must be your user id") == true)
        }
    }

    /// A privilege error is not a row-security one: no made-up hint.
    @Test func aPermissionErrorGetsNoRowSecurityHint() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let response = try await app.request(
                .post, "/rest/v1/email_logs", as: .user(user), json: #"{"client_id": "\#(user.id)"}"#
            )
            let body = try expectRestError(response, .forbidden, code: "42501")
            #expect(body["message"]?.stringValue?.hasPrefix("permission denied") == true)
            #expect(body["hint"] == .null)
        }
    }

    @Test func profilesNameTheirIdColumn() {
        let profiles = PostgRESTError.rowSecurityHint(sqlState: "42501", message: #"new row violates row-level security policy for table "profiles""#)
        #expect(profiles?.hasPrefix("id must be your user id") == true)
        let workflows = PostgRESTError.rowSecurityHint(sqlState: "42501", message: #"new row violates row-level security policy for table "workflows""#)
        #expect(workflows?.hasPrefix("client_id must be your user id") == true)
    }
}
