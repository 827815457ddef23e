import FloWorxCore
import FloWorxStore
import FloWorxTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing

/// `POST` and `GET /api/v1/emails/{id}/category`: the owner's correction of a category is recorded (the latest per
/// email), logged as an analytics event and readable for learning; only for the business's own emails, only to one of
/// its categories.
@Suite struct CorrectionTests {
    /// An HVAC business at northwind.test with one manager at the business's domain and one at a free-mail address.
    static let config = #"""
        {"version": 1,
         "business": {"name": "Northwind Heating", "type": "hvac", "email_domain": "northwind.test", "timezone": "America/Winnipeg", "currency": "CAD"},
         "contact": {"name": "Dana Moss", "email": "dana@northwind.test"}}
        """#
    static let managers = #"""
        [{"name": "Dana Moss", "email": "dana@northwind.test", "roles": ["owner"]},
         {"name": "Tom Reid", "email": "tom.reid@gmail.test", "roles": ["service"]}]
        """#

    /// A signed-up owner whose profile is the HVAC business above.
    static func owner(_ app: TestApp) async throws -> Session {
        let user = try await app.signUp()
        try await app.db.execute("""
            UPDATE public.profiles SET client_config = \(config)::jsonb, managers = \(managers)::jsonb WHERE id = \(user.userId)
            """)
        return user
    }

    /// Ingests one message for `user` and records that FloWorx classified it as `classified` (the pipeline's
    /// `email_classified` event); returns the email log id.
    static func email(
        _ app: TestApp, _ user: Session, from: String, subject: String = "Order 55812 ready for pickup",
        text: String = "Your order 55812 is ready for pickup at the counter. Ridgeline Supply", classified: String? = "PROMO"
    ) async throws -> String {
        let message = IngestMessage.json("<\(UUID().uuidString)@x.test>", from: from, text: text, set: ["subject": "\"\(subject)\""])
        let response = try await app.request(.post, IngestMessage.uri(), as: .user(user), json: message)
        try #require(response.status == .created, "\(response.text)")
        let id = try #require(try response.json()["email_log_id"]?.stringValue)
        if let classified {
            let data = #"{"category": "\#(classified)", "email_log_id": "\#(id)", "confidence": 0.41}"#
            try await app.db.execute("""
                INSERT INTO public.analytics_events (client_id, event_type, event_data) VALUES (\(user.userId), 'email_classified', \(data)::jsonb)
                """)
        }
        return id
    }

    static func category(_ app: TestApp, _ user: Session, _ id: String, _ body: String) async throws -> TestResponse {
        try await app.request(.post, "/api/v1/emails/\(id)/category", as: .user(user), json: body)
    }

    @Test func aCorrectionIsRecordedReplacedAndReadForLearning() async throws {
        try await TestApp.with { app in
            let owner = try await Self.owner(app)
            let id = try await Self.email(app, owner, from: "Counter@Ridgeline.test")

            let first = try await Self.category(app, owner, id, #"{"category": "SUPPLIERS"}"#)
            #expect(first.status == .ok, "\(first.text)")
            let stored = try first.json()
            #expect(stored.keys == [
                "category", "created_at", "email_log_id", "from_category", "id", "ignored_reason", "learned", "sender_domain", "sender_email", "source",
            ])
            #expect(stored["email_log_id"] == .string(id))
            #expect(stored["category"] == .string("SUPPLIERS"))
            #expect(stored["from_category"] == .string("PROMO"))
            #expect(stored["source"] == .string("api"))
            #expect(stored["sender_email"] == .string("counter@ridgeline.test"))
            #expect(stored["sender_domain"] == .string("ridgeline.test"))
            #expect(stored["learned"] == .bool(true))
            #expect(stored["ignored_reason"] == .null)
            #expect(stored["created_at"]?.stringValue.flatMap(ISO8601.parse) != nil)

            // The analytics event says who moved what where.
            let event = try JSONDecoder().decode(JSONValue.self, from: Data(try #require(try await app.db.text("""
                SELECT event_data::text FROM public.analytics_events WHERE client_id = \(owner.userId) AND event_type = 'classification_corrected'
                """)).utf8))
            #expect(event["email_log_id"] == .string(id))
            #expect(event["from_category"] == .string("PROMO"))
            #expect(event["to_category"] == .string("SUPPLIERS"))
            #expect(event["source"] == .string("api"))
            #expect(event["sender_domain"] == .string("ridgeline.test"))

            // GET says the current category and what FloWorx had chosen.
            let read = try await app.request(.get, "/api/v1/emails/\(id)/category", as: .user(owner))
            #expect(read.status == .ok, "\(read.text)")
            #expect(try read.json()["category"] == .string("SUPPLIERS"))
            #expect(try read.json()["classified_category"] == .string("PROMO"))
            #expect(try read.json()["corrected"] == .bool(true))

            // A second correction of the same email replaces the first and keeps what FloWorx had chosen; lower case is
            // accepted.
            let second = try await Self.category(app, owner, id, #"{"category": "sales"}"#)
            #expect(second.status == .ok, "\(second.text)")
            #expect(try second.json()["category"] == .string("SALES"))
            #expect(try second.json()["from_category"] == .string("PROMO"))
            #expect(try await app.db.count("SELECT count(*)::int FROM floworx.triage_corrections") == 1)
            #expect(try await app.db.count("SELECT count(*)::int FROM public.analytics_events WHERE event_type = 'classification_corrected'") == 2)

            // Moved back to where FloWorx had put it: recorded, and it teaches nothing (undoing the earlier one).
            let back = try await Self.category(app, owner, id, #"{"category": "PROMO"}"#)
            #expect(try back.json()["learned"] == .bool(false))
            #expect(try back.json()["ignored_reason"] == .string("moved back to the category FloWorx chose"))

            // What learning reads: the correction with its message, for this client only.
            let repository = CorrectionRepository(database: app.db.database.service)
            let other = try await Self.owner(app)
            _ = try await Self.email(app, other, from: "orders@ridgeline.test")
            let learnable = try await repository.corrections(for: [owner.userId, other.userId])
            #expect(Array(learnable.keys) == [owner.userId])
            let only = try #require(learnable[owner.userId]?.first)
            #expect(only.subject == "Order 55812 ready for pickup")
            #expect(only.body.contains("Ridgeline Supply"))
            #expect(only.triageCorrection.toCategory == "PROMO")
            #expect(only.triageCorrection.fromCategory == "PROMO")
            #expect(only.triageCorrection.input.fromEmail == "counter@ridgeline.test")
        }
    }

    @Test func anotherBusinessesEmailIsNotFound() async throws {
        try await TestApp.with { app in
            let owner = try await Self.owner(app)
            let stranger = try await Self.owner(app)
            let id = try await Self.email(app, owner, from: "counter@ridgeline.test")

            for response in [
                try await Self.category(app, stranger, id, #"{"category": "SUPPLIERS"}"#),
                try await app.request(.get, "/api/v1/emails/\(id)/category", as: .user(stranger)),
                try await Self.category(app, owner, UUID().uuidString, #"{"category": "SUPPLIERS"}"#),
                try await Self.category(app, owner, "not-a-uuid", #"{"category": "SUPPLIERS"}"#),
            ] {
                #expect(response.status == .notFound, "\(response.text)")
                #expect(try response.json()["code"] == .string("email_not_found"))
            }
            let anonymous = try await app.request(.post, "/api/v1/emails/\(id)/category", as: .anon, json: #"{"category": "SUPPLIERS"}"#)
            #expect(anonymous.status == .unauthorized)
            let operatorCall = try await app.request(.post, "/api/v1/emails/\(id)/category", as: .service, json: #"{"category": "SUPPLIERS"}"#)
            #expect(operatorCall.status == .unauthorized)
            #expect(try await app.db.count("SELECT count(*)::int FROM floworx.triage_corrections") == 0)
            #expect(try await app.db.count("SELECT count(*)::int FROM public.analytics_events WHERE event_type = 'classification_corrected'") == 0)

            // The database itself refuses a correction of one client's email filed under another client.
            await #expect(throws: PSQLError.self) {
                try await app.db.execute("""
                    INSERT INTO floworx.triage_corrections (client_id, email_log_id, source, sender_email, sender_domain, to_category)
                    VALUES (\(stranger.userId), \(UUID(uuidString: id)!), 'api', 'counter@ridgeline.test', 'ridgeline.test', 'SUPPLIERS')
                    """)
            }
            // The repository (the mailbox sync's way in) answers nil for it.
            let repository = CorrectionRepository(database: app.db.database.service)
            #expect(try await repository.record(clientId: stranger.userId, emailLogId: UUID(uuidString: id)!, category: "SUPPLIERS", source: .mailbox) == nil)
            #expect(try await repository.record(clientId: owner.userId, emailLogId: UUID(uuidString: id)!, category: "SUPPLIERS", source: .mailbox)?.source == "mailbox")
        }
    }

    @Test func aCategoryTheBusinessDoesNotHaveIs422() async throws {
        try await TestApp.with { app in
            let owner = try await Self.owner(app)
            let id = try await Self.email(app, owner, from: "counter@ridgeline.test")
            for body in [#"{"category": "SEASONAL"}"#, #"{"category": "BOGUS"}"#, #"{}"#, #"{"category": 7}"#, #"{"category": ""}"#] {
                let response = try await Self.category(app, owner, id, body)
                #expect(response.status == .unprocessableContent, "\(body): \(response.text)")
                let error = try response.json()
                #expect(error["code"] == .string("invalid_category"))
                #expect(error["errors"]?[0]?["path"] == .string("category"))
                #expect(error["message"]?.stringValue?.contains("MAINTENANCE") == true, "\(response.text)")  // hvac's own extra is offered
                #expect(error["message"]?.stringValue?.contains("SEASONAL") == false)
            }
            let extra = try await Self.category(app, owner, id, #"{"category": "SALES", "note": "x"}"#)
            #expect(extra.status == .unprocessableContent)
            #expect(try extra.json()["errors"]?[0]?["path"] == .string("note"))
            let notJSON = try await app.request(.post, "/api/v1/emails/\(id)/category", as: .user(owner), json: "category=SALES")
            #expect(notJSON.status == .badRequest)
            #expect(try await app.db.count("SELECT count(*)::int FROM floworx.triage_corrections") == 0)
            #expect(try await app.db.count("SELECT count(*)::int FROM public.analytics_events WHERE event_type = 'classification_corrected'") == 0)

            let extraCategory = try await Self.category(app, owner, id, #"{"category": "MAINTENANCE"}"#)
            #expect(extraCategory.status == .ok, "\(extraCategory.text)")
        }
    }

    @Test func correctionsOfTheBusinessesOwnMailAreRecordedButNotLearned() async throws {
        try await TestApp.with { app in
            let owner = try await Self.owner(app)
            for (sender, reason) in [
                ("dana@northwind.test", "sender is a manager of the business"),
                ("tom.reid@gmail.test", "sender is a manager of the business"),
                ("crew@northwind.test", "sender is at the business's own domain"),
            ] {
                let id = try await Self.email(app, owner, from: sender, classified: "MANAGER")
                let response = try await Self.category(app, owner, id, #"{"category": "SUPPLIERS"}"#)
                #expect(response.status == .ok, "\(response.text)")
                #expect(try response.json()["learned"] == .bool(false))
                #expect(try response.json()["ignored_reason"] == .string(reason))
            }
            // Nothing is learned from them.
            let model = try TriageModel(jsonData: Data(contentsOf: try #require(TriageModel.bundledModelURL)))
            let learnable = try await CorrectionRepository(database: app.db.database.service).corrections(for: [owner.userId])
            let business = TriageBusiness(industry: "hvac", domain: "northwind.test", managers: ["dana@northwind.test", "tom.reid@gmail.test"], supplierDomains: [])
            let adaptation = TriageAdaptation(corrections: learnable[owner.userId, default: []].map(\.triageCorrection), model: model, business: business)
            #expect(adaptation.isEmpty)
            #expect(adaptation.ignored.count == 3)
        }
    }
}
