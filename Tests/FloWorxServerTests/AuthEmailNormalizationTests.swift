import FloWorxCore
import FloWorxServer
import FloWorxStore
import FloWorxTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing

/// Email addresses in one normal form (NFC, Unicode lowercase, final sigma as σ), the same in Swift
/// (`EmailAddress.normalized`) and SQL (`floworx.normalize_email`, migration 0024).
@Suite struct AuthEmailNormalizationTests {
    /// Addresses where Swift's and PostgreSQL's case mappings, or composition, could disagree.
    static let tricky = [
        "plain@example.com", "MiXeD@Example.COM",
        "\u{00C9}lodie@example.fr", "E\u{0301}lodie@example.fr", "e\u{0301}lodie@EXAMPLE.fr",     // É precomposed, NFD
        "STRA\u{1E9E}E@example.de", "stra\u{00DF}e@example.de",                                   // ẞ, ß
        "\u{0130}STANBUL@example.tr", "i\u{0307}stanbul@example.tr", "\u{0131}@example.tr",       // İ, i + dot, ı
        "\u{039F}\u{0394}\u{039F}\u{03A3}@example.gr", "\u{03BF}\u{03B4}\u{03BF}\u{03C2}@example.gr",  // final Σ, ς
        "\u{03A3}\u{0391}\u{03A3}.\u{03A3}@example.gr",                                             // Σ mid-word and alone
        "\u{FF21}\u{FF22}\u{FF23}@\u{FF45}xample.com",                                            // fullwidth
        "\u{01C5}@example.com", "\u{FB03}@example.com", "\u{212A}elvin@example.com",              // ǅ, ﬃ, Kelvin sign
        "\u{1F600}@example.com", "A\u{030A}ngstr\u{00F6}m@example.se", "\u{212B}@example.se",     // emoji, Å decomposed, Å sign
        "\u{0410}\u{0411}\u{0412}@\u{043F}\u{0440}\u{0438}\u{043C}\u{0435}\u{0440}.\u{0440}\u{0444}",  // Cyrillic
        "\u{10A0}@example.ge", "\u{0049}\u{0307}@example.com",                                    // Georgian, I + dot above
    ]

    @Test func swiftAndPostgreSQLNormalizeAlike() async throws {
        try await TestDatabase.with { db in
            for address in Self.tricky {
                let swift = EmailAddress.normalized(address)
                let sql = try await db.text("SELECT floworx.normalize_email(\(address))")
                #expect(sql.map { Array($0.unicodeScalars) } == Array(swift.unicodeScalars), "\(address): Swift \(swift), SQL \(sql ?? "NULL")")
            }
        }
    }

    /// NFC and NFD spellings are one account, and an upper-case non-ASCII address signs in in any case.
    @Test func compositionAndCaseVariantsAreOneAccount() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp("\u{00C9}LODIE@Example.fr")
            #expect(Array(user.email.unicodeScalars) == Array("\u{00E9}lodie@example.fr".unicodeScalars), "stored normalised")
            let again = try await app.request(
                .post, "/auth/v1/signup", json: #"{"email": "e\#u{0301}lodie@example.fr", "password": "\#(TestApp.password)"}"#
            )
            try expectAuthError(again, .unprocessableContent, errorCode: "user_already_exists")
            #expect(try await app.db.count("SELECT count(*) FROM auth.users") == 1)
            for spelling in ["\u{00C9}LODIE@Example.fr", "\u{00E9}lodie@example.fr", "E\u{0301}lodie@example.fr", "e\u{0301}LODIE@EXAMPLE.FR"] {
                let session = try await app.signIn(spelling)
                #expect(session.userId == user.userId)
            }
        }
    }

    /// Changing one's email to another account's address in another spelling is refused.
    @Test func anEmailChangeToAnotherSpellingOfATakenAddressIsRefused() async throws {
        try await TestApp.with { app in
            _ = try await app.signUp("\u{00E9}lodie@example.fr")
            let other = try await app.signUp()
            let response = try await app.request(.put, "/auth/v1/user", as: .user(other), json: #"{"email": "E\#u{0301}LODIE@example.fr"}"#)
            try expectAuthError(response, .unprocessableContent, errorCode: "email_exists")
        }
    }

    /// Rows written before migration 0024 (by an older FloWorx or another tool): normalised where that collides with
    /// no other row; rows that would collide are left as they are, still sign in, and block new spellings.
    @Test func theMigrationNormalisesExistingRowsUnlessTheyCollide() async throws {
        let info = try await TestCluster.shared.makeEmptyDatabase()
        let all = try Migration.bundled()
        try await DatabaseConnectionInfo.withConnection(info, logger: TestCluster.logger) { connection in
            try await MigrationRunner(migrations: all.filter { $0.version < 24 }, logger: TestCluster.logger).migrate(connection)
            try await connection.query("""
                INSERT INTO auth.users (email, created_at) VALUES
                  ('Single@Example.COM', now() - interval '3 days'),
                  ('\u{00C9}lodie@example.fr', now() - interval '2 days'),
                  ('e\u{0301}lodie@example.fr', now() - interval '1 day'),
                  ('\u{00E9}LODIE@EXAMPLE.FR', now())
                """, logger: TestCluster.logger)
            try await MigrationRunner(migrations: all, logger: TestCluster.logger).migrate(connection)
            let emails = try await connection.query("SELECT email FROM auth.users ORDER BY created_at", logger: TestCluster.logger)
                .collect().map { Array(try $0.decode(String.self).unicodeScalars) }
            #expect(emails == [
                Array("single@example.com".unicodeScalars),
                Array("\u{00C9}lodie@example.fr".unicodeScalars),
                Array("e\u{0301}lodie@example.fr".unicodeScalars),
                Array("\u{00E9}LODIE@EXAMPLE.FR".unicodeScalars),
            ])
        }
        try await Database.withPool(info, connections: 2, logger: TestCluster.logger) { database in
            let users = AuthRepository(database: database.service)
            // The row spelled as typed wins; otherwise the oldest.
            let exact = try #require(try await users.user(email: "e\u{0301}lodie@example.fr"))
            #expect(Array(exact.user.email.unicodeScalars) == Array("e\u{0301}lodie@example.fr".unicodeScalars))
            #expect(try await users.user(email: "ELODIE@example.fr") == nil, "another address")
            let byOtherSpelling = try #require(try await users.user(email: "\u{00E9}lodie@EXAMPLE.fr"))
            #expect(Array(byOtherSpelling.user.email.unicodeScalars) == Array("\u{00C9}lodie@example.fr".unicodeScalars))
            await #expect(throws: AuthRepository.EmailTaken.self) {
                try await users.createUser(email: "\u{00E9}lodie@example.fr", passwordHash: "x", userMetadataJSON: "{}")
            }
        }
    }
}
