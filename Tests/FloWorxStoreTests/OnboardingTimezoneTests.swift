import FloWorxCore
import FloWorxStore
import FloWorxTestSupport
import Foundation
import PostgresNIO
import Testing

/// Migration 0027: a business has one time zone. `business_hours.timezone` counts; `client_config.business.timezone`
/// mirrors it, and writing either moves the other, whoever writes (the operator, a tenant through RLS).
@Suite struct OnboardingTimezoneTests {
    /// A new auth user (and so a profile) with a business in `zone`; returns its id.
    static func business(_ db: TestDatabase, zone: String?) async throws -> UUID {
        let id = UUID()
        try await db.execute("INSERT INTO auth.users (id, aud, role, email) VALUES (\(id), 'authenticated', 'authenticated', \("tz-\(id)@example.test"))")
        var business = #"{"name": "Tz Plumbing", "type": "plumbing""#
        if let zone { business += #", "timezone": "\#(zone)""# }
        business += "}"
        try await db.execute("UPDATE public.profiles SET client_config = jsonb_build_object('business', \(business)::jsonb) WHERE id = \(id)")
        return id
    }

    /// The zone in each place: `business_hours.timezone` and `client_config.business.timezone`.
    static func zones(_ db: TestDatabase, _ id: UUID) async throws -> (hours: String?, config: String?) {
        try await zones(db.database.service, id)
    }

    static func zones(_ service: ServiceDatabase, _ id: UUID) async throws -> (hours: String?, config: String?) {
        func text(_ query: PostgresQuery) async throws -> String? {
            var values: [String?] = []
            for try await value in try await service.query(query).decode(String?.self) { values.append(value) }
            return values.first ?? nil
        }
        return (try await text("SELECT timezone FROM public.business_hours WHERE client_id = \(id)"),
                try await text("SELECT client_config->'business'->>'timezone' FROM public.profiles WHERE id = \(id)"))
    }

    @Test func writingTheHoursZoneMovesTheConfigs() async throws {
        try await TestDatabase.with { db in
            let id = try await Self.business(db, zone: "America/Toronto")
            try await db.execute("INSERT INTO public.business_hours (client_id, timezone) VALUES (\(id), 'Europe/Madrid')")
            #expect(try await Self.zones(db, id) == ("Europe/Madrid", "Europe/Madrid"))
            try await db.execute("UPDATE public.business_hours SET timezone = 'Asia/Tokyo' WHERE client_id = \(id)")
            #expect(try await Self.zones(db, id) == ("Asia/Tokyo", "Asia/Tokyo"))
        }
    }

    @Test func writingTheConfigsZoneMovesTheHours() async throws {
        try await TestDatabase.with { db in
            let id = try await Self.business(db, zone: "America/Toronto")
            try await db.execute("INSERT INTO public.business_hours (client_id, timezone) VALUES (\(id), 'America/Toronto')")
            // As the tenant, through row-level security, as PATCH /rest/v1/profiles does.
            _ = try await db.ids(as: .user(id), """
                UPDATE public.profiles SET client_config = jsonb_set(client_config, '{business,timezone}', '"America/Halifax"')
                WHERE id = \(id) RETURNING id
                """)
            #expect(try await Self.zones(db, id) == ("America/Halifax", "America/Halifax"))
        }
    }

    @Test func aConfigWrittenWithoutTheZoneGetsItBack() async throws {
        try await TestDatabase.with { db in
            let id = try await Self.business(db, zone: "America/Toronto")
            try await db.execute("INSERT INTO public.business_hours (client_id, timezone) VALUES (\(id), 'America/Toronto')")
            try await db.execute(#"UPDATE public.profiles SET client_config = '{"business": {"name": "Renamed", "type": "plumbing"}}' WHERE id = \#(id)"#)
            #expect(try await Self.zones(db, id) == ("America/Toronto", "America/Toronto"))
            #expect(try await db.text("SELECT client_config->'business'->>'name' FROM public.profiles WHERE id = \(id)") == "Renamed")
        }
    }

    /// Hours added through the data API without a zone take the business's zone, not the column's default UTC.
    @Test func hoursAddedWithoutAZoneTakeTheBusinesss() async throws {
        try await TestDatabase.with { db in
            let id = try await Self.business(db, zone: "America/Denver")
            _ = try await db.ids(as: .user(id), "INSERT INTO public.business_hours (client_id) VALUES (\(id)) RETURNING id")
            #expect(try await Self.zones(db, id) == ("America/Denver", "America/Denver"))
        }
    }

    @Test func aBadZoneInEitherPlaceIsRefusedAndChangesNothing() async throws {
        try await TestDatabase.with { db in
            let id = try await Self.business(db, zone: "America/Toronto")
            try await db.execute("INSERT INTO public.business_hours (client_id, timezone) VALUES (\(id), 'America/Toronto')")
            await expectServerError("23514") {
                try await db.execute("UPDATE public.business_hours SET timezone = 'Mars/Base' WHERE client_id = \(id)")
            }
            await expectServerError("23514") {
                try await db.execute("UPDATE public.profiles SET client_config = jsonb_set(client_config, '{business,timezone}', '\"Mars/Base\"') WHERE id = \(id)")
            }
            #expect(try await Self.zones(db, id) == ("America/Toronto", "America/Toronto"))
        }
    }

    /// Another business's rows are never touched by a change of zone.
    @Test func onlyTheSameBusinessMoves() async throws {
        try await TestDatabase.with { db in
            let a = try await Self.business(db, zone: "America/Toronto")
            let b = try await Self.business(db, zone: "America/Toronto")
            try await db.execute("INSERT INTO public.business_hours (client_id, timezone) VALUES (\(a), 'America/Toronto'), (\(b), 'America/Toronto')")
            try await db.execute("UPDATE public.business_hours SET timezone = 'Europe/Oslo' WHERE client_id = \(a)")
            #expect(try await Self.zones(db, b) == ("America/Toronto", "America/Toronto"))
        }
    }

    /// A profile without a business (signed up, not onboarded) is left as it is: `{}` stays valid.
    @Test func aProfileWithoutABusinessIsLeftAlone() async throws {
        try await TestDatabase.with { db in
            let id = UUID()
            try await db.execute("INSERT INTO auth.users (id, aud, role, email) VALUES (\(id), 'authenticated', 'authenticated', \("tz-\(id)@example.test"))")
            try await db.execute("INSERT INTO public.business_hours (client_id, timezone) VALUES (\(id), 'Europe/Rome')")
            #expect(try await db.text("SELECT client_config::text FROM public.profiles WHERE id = \(id)") == "{}")
            // Onboarded later with a business but no zone: it gets the hours' zone.
            try await db.execute(#"UPDATE public.profiles SET client_config = '{"business": {"name": "Late", "type": "roofing"}}' WHERE id = \#(id)"#)
            #expect(try await Self.zones(db, id) == ("Europe/Rome", "Europe/Rome"))
        }
    }

    /// Rows written before 0027 that disagree are repaired: the hours' zone (the one the pipeline used) wins, except a
    /// row left at the default UTC under a config that names a zone; profiles without hours or a business are untouched.
    @Test func theMigrationRepairsExistingDisagreements() async throws {
        let info = try await TestCluster.shared.makeEmptyDatabase()
        let all = try Migration.bundled()
        let (hoursWin, defaultUTC, agree, noHours, noBusiness) = (UUID(), UUID(), UUID(), UUID(), UUID())
        try await DatabaseConnectionInfo.withConnection(info, logger: TestCluster.logger) { connection in
            try await MigrationRunner(migrations: all.filter { $0.version < 27 }, logger: TestCluster.logger).migrate(connection)
            for (id, zone) in [(hoursWin, "America/Toronto"), (defaultUTC, "America/Denver"), (agree, "Europe/Berlin"), (noHours, "Asia/Tokyo")] {
                try await connection.query("INSERT INTO auth.users (id, aud, role, email) VALUES (\(id), 'authenticated', 'authenticated', \("m-\(id)@example.test"))", logger: TestCluster.logger)
                try await connection.query(
                    "UPDATE public.profiles SET client_config = jsonb_build_object('business', jsonb_build_object('name', 'B', 'type', 'hvac', 'timezone', \(zone)::text)) WHERE id = \(id)",
                    logger: TestCluster.logger)
            }
            try await connection.query("INSERT INTO auth.users (id, aud, role, email) VALUES (\(noBusiness), 'authenticated', 'authenticated', 'nb@example.test')", logger: TestCluster.logger)
            try await connection.query("""
                INSERT INTO public.business_hours (client_id, timezone) VALUES
                  (\(hoursWin), 'America/Vancouver'), (\(defaultUTC), 'UTC'), (\(agree), 'Europe/Berlin'), (\(noBusiness), 'Europe/Rome')
                """, logger: TestCluster.logger)
            try await MigrationRunner(migrations: all, logger: TestCluster.logger).migrate(connection)
        }
        try await Database.withPool(info, connections: 2, logger: TestCluster.logger) { database in
            let db = database.service
            #expect(try await Self.zones(db, hoursWin) == ("America/Vancouver", "America/Vancouver"))
            #expect(try await Self.zones(db, defaultUTC) == ("America/Denver", "America/Denver"))
            #expect(try await Self.zones(db, agree) == ("Europe/Berlin", "Europe/Berlin"))
            #expect(try await Self.zones(db, noHours) == (nil, "Asia/Tokyo"))
            #expect(try await Self.zones(db, noBusiness) == ("Europe/Rome", nil))
            let config = try await db.query("SELECT client_config::text FROM public.profiles WHERE id = \(noBusiness)").collect().first?.decode(String.self)
            #expect(config == "{}")
        }
    }
}
