import FloWorxCore
@testable import FloWorxServer
import FloWorxStore
import FloWorxTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOPosix
import PostgresNIO
import Testing

/// `/health` when the database is down says why and where (issue 17): the pool only makes requests wait, so the
/// check opens one connection of its own and reports what PostgreSQL or the network answered, never the password.
@Suite struct HealthErrorHintTests {
    static let password = "pw-never-printed-90d2"

    /// Runs `body` with a running pool of one connection to `info`.
    func withPool(_ info: DatabaseConnectionInfo, _ body: @Sendable (Database) async throws -> Void) async throws {
        let client = PostgresClient(configuration: info.clientConfiguration(maximumConnections: 1), backgroundLogger: TestCluster.logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            var database = Database(client: client, logger: TestCluster.logger)
            database.connectionInfo = info
            try await body(database)
        }
    }

    @Test func aRefusedConnectionIsNamedWithHostAndPort() async throws {
        // Port 1 (as in the issue): privileged, outside the ephemeral range, so no retry of the pool can ever
        // connect to itself there, and nothing listens on it.
        let port = 1
        let info = DatabaseConnectionInfo(host: "127.0.0.1", port: port, username: "floworx", password: Self.password, database: "floworx", tls: .disable)
        try await withPool(info) { database in
            let dependencies = try await TestApp.dependencies(database: database, healthTimeout: .milliseconds(500))
            try await FloWorxServer.application(dependencies).test(.router) { tester in
                let response = try await tester.executeRequest(uri: "/health", method: .get, headers: [:], body: nil)
                #expect(response.status == .serviceUnavailable)
                let error = try #require(try response.json()["database"]?["error"]?.stringValue)
                #expect(error.hasPrefix("cannot connect to PostgreSQL at 127.0.0.1:\(port): connection refused"), "\(error)")
                #expect(!error.contains(Self.password))
            }
        }
    }

    @Test func aWrongPasswordIsNamed() async throws {
        var wrong = try await TestCluster.shared.admin()
        wrong.password = Self.password
        let info = wrong
        try await withPool(info) { database in
            let report = try await HealthController(database: database, timeout: .milliseconds(500)).check()
            #expect(report.status == .serviceUnavailable)
            let error = try #require(report.responseGenerator.database.error)
            #expect(error.contains("\(info.host):\(info.port): wrong password for user \"\(info.username)\" (28P01"), "\(error)")
            #expect(!error.contains(Self.password))
        }
    }

    @Test func anUnknownDatabaseIsNamed() async throws {
        let info = try await TestCluster.shared.admin().with(database: "no_such_health_db")
        try await withPool(info) { database in
            let report = try await HealthController(database: database, timeout: .milliseconds(500)).check()
            let error = try #require(report.responseGenerator.database.error)
            #expect(error.contains("database \"no_such_health_db\" does not exist (3D000"), "\(error)")
        }
    }

    /// Without a way to ask the server directly, the detail still says what happened instead of "unreachable".
    @Test func withoutAProbeTheTimeoutIsNamed() async throws {
        let port = try await HealthTests.portWithNothingListening()
        let info = DatabaseConnectionInfo(host: "127.0.0.1", port: port, username: "floworx", password: nil, database: "floworx", tls: .disable)
        try await withPool(info) { pooled in
            let database = Database(client: pooled.client, logger: TestCluster.logger)
            let report = try await HealthController(database: database, timeout: .milliseconds(300)).check()
            #expect(report.responseGenerator.database.error == "no answer from the database within 0.3 seconds")
        }
    }
}
