import FloWorxCore
import FloWorxServer
import FloWorxStore
import FloWorxTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOPosix
import PostgresNIO
import Testing

/// `GET /health`: 200 with the database's schema version when it is reachable, 503 when it is not.
@Suite struct HealthTests {
    @Test func reportsTheDatabaseAndItsSchemaVersion() async throws {
        let latest = try #require(try Migration.bundled().map(\.version).max())
        try await TestApp.with { app in
            // Health needs no API key: load balancers and probes call it.
            let response = try await app.request(.get, "/health", as: .nobody)
            #expect(response.status == .ok)
            let body = try response.json()
            #expect(body.keys == ["database", "status", "version"])
            #expect(body["status"] == .string("ok"))
            #expect(body["version"] == .string(FloWorxVersion.current))
            let database = try #require(body["database"])
            #expect(database["reachable"] == .bool(true))
            #expect(database["schema_version"] == .number(Double(latest)))
            #expect(database["error"] == nil)
            #expect(try #require(database["latency_ms"]?.numberValue) >= 0)
        }
    }

    /// The version is read from the database, not compiled in: a database with fewer migrations reports fewer.
    @Test func theSchemaVersionComesFromTheDatabase() async throws {
        try await TestApp.with { app in
            try await app.db.execute("DELETE FROM floworx.schema_migrations WHERE version > 7")
            let body = try await app.request(.get, "/health", as: .nobody).json()
            #expect(body["database"]?["schema_version"] == .number(7))
        }
    }

    @Test func answers503WhenTheDatabaseIsDown() async throws {
        let port = try await Self.portWithNothingListening()
        let info = DatabaseConnectionInfo(host: "127.0.0.1", port: port, username: "floworx", password: nil, database: "floworx", tls: .disable)
        let client = PostgresClient(configuration: info.clientConfiguration(maximumConnections: 1), backgroundLogger: TestCluster.logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let dependencies = try await TestApp.dependencies(
                database: Database(client: client, logger: TestCluster.logger), healthTimeout: .milliseconds(500)
            )
            try await FloWorxServer.application(dependencies).test(.router) { tester in
                let response = try await tester.executeRequest(uri: "/health", method: .get, headers: [:], body: nil)
                #expect(response.status == .serviceUnavailable)
                let body = try response.json()
                #expect(body["status"] == .string("unavailable"))
                #expect(body["version"] == .string(FloWorxVersion.current))
                #expect(body["database"]?["reachable"] == .bool(false))
                #expect(body["database"]?.keys == ["error", "reachable"])
                // Without the pool's address the check cannot ask the server why; it says what it saw.
                #expect(body["database"]?["error"] == .string("no answer from the database within 0.5 seconds"))
            }
        }
    }

    /// A local port that was free a moment ago: bound, then closed.
    static func portWithNothingListening() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(channel.localAddress?.port)
        try await channel.close()
        return port
    }
}

/// `GET /ready` (issue 14): ready only when the database answers and every bundled migration is applied.
@Suite struct ReadinessTests {
    @Test func isReadyWhenEveryBundledMigrationIsApplied() async throws {
        let latest = try #require(try Migration.bundled().map(\.version).max())
        try await TestApp.with { app in
            let response = try await app.request(.get, "/ready", as: .nobody)
            #expect(response.status == .ok)
            let body = try response.json()
            #expect(body["status"] == .string("ready"))
            #expect(body["reasons"] == .array([]))
            #expect(body["pending_migrations"] == .array([]))
            #expect(body["schema_version"] == .number(Double(latest)))
        }
    }

    /// A database behind this build (a migration not applied) is alive for `/health` but not ready for traffic.
    @Test func aMissingMigrationMakesItNotReadyWhileHealthStaysOK() async throws {
        try await TestApp.with { app in
            try await app.db.execute("DELETE FROM floworx.schema_migrations WHERE version = 20")
            let response = try await app.request(.get, "/ready", as: .nobody)
            #expect(response.status == .serviceUnavailable)
            let body = try response.json()
            #expect(body["status"] == .string("not_ready"))
            #expect(body["pending_migrations"] == .array([.number(20)]))
            #expect(body["reasons"]?.arrayValue?.first?.stringValue?.contains("migrations not applied: 20") == true)
            #expect(try await app.request(.get, "/health", as: .nobody).status == .ok)
        }
    }
}
