import FloWorxCore
import FloWorxTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PostgresNIO
import Testing

/// `/rest/v1/rpc/{fn}`: calling SQL functions with POST and GET, choosing the overload by argument names, the shapes
/// of results (scalar, object, rows, void), and PostgREST's errors.
@Suite struct RpcTests {
    /// Functions made for these tests before the application first reads the catalog. Every role may execute them
    /// (PostgreSQL grants EXECUTE to PUBLIC).
    static let functions = [
        "CREATE FUNCTION public.add_numbers(a integer, b integer DEFAULT 1) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT a + b'",
        "CREATE FUNCTION public.roll(sides integer) RETURNS integer LANGUAGE sql VOLATILE AS 'SELECT sides'",
        "CREATE FUNCTION public.echo_document(jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS 'SELECT $1'",
        "CREATE FUNCTION public.wrap(doc jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$SELECT jsonb_build_object('wrapped', doc)$$",
        "CREATE FUNCTION public.greet(name text) RETURNS text LANGUAGE sql IMMUTABLE AS $$SELECT 'hello ' || name$$",
        "CREATE FUNCTION public.greet(name integer) RETURNS text LANGUAGE sql IMMUTABLE AS $$SELECT 'number ' || name$$",
        "CREATE FUNCTION public.nothing() RETURNS void LANGUAGE sql VOLATILE AS ''",
        "CREATE FUNCTION public.pair(a integer, OUT x integer, OUT y text) LANGUAGE sql STABLE AS 'SELECT a, a::text'",
        "CREATE FUNCTION public.evens(n integer) RETURNS SETOF integer LANGUAGE sql STABLE AS 'SELECT g FROM generate_series(2, n, 2) g'",
        // Marked STABLE but draws from a sequence: only a read-only transaction stops it.
        "CREATE SEQUENCE public.rpc_tickets",
        "GRANT USAGE ON SEQUENCE public.rpc_tickets TO anon",
        "CREATE FUNCTION public.peek_ticket() RETURNS bigint LANGUAGE sql STABLE AS $$SELECT nextval('public.rpc_tickets')$$",
        """
        CREATE FUNCTION public.squares(n integer) RETURNS TABLE (k integer, square integer, parity text) LANGUAGE sql STABLE
            AS $$SELECT g, g * g, CASE WHEN g % 2 = 0 THEN 'even' ELSE 'odd' END FROM generate_series(1, n) g$$
        """,
    ]

    /// Runs `body` with the test functions in place.
    static func with(_ body: @Sendable (TestApp) async throws -> Void) async throws {
        try await TestApp.with { app in
            for statement in Self.functions { try await app.db.execute(PostgresQuery(unsafeSQL: statement)) }
            try await body(app)
        }
    }

