import FloWorxCore
import FloWorxServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PostgresNIO
import Testing

/// Each class of data API error, with PostgREST's body shape and its SQLSTATE → HTTP status mapping; none changes data.
@Suite struct RestErrorTests {
    @Test func anUnknownTableIs404() async throws {
        try await TestApp.with { app in
            for method in [HTTPRequest.Method.get, .post, .patch, .delete] {
                let response = try await app.request(method, "/rest/v1/nope?id=eq.1", as: .service, json: method == .get || method == .delete ? nil : "{}")
                try expectRestError(response, .notFound, code: "PGRST205", message: "Could not find the table 'public.nope' in the schema cache")
            }
            // Tables of other schemas are not exposed.
            let hidden = try await app.request(.get, "/rest/v1/schema_migrations", as: .service)
            try expectRestError(hidden, .notFound, code: "PGRST205")
        }
    }

    @Test(arguments: ["select=name,nope", "nope=eq.1", "order=nope.desc", "or=(nope.eq.1,version.eq.2)"])
    func anUnknownColumnIs400(query: String) async throws {
        try await TestApp.with { app in
            let response = try await app.request(.get, "/rest/v1/workflows?\(query)", as: .service)
            try expectRestError(response, .badRequest, code: "42703", message: "column workflows.nope does not exist")
        }
    }

