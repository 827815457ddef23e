import FloWorxCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PostgresNIO
import Testing

/// `POST /api/v1/emails` with normalized JSON: one message, an array, or `{"messages": [...]}`; each new message gets
/// one email log and one queue job, a redelivery neither; and who may ingest for whom.
@Suite struct IngestTests {
    @Test func aMessageIsLoggedAndQueuedOnce() async throws {
        try await TestApp.with { app in
            let client = try await app.signUp()
            let message = IngestMessage.json("<m1@customer.example>")
            let created = try await app.request(.post, IngestMessage.uri(client: client.id), as: .service, json: message)
            #expect(created.status == .created, "\(created.text)")
            let record = try created.json()
            #expect(record.keys == ["client_id", "duplicate", "email_log_id", "message_id", "queue_id", "status"])
            #expect(record["client_id"] == .string(client.id))
            #expect(record["message_id"] == .string("<m1@customer.example>"))
            #expect(record["status"] == .string("pending"))
            #expect(record["duplicate"] == .bool(false))
            let logId = try #require(record["email_log_id"]?.stringValue.flatMap(UUID.init(uuidString:)))
            let queueId = try #require(record["queue_id"]?.stringValue.flatMap(UUID.init(uuidString:)))

            #expect(try await app.db.text("""
                SELECT concat_ws('|', client_id, message_id, from_email, to_email, subject, body, status) FROM public.email_logs WHERE id = \(logId)
                """) == "\(client.id)|<m1@customer.example>|jane@customer.example|office@acme-hvac.example|No heat since this morning|The furnace stopped. It is -30 outside.|pending")
            let data = try JSONDecoder().decode(JSONValue.self, from: Data(try #require(try await app.db.text(
                "SELECT email_data::text FROM public.email_queue WHERE id = \(queueId) AND client_id = \(client.userId) AND status = 'pending' AND priority = 1"
            )).utf8))
            #expect(data["email_log_id"] == .string(logId.uuidString.lowercased()))
            #expect(data["message_id"] == .string("<m1@customer.example>"))
            #expect(data["thread_id"] == .string("t-<m1@customer.example>"))
            #expect(data["version"] == .number(1))
            #expect(data["provider"] == .string("api"))
            #expect(data["received_at"] == .string("2026-01-10T08:00:00.000Z"))
            #expect(data["from"] == .object(["email": .string("jane@customer.example"), "name": .string("Jane Doe")]))
            #expect(data["cc"]?[0]?["email"] == .string("owner@acme-hvac.example"))

            // The redelivery is recognised: 200, the same record, nothing queued.
            let again = try await app.request(.post, IngestMessage.uri(client: client.id), as: .service, json: message)
            #expect(again.status == .ok)
            let duplicate = try again.json()
            #expect(duplicate["email_log_id"] == .string(logId.uuidString.lowercased()))
            #expect(duplicate["duplicate"] == .bool(true))
            #expect(duplicate["queue_id"] == .null)
            #expect(try await app.db.count("SELECT count(*) FROM public.email_queue") == 1)
            #expect(try await app.db.count("SELECT count(*) FROM public.email_logs") == 1)
        }
    }

    @Test func batchesAnswerPerMessage() async throws {
        try await TestApp.with { app in
            let client = try await app.signUp()
            let uri = IngestMessage.uri(client: client.id)
            let first = try await app.request(.post, uri, as: .service, json: "[\(IngestMessage.json("a")), \(IngestMessage.json("b"))]")
            #expect(first.status == .created)
            let firstBody = try first.json()
            #expect(firstBody.keys == ["created", "duplicates", "results"])
            #expect(firstBody["created"] == .number(2))
            #expect(firstBody["duplicates"] == .number(0))
            #expect(firstBody["results"]?.arrayValue?.compactMap { $0["message_id"]?.stringValue } == ["a", "b"])
            let logOfB = firstBody["results"]?[1]?["email_log_id"]

            // One old, one new: 200, in input order.
            let mixed = try await app.request(.post, uri, as: .service, json: "[\(IngestMessage.json("c")), \(IngestMessage.json("b"))]")
            #expect(mixed.status == .ok)
            let mixedBody = try mixed.json()
            #expect(mixedBody["created"] == .number(1))
            #expect(mixedBody["duplicates"] == .number(1))
            #expect(mixedBody["results"]?.arrayValue?.compactMap { $0["message_id"]?.stringValue } == ["c", "b"])
            #expect(mixedBody["results"]?[0]?["duplicate"] == .bool(false))
            #expect(mixedBody["results"]?[1]?["duplicate"] == .bool(true))
            #expect(mixedBody["results"]?[1]?["email_log_id"] == logOfB)

            // The messages form, with its own priority; even one message is answered as a list.
            let wrapped = try await app.request(.post, uri, as: .service, json: #"{"priority": 7, "messages": [\#(IngestMessage.json("d"))]}"#)
            #expect(wrapped.status == .created)
            #expect(try wrapped.json()["results"]?.arrayValue?.count == 1)
            let prioritized = try await app.request(.post, IngestMessage.uri(client: client.id, priority: 9), as: .service, json: IngestMessage.json("e"))
            #expect(prioritized.status == .created)

            #expect(try await app.db.texts("SELECT email_data->>'message_id' || ':' || priority FROM public.email_queue ORDER BY 1") == ["a:1", "b:1", "c:1", "d:7", "e:9"])
            #expect(try await app.db.count("SELECT count(*) FROM public.email_logs") == 5)
        }
    }

    /// A message id is unique per client: the same id from another client's mailbox is another message.
    @Test func theSameMessageIdIsNewForAnotherClient() async throws {
        try await TestApp.with { app in
            let a = try await app.signUp()
            let b = try await app.signUp()
            let message = IngestMessage.json("<shared@newsletter.example>")
            #expect(try await app.request(.post, IngestMessage.uri(client: a.id), as: .service, json: message).status == .created)
            let other = try await app.request(.post, IngestMessage.uri(client: b.id), as: .service, json: message)
            #expect(other.status == .created)
            #expect(try other.json()["duplicate"] == .bool(false))
            #expect(try await app.db.count("SELECT count(DISTINCT client_id) FROM public.email_queue") == 2)
        }
    }

    /// The same message twice in one request is one message.
    @Test func aMessageRepeatedInOneBatchIsQueuedOnce() async throws {
        try await TestApp.with { app in
            let client = try await app.signUp()
            let message = IngestMessage.json("twice")
            let response = try await app.request(.post, IngestMessage.uri(client: client.id), as: .service, json: "[\(message), \(message)]")
            #expect(response.status == .created)
            #expect(try response.json()["results"]?.arrayValue?.count == 1)
            #expect(try await app.db.count("SELECT count(*) FROM public.email_queue") == 1)
        }
    }

    /// Deliveries of one message racing each other: exactly one creates it, every one gets its record, one job is queued.
    @Test func concurrentDuplicateDeliveriesQueueOnce() async throws {
        try await TestApp.with(connections: 8) { app in
            let client = try await app.signUp()
            let message = IngestMessage.json("<race@customer.example>")
            let responses = try await withThrowingTaskGroup(of: TestResponse.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await app.request(.post, IngestMessage.uri(client: client.id), as: .service, json: message) }
                }
                return try await group.reduce(into: [TestResponse]()) { $0.append($1) }
            }
            #expect(responses.filter { $0.status == .created }.count == 1)
            #expect(responses.filter { $0.status == .ok }.count == 7)
            let logIds = Set(try responses.map { try $0.json()["email_log_id"] })
            #expect(logIds.count == 1)
            #expect(try await app.db.count("SELECT count(*) FROM public.email_queue") == 1)
            #expect(try await app.db.count("SELECT count(*) FROM public.email_logs") == 1)
        }
    }

    /// A signed-in user ingests for itself only; the operator names the client.
    @Test func whoMayIngestForWhom() async throws {
        try await TestApp.with { app in
            let a = try await app.signUp()
            let b = try await app.signUp()
            let own = try await app.request(.post, IngestMessage.uri(), as: .user(a), json: IngestMessage.json("own"))
            #expect(own.status == .created)
            #expect(try own.json()["client_id"] == .string(a.id))
            let named = try await app.request(.post, IngestMessage.uri(client: a.id), as: .user(a), json: IngestMessage.json("named"))
            #expect(named.status == .created)

            try expectRestError(
                try await app.request(.post, IngestMessage.uri(client: b.id), as: .user(a), json: IngestMessage.json("theirs")),
                .forbidden, code: "forbidden", message: "a user may ingest email only for itself"
            )
            try expectRestError(
                try await app.request(.post, IngestMessage.uri(), as: .service, json: IngestMessage.json("whose")),
                .badRequest, code: "missing_client_id", message: "client_id is required with the service key"
            )
            try expectRestError(
                try await app.request(.post, IngestMessage.uri(client: "acme"), as: .service, json: IngestMessage.json("whose")),
                .badRequest, code: "invalid_client_id", message: "client_id must be a UUID"
            )
            try expectRestError(
                try await app.request(.post, IngestMessage.uri(client: a.id), as: .anon, json: IngestMessage.json("anon")),
                .unauthorized, code: "not_signed_in", message: "ingestion requires the service key or a signed-in user"
            )
            try expectRestError(try await app.request(.post, IngestMessage.uri(), as: .nobody, json: IngestMessage.json("nobody")), .unauthorized, code: "PGRST302")
            let stranger = UUID().uuidString.lowercased()
            let unknown = try expectRestError(
                try await app.request(.post, IngestMessage.uri(client: stranger), as: .service, json: "[\(IngestMessage.json("x")), \(IngestMessage.json("y"))]"),
                .notFound, code: "client_not_found"
            )
            #expect(unknown["message"]?.stringValue?.lowercased() == "no client \(stranger)")

            #expect(try await app.db.texts("SELECT message_id FROM public.email_logs ORDER BY 1") == ["named", "own"])
            #expect(try await app.db.count("SELECT count(*) FROM public.email_logs WHERE client_id <> \(a.userId)") == 0)
            // What was ingested is the tenant's to read, and only its.
            #expect(try await app.request(.get, "/rest/v1/email_logs?select=message_id&order=message_id", as: .user(a)).rows().strings("message_id") == ["named", "own"])
            #expect(try await app.request(.get, "/rest/v1/email_logs", as: .user(b)).rows().isEmpty)
        }
    }

    /// The message should quote the client id as it was sent (lowercase); it prints Swift's uppercase description.
    @Test
    func theUnknownClientMessageQuotesTheIdAsSent() async throws {
        try await TestApp.with { app in
            let stranger = UUID().uuidString.lowercased()
            let response = try await app.request(.post, IngestMessage.uri(client: stranger), as: .service, json: IngestMessage.json("x"))
            #expect(response.status == .notFound)
            let message = try response.json()["message"]
            #expect(message == .string("no client \(stranger)"))
        }
    }

    @Test(arguments: ["?priority=101", "?priority=-1", "?priority=high"])
    func anInvalidPriorityIsRefused(query: String) async throws {
        try await TestApp.with { app in
            let client = try await app.signUp()
            let response = try await app.request(.post, "/api/v1/emails\(query)", as: .user(client), json: IngestMessage.json("p"))
            try expectRestError(response, .badRequest, code: "invalid_priority", message: "priority must be an integer from 0 to 100")
            let inBody = try await app.request(.post, "/api/v1/emails", as: .user(client), json: #"{"priority": 500, "messages": [\#(IngestMessage.json("p"))]}"#)
            try expectRestError(inBody, .badRequest, code: "invalid_priority")
            #expect(try await app.db.count("SELECT count(*) FROM public.email_logs") == 0)
        }
    }
}