    @Test func postAndGetCallAScalarFunction() async throws {
        try await Self.with { app in
            let user = try await app.signUp()
            let posted = try await app.request(.post, "/rest/v1/rpc/add_numbers", as: .user(user), json: #"{"a": 2, "b": 3}"#)
            #expect(posted.status == .ok, "\(posted.text)")
            #expect(posted.headers[.contentType] == "application/json; charset=utf-8")
            #expect(try posted.json() == .number(5))
            // A parameter with a default may be left out; GET's values are text, cast to the declared types.
            let got = try await app.request(.get, "/rest/v1/rpc/add_numbers?a=41", as: .user(user))
            #expect(got.status == .ok, "\(got.text)")
            #expect(try got.json() == .number(42))
            let wrong = try await app.request(.get, "/rest/v1/rpc/add_numbers?a=many", as: .user(user))
            try expectRestError(wrong, .badRequest, code: "22P02")
        }
    }

    @Test func aVolatileFunctionIsRefusedByGetAndCalledByPost() async throws {
        try await Self.with { app in
            let got = try await app.request(.get, "/rest/v1/rpc/roll?sides=6", as: .anon)
            let error = try expectRestError(got, .methodNotAllowed, code: "25006")
            #expect(error["message"]?.stringValue?.contains("public.roll") == true)
            let posted = try await app.request(.post, "/rest/v1/rpc/roll", as: .anon, json: #"{"sides": 6}"#)
            #expect(try posted.json() == .number(6))
        }
    }

    @Test func callsOfFunctionsThatAreNotVolatileRunReadOnly() async throws {
        try await Self.with { app in
            let got = try await app.request(.get, "/rest/v1/rpc/peek_ticket", as: .anon)
            try expectRestError(got, .methodNotAllowed, code: "25006", message: "cannot execute nextval() in a read-only transaction")
            let posted = try await app.request(.post, "/rest/v1/rpc/peek_ticket", as: .anon, json: "{}")
            try expectRestError(posted, .methodNotAllowed, code: "25006")
        }
    }

    @Test func headAndSingularReadRowsOfAFunction() async throws {
        try await Self.with { app in
            let head = try await app.request(.head, "/rest/v1/rpc/squares?n=4", as: .anon, headers: WorkflowFixture.prefer("count=exact"))
            #expect(head.status == .ok)
            #expect(head.headers[.contentRange] == "0-3/4")
            #expect(head.body.readableBytes == 0)
            let one = try await app.request(.get, "/rest/v1/rpc/squares?n=4&k=eq.3&select=square", as: .anon, headers: RestReadTests.singular)
            #expect(try one.json() == .object(["square": .number(9)]))
            let many = try await app.request(.get, "/rest/v1/rpc/squares?n=4", as: .anon, headers: RestReadTests.singular)
            try expectRestError(many, .notAcceptable, code: "PGRST116")
        }
    }

    @Test func anUnknownFunctionIs404PGRST202() async throws {
        try await Self.with { app in
            let none = try await app.request(.post, "/rest/v1/rpc/no_such_function", as: .anon, json: "{}")
            let error = try expectRestError(none, .notFound, code: "PGRST202",
                                            message: "Could not find the function public.no_such_function without parameters in the schema cache")
            #expect(error["details"] == .string("Searched for the function public.no_such_function without parameters or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache."))
            #expect(error["hint"] == .null)
            // A trigger function is no RPC.
            let trigger = try await app.request(.post, "/rest/v1/rpc/update_updated_at_column", as: .service, json: "{}")
            try expectRestError(trigger, .notFound, code: "PGRST202")
        }
    }

    @Test func argumentNamesThatMatchNoOverloadArePGRST202() async throws {
        try await Self.with { app in
            let wrong = try await app.request(.post, "/rest/v1/rpc/add_numbers", as: .anon, json: #"{"b": 1, "c": 2}"#)
            let error = try expectRestError(wrong, .notFound, code: "PGRST202",
                                            message: "Could not find the function public.add_numbers(b, c) in the schema cache")
            #expect(error["hint"] == .string("Perhaps you meant to call the function public.add_numbers(a, b)"))
            // A required parameter left out.
            let missing = try await app.request(.post, "/rest/v1/rpc/add_numbers", as: .anon, json: #"{"b": 1}"#)
            try expectRestError(missing, .notFound, code: "PGRST202", message: "Could not find the function public.add_numbers(b) in the schema cache")
            let query = try await app.request(.get, "/rest/v1/rpc/add_numbers?x=1", as: .anon)
            try expectRestError(query, .notFound, code: "PGRST202")
        }
    }

    @Test func overloadsTheNamesCannotTellApartArePGRST203() async throws {
        try await Self.with { app in
            let response = try await app.request(.post, "/rest/v1/rpc/greet", as: .anon, json: #"{"name": "ana"}"#)
            let error = try expectRestError(response, .multipleChoices, code: "PGRST203")
            #expect(error["message"] == .string("Could not choose the best candidate function between: public.greet(name => text), public.greet(name => integer)"))
        }
    }

    @Test func aBodyThatIsNotJSONIs400PGRST102() async throws {
        try await Self.with { app in
            let invalid = try await app.request(.post, "/rest/v1/rpc/add_numbers", as: .anon, json: #"{"a": 1"#)
            try expectRestError(invalid, .badRequest, code: "PGRST102")
            let array = try await app.request(.post, "/rest/v1/rpc/add_numbers", as: .anon, json: #"[1, 2]"#)
            try expectRestError(array, .badRequest, code: "PGRST102")
            // An empty body is a call without arguments.
            let empty = try await app.request(.post, "/rest/v1/rpc/nothing", as: .anon, body: ByteBuffer())
            #expect(empty.status == .noContent, "\(empty.text)")
        }
    }

    @Test func jsonDocumentsGoWholeToASingleJSONParameter() async throws {
        try await Self.with { app in
            let unnamed = try await app.request(.post, "/rest/v1/rpc/echo_document", as: .anon, json: #"{"k": [1, "two"]}"#)
            #expect(try unnamed.json() == .object(["k": .array([.number(1), .string("two")])]))
            let single = try await app.request(
                .post, "/rest/v1/rpc/wrap", as: .anon,
                headers: HTTPFields([HTTPField(name: TestApp.preferHeader, value: "params=single-object")]), json: #"{"a": 1}"#
            )
            #expect(try single.json() == .object(["wrapped": .object(["a": .number(1)])]))
            let named = try await app.request(.post, "/rest/v1/rpc/wrap", as: .anon, json: #"{"doc": {"a": 1}}"#)
            #expect(try named.json() == .object(["wrapped": .object(["a": .number(1)])]))
        }
    }

    @Test func resultsAreScalarsObjectsArraysOrNothing() async throws {
        try await Self.with { app in
            let object = try await app.request(.get, "/rest/v1/rpc/pair?a=7", as: .anon)
            #expect(try object.json() == .object(["x": .number(7), "y": .string("7")]))
            let evens = try await app.request(.get, "/rest/v1/rpc/evens?n=9", as: .anon)
            #expect(try evens.json() == .array([.number(2), .number(4), .number(6), .number(8)]))
            let paged = try await app.request(.get, "/rest/v1/rpc/evens?n=9&limit=2&offset=1", as: .anon)
            #expect(try paged.json() == .array([.number(4), .number(6)]))
            let void = try await app.request(.post, "/rest/v1/rpc/nothing", as: .anon, json: "{}")
            #expect(void.status == .noContent)
            #expect(void.body.readableBytes == 0)
            let filtered = try await app.request(.get, "/rest/v1/rpc/evens?n=9&order=evens", as: .anon)
            try expectRestError(filtered, .badRequest, code: "PGRST100")
        }
    }

    @Test func aSetReturningFunctionTakesFiltersSelectOrderAndLimit() async throws {
        try await Self.with { app in
            let rows = try await app.request(
                .get, "/rest/v1/rpc/squares?n=6&parity=eq.even&select=k,square&order=k.desc&limit=2", as: .anon,
                headers: WorkflowFixture.prefer("count=exact")
            )
            #expect(rows.status == .partialContent, "\(rows.text)")
            #expect(try rows.json() == .array([.object(["k": .number(6), "square": .number(36)]), .object(["k": .number(4), "square": .number(16)])]))
            #expect(rows.headers[.contentRange] == "0-1/3")
            // The same through POST, the filters in the query string.
            let posted = try await app.request(.post, "/rest/v1/rpc/squares?square=gt.10&select=k&order=k", as: .anon, json: #"{"n": 5}"#)
            #expect(try posted.json() == .array([.object(["k": .number(4)]), .object(["k": .number(5)])]))
            let unknown = try await app.request(.get, "/rest/v1/rpc/squares?n=3&cube=eq.1", as: .anon)
            try expectRestError(unknown, .badRequest, code: "42703")
            let range = try await app.request(.get, "/rest/v1/rpc/squares?n=5&select=k", as: .anon, headers: RestReadTests.range("1-2"))
            #expect(try range.json() == .array([.object(["k": .number(2)]), .object(["k": .number(3)])]))
        }
    }
}