    @Test func anUnknownBodyColumnIs400() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let insert = try await app.request(
                .post, "/rest/v1/workflows", as: .user(user), json: #"{"client_id": "\#(user.id)", "name": "X", "workflow_data": {}, "nope": 1}"#
            )
            try expectRestError(insert, .badRequest, code: "PGRST204", message: "Could not find the 'nope' column of 'workflows' in the schema cache")
            let update = try await app.request(.patch, "/rest/v1/workflows?name=eq.X", as: .user(user), json: #"{"nope": 1}"#)
            try expectRestError(update, .badRequest, code: "PGRST204")
            #expect(try await app.db.count("SELECT count(*) FROM public.workflows") == 0)
        }
    }

    @Test(arguments: ["", "{", "not json", "42", #""text""#, "[1, 2]"])
    func aBodyThatIsNotJSONObjectsIs400(body: String) async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let response = try await app.request(.post, "/rest/v1/workflows", as: .user(user), json: body)
            try expectRestError(response, .badRequest, code: "PGRST102")
            let patch = try await app.request(.patch, "/rest/v1/workflows?id=eq.\(UUID())", as: .user(user), json: body.isEmpty ? "[]" : body)
            try expectRestError(patch, .badRequest, code: "PGRST102")
        }
    }

    @Test(arguments: [
        "version=foo.1", "version=2", "order=version.sideways", "order=version.desc.sideways.up", "limit=-1", "limit=ten", "offset=-3",
        "select=name,workflow_metrics(*", "select=version::money", "select=:name", "or=version.eq.1", "or=(version.eq.1",
        "deployed_at=is.maybe", "version=in.1,2", "or=(version)", "version=like",
    ])
    func aQueryThatCannotBeParsedIs400(query: String) async throws {
        try await TestApp.with { app in
            let response = try await app.request(.get, "/rest/v1/workflows?\(query)", as: .service)
            try expectRestError(response, .badRequest, code: "PGRST100")
        }
    }

    /// A value that is not of the column's type: PostgreSQL's 22P02, 400.
    @Test func aValueOfTheWrongTypeIs400() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let filter = try await app.request(.get, "/rest/v1/workflows?version=eq.abc", as: .user(user))
            try expectRestError(filter, .badRequest, code: "22P02", message: #"invalid input syntax for type integer: "abc""#)
            let id = try await app.request(.get, "/rest/v1/workflows?id=eq.42", as: .user(user))
            try expectRestError(id, .badRequest, code: "22P02", message: #"invalid input syntax for type uuid: "42""#)
            let body = try await app.request(
                .post, "/rest/v1/workflows", as: .user(user), json: #"{"client_id": "\#(user.id)", "name": "X", "workflow_data": {}, "version": "two"}"#
            )
            try expectRestError(body, .badRequest, code: "22P02")
            #expect(try await app.db.count("SELECT count(*) FROM public.workflows") == 0)
        }
    }

    @Test func constraintViolationsAreMappedAsPostgRESTDoes() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            // 23514 check_violation → 400, from a CHECK constraint and from a validation trigger.
            let provider = try await app.request(.post, "/rest/v1/integrations", as: .user(user), json: #"{"client_id": "\#(user.id)", "provider": "yahoo"}"#)
            try expectRestError(provider, .badRequest, code: "23514", message: #"new row for relation "integrations" violates check constraint "integrations_provider_check""#)
            let timezone = try await app.request(
                .post, "/rest/v1/business_hours", as: .user(user), json: #"{"client_id": "\#(user.id)", "timezone": "Mars/Olympus_Mons", "hours": \#(RestWriteTests.hours)}"#
            )
            let invalid = try expectRestError(timezone, .badRequest, code: "23514")
            #expect(invalid["message"]?.stringValue?.hasPrefix("business_hours.timezone: ") == true)
            #expect(invalid["hint"]?.stringValue?.contains("pg_timezone_names") == true)

            // 23502 not_null_violation → 400.
            let missing = try await app.request(.post, "/rest/v1/workflows", as: .user(user), json: #"{"client_id": "\#(user.id)", "name": "No data"}"#)
            try expectRestError(missing, .badRequest, code: "23502")

            // 23503 foreign_key_violation → 409.
            let orphan = try await app.request(
                .post, "/rest/v1/invoices", as: .service, json: #"{"subscription_id": "\#(UUID())", "amount": 49, "status": "open"}"#
            )
            try expectRestError(orphan, .conflict, code: "23503")

            // 23505 unique_violation → 409.
            let style = #"{"client_id": "\#(user.id)", "name": "Only active"}"#
            #expect(try await app.request(.post, "/rest/v1/communication_styles", as: .user(user), json: style).status == .created)
            let second = try await app.request(.post, "/rest/v1/communication_styles", as: .user(user), json: style)
            try expectRestError(second, .conflict, code: "23505")

            for table in ["integrations", "business_hours", "workflows", "invoices"] {
                #expect(try await app.db.count("SELECT count(*) FROM public.\(unescaped: table)") == 0, "\(table)")
            }
            #expect(try await app.db.count("SELECT count(*) FROM public.communication_styles") == 1)
        }
    }

    /// 42501 (no privilege, or a row-level security check) is 401 without a user and 403 with one.
    @Test func insufficientPrivilegeIs401Or403() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let other = try await app.signUp()
            let workflow = #"{"client_id": "\#(user.id)", "name": "X", "workflow_data": {}}"#

            let anonymous = try await app.request(.post, "/rest/v1/workflows", as: .anon, json: workflow)
            try expectRestError(anonymous, .unauthorized, code: "42501", message: "permission denied for table workflows")
            // The anon key sent as the bearer token (as Supabase's clients do before sign-in) is still no user.
            let anonymousBearer = try await app.request(.post, "/rest/v1/workflows", as: .bearer(app.tokens.anonKey), json: workflow)
            try expectRestError(anonymousBearer, .unauthorized, code: "42501")

            let serviceTable = try await app.request(
                .post, "/rest/v1/email_logs", as: .user(user),
                json: #"{"client_id": "\#(user.id)", "message_id": "m1", "from_email": "a@example.com", "to_email": "b@example.com"}"#
            )
            try expectRestError(serviceTable, .forbidden, code: "42501", message: "permission denied for table email_logs")

            let credentials = try await app.request(.get, "/rest/v1/integrations?select=id,credentials", as: .user(user))
            try expectRestError(credentials, .forbidden, code: "42501", message: "permission denied for table integrations")
            let anonymousCredentials = try await app.request(.get, "/rest/v1/integrations?select=credentials", as: .anon)
            try expectRestError(anonymousCredentials, .unauthorized, code: "42501")

            let forOther = try await app.request(.post, "/rest/v1/workflows", as: .user(user), json: #"{"client_id": "\#(other.id)", "name": "X", "workflow_data": {}}"#)
            try expectRestError(forOther, .forbidden, code: "42501", message: #"new row violates row-level security policy for table "workflows""#)

            #expect(try await app.db.count("SELECT count(*) FROM public.workflows") == 0)
            #expect(try await app.db.count("SELECT count(*) FROM public.email_logs") == 0)
        }
    }

    /// Missing, invalid and expired credentials on the data API, in PostgREST's codes.
    @Test func theDataAPINeedsAValidKey() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let now = Int(Date().timeIntervalSince1970)
            let expired = TestToken.sign(#"{"sub": "\#(user.id)", "role": "authenticated", "exp": \#(now - 60)}"#, secret: app.jwtSecret)
            let forged = TestToken.sign(#"{"sub": "\#(user.id)", "role": "authenticated", "exp": \#(now + 600)}"#, secret: TestApp.randomSecret())
            let superuser = TestToken.sign(#"{"role": "postgres", "exp": \#(now + 600)}"#, secret: app.jwtSecret)
            let noSubject = TestToken.sign(#"{"role": "authenticated", "exp": \#(now + 600)}"#, secret: app.jwtSecret)

            try expectRestError(try await app.request(.get, "/rest/v1/workflows", as: .nobody), .unauthorized, code: "PGRST302", message: "No API key found in request")
            try expectRestError(try await app.request(.get, "/rest/v1/workflows", as: .apiKey("garbage")), .unauthorized, code: "PGRST301", message: "Invalid API key")
            try expectRestError(try await app.request(.get, "/rest/v1/workflows", as: .bearer(expired)), .unauthorized, code: "PGRST303", message: "JWT expired")
            try expectRestError(try await app.request(.get, "/rest/v1/workflows", as: .bearer(forged)), .unauthorized, code: "PGRST301")
            try expectRestError(try await app.request(.get, "/rest/v1/workflows", as: .bearer(superuser)), .unauthorized, code: "PGRST301", message: "JWT role postgres is not allowed")
            try expectRestError(
                try await app.request(.get, "/rest/v1/workflows", as: .bearer(noSubject)), .unauthorized,
                code: "PGRST301", message: "JWT of role authenticated needs a uuid sub claim"
            )
            // A token signed with the server's secret is honoured though the server did not issue it, as PostgREST does.
            let minted = TestToken.sign(#"{"sub": "\#(user.id)", "role": "authenticated", "exp": \#(now + 600)}"#, secret: app.jwtSecret)
            #expect(try await app.request(.get, "/rest/v1/workflows", as: .bearer(minted)).status == .ok)
        }
    }
}
