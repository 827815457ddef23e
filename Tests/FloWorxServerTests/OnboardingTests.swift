import FloWorxCore
import FloWorxStore
import FloWorxTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing

/// `POST /api/v1/onboarding`: a signed-in owner sets up its business in one call, validated with field-named
/// errors, written all or nothing, once.
@Suite struct OnboardingTests {
    /// A whole setup of an electrician in Toronto, with one rule of its own and no communication style.
    static let document = #"""
        {
          "client_config": {
            "version": 1,
            "business": {"name": "Bright Spark Electric", "type": "electrical", "email_domain": "brightspark.test", "timezone": "America/Toronto", "currency": "CAD"},
            "contact": {"name": "Ana Reyes", "email": "ana@brightspark.test", "after_hours_phone": "416-555-0199"}
          },
          "managers": [
            {"name": "Ana Reyes", "email": "ana@brightspark.test", "roles": ["owner"]},
            {"name": "Sam Lee", "email": "sam@brightspark.test", "roles": ["service"]}
          ],
          "suppliers": [{"name": "Graybar", "domains": ["graybar.test"], "category": "parts"}],
          "business_hours": {"hours": {"version": 1, "weekly": {"mon": [["08:00", "17:00"]], "tue": [["08:00", "12:00"], ["13:00", "17:00"]]}}},
          "escalation_rules": [
            {"name": "Sparks go to Sam", "priority": 50,
             "conditions": {"fact": "body", "op": "contains_any", "value": ["sparking", "burning smell"]},
             "actions": [{"type": "notify", "channels": ["email"], "role": "service"}, {"type": "mark_escalated"}]}
          ]
        }
        """#

    /// The document with `edit` applied to its JSON object.
    static func document(_ edit: (inout [String: Any]) -> Void) -> String {
        var object = try! JSONSerialization.jsonObject(with: Data(document.utf8)) as! [String: Any]
        edit(&object)
        return String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    /// Rows of `table` that belong to `client`.
    static func rows(_ app: TestApp, _ table: String, _ client: String) async throws -> Int {
        try await app.db.count("SELECT count(*)::int FROM \(unescaped: "public." + table) WHERE \(unescaped: table == "profiles" ? "id" : "client_id") = \(UUID(uuidString: client)!)")
    }

    /// The `errors` of a 422 as `path: message` lines, after checking the shape of the answer.
    static func problems(_ response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: String] {
        #expect(response.status == .unprocessableContent, "\(response.text)", sourceLocation: sourceLocation)
        let body = try response.json()
        #expect(body.keys == ["code", "details", "errors", "hint", "message"], sourceLocation: sourceLocation)
        #expect(body["code"] == .string("onboarding_invalid"), sourceLocation: sourceLocation)
        var found: [String: String] = [:]
        for problem in body["errors"]?.arrayValue ?? [] {
            if let path = problem["path"]?.stringValue, let message = problem["message"]?.stringValue { found[path] = message }
        }
        // details says the same, one line per problem.
        #expect(body["details"]?.stringValue?.split(separator: "\n").count == found.count, sourceLocation: sourceLocation)
        return found
    }

    @Test func anOwnerOnboardsItsBusinessInOneCall() async throws {
        try await TestApp.with { app in
            let owner = try await app.signUp()
            let response = try await app.request(.post, "/api/v1/onboarding", as: .user(owner), json: Self.document)
            #expect(response.status == .created, "\(response.text)")
            let body = try response.json()
            #expect(body["client_id"] == .string(owner.id))
            #expect(body["timezone"] == .string("America/Toronto"))
            #expect(body["communication_style"]?["derived_from_industry"] == .bool(true))
            #expect(body["escalation_rules"]?.arrayValue?.contains(.string("Sparks go to Sam")) == true)

            let id = try #require(UUID(uuidString: owner.id))
            #expect(try await app.db.text("SELECT client_config->'business'->>'name' FROM public.profiles WHERE id = \(id)") == "Bright Spark Electric")
            #expect(try await app.db.count("SELECT jsonb_array_length(managers)::int FROM public.profiles WHERE id = \(id)") == 2)
            #expect(try await app.db.count("SELECT jsonb_array_length(suppliers)::int FROM public.profiles WHERE id = \(id)") == 1)
            // One time zone, in both places.
            #expect(try await app.db.text("SELECT timezone FROM public.business_hours WHERE client_id = \(id)") == "America/Toronto")
            #expect(try await app.db.text("SELECT client_config->'business'->>'timezone' FROM public.profiles WHERE id = \(id)") == "America/Toronto")
            #expect(try await app.db.text("SELECT hours->'weekly'->'tue'->1->>0 FROM public.business_hours WHERE client_id = \(id)") == "13:00")
            // A style suited to an electrician, active.
            #expect(try await app.db.text("SELECT tone || '/' || formality FROM public.communication_styles WHERE client_id = \(id) AND is_active") == "professional/neutral")
            #expect(try await Self.rows(app, "communication_styles", owner.id) == 1)
            #expect(try await app.db.text("SELECT actions::text FROM public.escalation_rules WHERE client_id = \(id) AND name = 'Sparks go to Sam'") != nil)
            // The safety defaults are real rows next to the document's rule, each once, and listed in the answer.
            for name in RuleEngine.defaultRules.map(\.name) {
                #expect(try await app.db.count("SELECT count(*)::int FROM public.escalation_rules WHERE client_id = \(id) AND name = \(name) AND is_active") == 1, "\(name)")
                #expect(body["escalation_rules"]?.arrayValue?.contains(.string(name)) == true, "\(name)")
            }
            #expect(try await Self.rows(app, "escalation_rules", owner.id) == RuleEngine.defaultRules.count + 1)

            // The owner reads it all back through the data API, as any client would.
            let hours = try await app.request(.get, "/rest/v1/business_hours?select=timezone", as: .user(owner))
            #expect(try hours.rows().map { $0["timezone"] } == [.string("America/Toronto")])
        }
    }

    @Test func theDocumentsStyleIsUsedAndCompleted() async throws {
        try await TestApp.with { app in
            let owner = try await app.signUp()
            let document = Self.document { $0["communication_style"] = ["name": "Ana's voice", "tone": "warm", "signature_phrases": ["Stay safe!"]] }
            let response = try await app.request(.post, "/api/v1/onboarding", as: .user(owner), json: document)
            #expect(response.status == .created, "\(response.text)")
            #expect(try response.json()["communication_style"]?["derived_from_industry"] == .bool(false))
            let id = try #require(UUID(uuidString: owner.id))
            #expect(try await app.db.text("SELECT name || '/' || tone || '/' || formality || '/' || signature_phrases::text FROM public.communication_styles WHERE client_id = \(id) AND is_active")
                == #"Ana's voice/warm/neutral/["Stay safe!"]"#)
        }
    }

    @Test func theTimeZoneMayBeGivenWithTheHoursInstead() async throws {
        try await TestApp.with { app in
            let owner = try await app.signUp()
            let document = Self.document { object in
                var config = object["client_config"] as! [String: Any]
                var business = config["business"] as! [String: Any]
                business.removeValue(forKey: "timezone")
                config["business"] = business
                object["client_config"] = config
                object["business_hours"] = ["timezone": "Europe/Paris"]
            }
            let response = try await app.request(.post, "/api/v1/onboarding", as: .user(owner), json: document)
            #expect(response.status == .created, "\(response.text)")
            let id = try #require(UUID(uuidString: owner.id))
            #expect(try await app.db.text("SELECT timezone FROM public.business_hours WHERE client_id = \(id)") == "Europe/Paris")
            #expect(try await app.db.text("SELECT client_config->'business'->>'timezone' FROM public.profiles WHERE id = \(id)") == "Europe/Paris")
            #expect(try await app.db.text("SELECT hours::text FROM public.business_hours WHERE client_id = \(id)") == "{}")
        }
    }

    /// Every kind of problem, each named by its path, all in one answer; nothing is written.
    @Test func everyProblemIsNamedByItsPath() async throws {
        try await TestApp.with { app in
            let owner = try await app.signUp()
            let document = #"""
                {
                  "client_config": {"business": {"name": "", "type": "blacksmith", "timezone": "America/Toronto", "currency": "dollars"}, "colour": "red"},
                  "managers": [{"name": "Ana", "email": "ana@brightspark.test"}, {"name": "Sam", "email": "not an address"}],
                  "suppliers": [{"domains": ["graybar.test"]}],
                  "business_hours": {"timezone": "Europe/Paris", "hours": {"weekly": {"mon": [["08:00", "25:00"]], "funday": []}}},
                  "communication_style": {"tone": 7},
                  "escalation_rules": [
                    {"name": "ok", "conditions": {"fact": "urgency", "op": "eq", "value": "critical"}, "actions": [{"type": "mark_escalated"}]},
                    {"priority": 1.5, "conditions": {"fact": "mood", "op": "equals", "value": 1}, "actions": []}
                  ],
                  "client_id": "00000000-0000-0000-0000-000000000001"
                }
                """#
            let response = try await app.request(.post, "/api/v1/onboarding", as: .user(owner), json: document)
            let problems = try Self.problems(response)
            let expected = [
                "client_id",                                          // an unknown member (another client's id is no lever)
                "client_config.colour",                               // unknown member of the config (schema)
                "client_config.business.name",                        // empty (schema)
                "client_config.business.type",                        // not an industry (schema)
                "client_config.business.currency",                    // not ISO 4217 (schema)
                "business_hours.timezone",                            // a second, different time zone
                "business_hours.hours.weekly.mon[0][1]",              // 25:00 (schema)
                "business_hours.hours.weekly.funday",                 // not a weekday (schema)
                "managers[1].email",                                  // not an address (schema)
                "suppliers[0].name",                                  // required (schema)
                "communication_style.tone",                           // not a string
                "escalation_rules[1].name",                           // required
                "escalation_rules[1].priority",                       // not whole
                "escalation_rules[1].conditions.fact",                // unknown fact (rule validator)
                "escalation_rules[1].conditions.op",                  // unknown operator
                "escalation_rules[1].actions",                        // no action
            ]
            for path in expected {
                #expect(problems[path] != nil, "no problem at \(path): \(problems)")
            }
            #expect(problems["business_hours.timezone"]?.contains("client_config.business.timezone") == true)
            #expect(problems["escalation_rules[0].name"] == nil)
            // Nothing was written: the profile is as signing up left it.
            let id = try #require(UUID(uuidString: owner.id))
            #expect(try await app.db.text("SELECT client_config::text FROM public.profiles WHERE id = \(id)") == "{}")
            #expect(try await Self.rows(app, "business_hours", owner.id) == 0)
            #expect(try await Self.rows(app, "communication_styles", owner.id) == 0)
        }
    }

    @Test func aMissingBusinessAndTimeZoneAreRequired() async throws {
        try await TestApp.with { app in
            let owner = try await app.signUp()
            let problems = try Self.problems(try await app.request(.post, "/api/v1/onboarding", as: .user(owner), json: #"{"client_config": {}}"#))
            #expect(problems["client_config.business"]?.hasPrefix("is required") == true, "\(problems)")
            #expect(problems["client_config.business.timezone"]?.hasPrefix("is required") == true, "\(problems)")
            let none = try Self.problems(try await app.request(.post, "/api/v1/onboarding", as: .user(owner), json: "{}"))
            #expect(none["client_config"]?.hasPrefix("is required") == true, "\(none)")
        }
    }

    @Test func anUnknownTimeZoneIsNamed() async throws {
        try await TestApp.with { app in
            let owner = try await app.signUp()
            let document = Self.document { object in
                var config = object["client_config"] as! [String: Any]
                var business = config["business"] as! [String: Any]
                business["timezone"] = "Mars/Olympus_Mons"
                config["business"] = business
                object["client_config"] = config
            }
            let problems = try Self.problems(try await app.request(.post, "/api/v1/onboarding", as: .user(owner), json: document))
            #expect(problems == ["client_config.business.timezone": #"unknown time zone "Mars/Olympus_Mons": use an IANA name such as America/Toronto or Europe/London"#])
        }
    }

    @Test func aBodyThatIsNotAnObjectIsRefused() async throws {
        try await TestApp.with { app in
            let owner = try await app.signUp()
            #expect(try Self.problems(try await app.request(.post, "/api/v1/onboarding", as: .user(owner), json: "[1, 2")) == ["$": "is not valid JSON"])
            #expect(try Self.problems(try await app.request(.post, "/api/v1/onboarding", as: .user(owner), json: "[]")).keys.sorted() == ["$"])
        }
    }

    /// A write the database refuses after three others succeeded leaves nothing behind, and its error still names
    /// the document's path.
    @Test func aLateFailureLeavesNothing() async throws {
        try await TestApp.with { app in
            let owner = try await app.signUp()
            // The checks cannot see this refusal coming: only the second rule's insert fails, after the profile,
            // hours and style were written in the same transaction.
            try await app.db.execute("""
                CREATE FUNCTION public.refuse_late_rule() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.name = 'refused late' THEN
                        RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = 'escalation_rules.name: refused by a test trigger',
                              TABLE = 'escalation_rules', COLUMN = 'name';
                    END IF;
                    RETURN NEW;
                END $$
                """)
            try await app.db.execute("CREATE TRIGGER refuse_late_rule BEFORE INSERT ON public.escalation_rules FOR EACH ROW EXECUTE FUNCTION public.refuse_late_rule()")
            let defaults = try await Self.rows(app, "escalation_rules", owner.id)
            let document = Self.document { object in
                var rules = object["escalation_rules"] as! [[String: Any]]
                rules.append(["name": "refused late", "conditions": [String: Any](), "actions": [["type": "mark_escalated"]]])
                object["escalation_rules"] = rules
            }
            let problems = try Self.problems(try await app.request(.post, "/api/v1/onboarding", as: .user(owner), json: document))
            #expect(problems == ["escalation_rules[1].name": "refused by a test trigger"])
            let id = try #require(UUID(uuidString: owner.id))
            #expect(try await app.db.text("SELECT client_config::text FROM public.profiles WHERE id = \(id)") == "{}")
            #expect(try await Self.rows(app, "business_hours", owner.id) == 0)
            #expect(try await Self.rows(app, "communication_styles", owner.id) == 0)
            #expect(try await Self.rows(app, "escalation_rules", owner.id) == defaults)

            // Once the cause is gone, the same document goes through.
            try await app.db.execute("DROP TRIGGER refuse_late_rule ON public.escalation_rules")
            #expect(try await app.request(.post, "/api/v1/onboarding", as: .user(owner), json: document).status == .created)
        }
    }

    @Test func aSecondOnboardingIsAConflict() async throws {
        try await TestApp.with { app in
            let owner = try await app.signUp()
            #expect(try await app.request(.post, "/api/v1/onboarding", as: .user(owner), json: Self.document).status == .created)
            let again = Self.document { object in
                var config = object["client_config"] as! [String: Any]
                config["signature"] = "changed"
                object["client_config"] = config
            }
            let response = try await app.request(.post, "/api/v1/onboarding", as: .user(owner), json: again)
            try expectRestError(response, .conflict, code: "already_onboarded")
            let id = try #require(UUID(uuidString: owner.id))
            #expect(try await app.db.text("SELECT client_config->>'signature' FROM public.profiles WHERE id = \(id)") == nil)
            #expect(try await Self.rows(app, "communication_styles", owner.id) == 1)
            #expect(try await app.db.count("SELECT count(*)::int FROM public.escalation_rules WHERE client_id = \(id) AND name = 'Sparks go to Sam'") == 1)
        }
    }

    /// Hours or a style made through the data API before onboarding are taken over, not duplicated.
    @Test func anEmptyProfileWithEarlierSettingsIsCompleted() async throws {
        try await TestApp.with { app in
            let owner = try await app.signUp()
            let hours = try await app.request(.post, "/rest/v1/business_hours", as: .user(owner), json: #"{"client_id": "\#(owner.id)", "timezone": "Asia/Tokyo"}"#)
            #expect(hours.status == .created, "\(hours.text)")
            let style = try await app.request(.post, "/rest/v1/communication_styles", as: .user(owner), json: #"{"client_id": "\#(owner.id)", "name": "draft"}"#)
            #expect(style.status == .created, "\(style.text)")
            #expect(try await app.request(.post, "/api/v1/onboarding", as: .user(owner), json: Self.document).status == .created)
            let id = try #require(UUID(uuidString: owner.id))
            #expect(try await app.db.texts("SELECT timezone FROM public.business_hours WHERE client_id = \(id)") == ["America/Toronto"])
            #expect(try await app.db.texts("SELECT name FROM public.communication_styles WHERE client_id = \(id) AND is_active") == ["Default"])
            #expect(try await app.db.texts("SELECT name FROM public.communication_styles WHERE client_id = \(id) AND NOT is_active") == ["draft"])
        }
    }

    @Test func onlyASignedInOwnerMayOnboard() async throws {
        try await TestApp.with { app in
            try expectRestError(try await app.request(.post, "/api/v1/onboarding", as: .nobody, json: Self.document), .unauthorized, code: "PGRST302")
            try expectRestError(try await app.request(.post, "/api/v1/onboarding", as: .anon, json: Self.document), .unauthorized, code: "PGRST302")
            let forged = try await app.request(.post, "/api/v1/onboarding", as: .bearer("not.a.token"), json: Self.document)
            #expect(forged.status == .unauthorized, "\(forged.text)")
            try expectRestError(try await app.request(.post, "/api/v1/onboarding", as: .service, json: Self.document), .forbidden, code: "owner_only")
            #expect(try await app.db.count("SELECT count(*)::int FROM public.business_hours") == 0)
        }
    }

    /// Owner A's onboarding writes A's rows only: B's profile, hours and rules are untouched, and A cannot see them.
    @Test func onboardingStaysInsideTheOwnersTenant() async throws {
        try await TestApp.with { app in
            let a = try await app.signUp(), b = try await app.signUp()
            let bDefaults = try await Self.rows(app, "escalation_rules", b.id)
            #expect(try await app.request(.post, "/api/v1/onboarding", as: .user(a), json: Self.document).status == .created)
            let bId = try #require(UUID(uuidString: b.id))
            #expect(try await app.db.text("SELECT client_config::text FROM public.profiles WHERE id = \(bId)") == "{}")
            #expect(try await Self.rows(app, "business_hours", b.id) == 0)
            #expect(try await Self.rows(app, "communication_styles", b.id) == 0)
            #expect(try await Self.rows(app, "escalation_rules", b.id) == bDefaults)
            // B onboards on its own afterwards, with its own zone; A's stays.
            let other = Self.document { object in
                var config = object["client_config"] as! [String: Any]
                var business = config["business"] as! [String: Any]
                business["timezone"] = "America/Vancouver"
                config["business"] = business
                object["client_config"] = config
            }
            #expect(try await app.request(.post, "/api/v1/onboarding", as: .user(b), json: other).status == .created)
            let aId = try #require(UUID(uuidString: a.id))
            #expect(try await app.db.text("SELECT timezone FROM public.business_hours WHERE client_id = \(aId)") == "America/Toronto")
            #expect(try await app.db.text("SELECT timezone FROM public.business_hours WHERE client_id = \(bId)") == "America/Vancouver")
            let seen = try await app.request(.get, "/rest/v1/business_hours?select=client_id", as: .user(a))
            #expect(try seen.rows().map { $0["client_id"] } == [.string(a.id)])
        }
    }

    /// Two onboardings of one owner at once: the profile is locked, so one is made and the other is a conflict.
    @Test func twoOnboardingsAtOnceMakeOneBusiness() async throws {
        try await TestApp.with { app in
            let owner = try await app.signUp()
            async let first = app.request(.post, "/api/v1/onboarding", as: .user(owner), json: Self.document)
            async let second = app.request(.post, "/api/v1/onboarding", as: .user(owner), json: Self.document)
            let statuses = try await [first.status.code, second.status.code].sorted()
            #expect(statuses == [201, 409])
            #expect(try await Self.rows(app, "communication_styles", owner.id) == 1)
            #expect(try await app.db.count("SELECT count(*)::int FROM public.escalation_rules WHERE client_id = \(UUID(uuidString: owner.id)!) AND name = 'Sparks go to Sam'") == 1)
        }
    }

    @Test func anOversizedOrNonJSONBodyIsRefused() async throws {
        try await TestApp.with { app in
            let owner = try await app.signUp()
            let huge = #"{"client_config": {"signature": ""# + String(repeating: "x", count: OnboardingDocument.maximumBytes) + #""}}"#
            try expectRestError(try await app.request(.post, "/api/v1/onboarding", as: .user(owner), json: huge), .contentTooLarge, code: "onboarding_too_large")
            var headers = HTTPFields()
            headers[.contentType] = "text/plain"
            try expectRestError(
                try await app.request(.post, "/api/v1/onboarding", as: .user(owner), headers: headers, json: Self.document),
                .unsupportedMediaType, code: "unsupported_media_type"
            )
            #expect(try await Self.rows(app, "business_hours", owner.id) == 0)
        }
    }
}
