import Foundation
import FloWorxTestSupport
import Logging
import PostgresNIO
import Testing
@testable import FloWorxStore

@Suite(.serialized) struct EmbeddedPostgresTests {
    func scratchDirectory() -> String {
        NSTemporaryDirectory() + "floworx-embedded-\(UUID().uuidString.prefix(8))/pgdata"
    }

    @Test func initialisesStartsStopsAndReusesItsData() async throws {
        let directory = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: (directory as NSString).deletingLastPathComponent) }
        let configuration = EmbeddedPostgresConfiguration(dataDirectory: directory, settings: ["fsync": "off"], syncInitdb: false)

        let first = try await EmbeddedPostgres.start(configuration, logger: TestCluster.logger)
        #expect(first.ownsServer)
        try await DatabaseConnectionInfo.withConnection(first.connection, logger: TestCluster.logger) { connection in
            try await connection.query("CREATE TABLE kept (value text)", logger: TestCluster.logger)
            try await connection.query("INSERT INTO kept VALUES ('still here')", logger: TestCluster.logger)
        }
        let pid = try #require(first.serverPID)
        await first.stop()
        #expect(kill(pid, 0) != 0, "the server process is gone after stop()")

        let second = try await EmbeddedPostgres.start(configuration, logger: TestCluster.logger)
        let value = try await DatabaseConnectionInfo.withConnection(second.connection, logger: TestCluster.logger) { connection in
            try await connection.query("SELECT value FROM kept", logger: TestCluster.logger).collect().first?.decode(String.self)
        }
        #expect(value == "still here")
        await second.stop()
    }

    @Test func aSecondLauncherAttachesToTheRunningServerAndLeavesItRunning() async throws {
        let directory = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: (directory as NSString).deletingLastPathComponent) }
        let configuration = EmbeddedPostgresConfiguration(dataDirectory: directory, settings: ["fsync": "off"], syncInitdb: false)
        let owner = try await EmbeddedPostgres.start(configuration, logger: TestCluster.logger)
        let guest = try await EmbeddedPostgres.start(configuration, logger: TestCluster.logger)
        #expect(!guest.ownsServer)
        #expect(guest.port == owner.port)
        await guest.stop()
        let alive = try await DatabaseConnectionInfo.withConnection(owner.connection, logger: TestCluster.logger) { connection in
            try await connection.query("SELECT 1", logger: TestCluster.logger).collect().count == 1
        }
        #expect(alive)
        await owner.stop()
    }

    @Test func refusesADirectoryWithForeignContent() async throws {
        let directory = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: (directory as NSString).deletingLastPathComponent) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: directory + "/notes.txt", contents: Data("mine".utf8))
        let error = await #expect(throws: EmbeddedPostgresError.self) {
            try await EmbeddedPostgres.start(EmbeddedPostgresConfiguration(dataDirectory: directory), logger: TestCluster.logger)
        }
        #expect(error?.code == .dataDirectory)
    }

    @Test func namesWhatToInstallWhenNoBinariesAreFound() throws {
        let error = #expect(throws: EmbeddedPostgresError.self) {
            try PostgresBinaries.locate(explicitDirectory: "/nonexistent/bin")
        }
        #expect(error?.code == .binariesNotFound)
        #expect(error?.message.contains("FLOWORX_PG_BINDIR") == true)
    }

    @Test func findsTheInstalledBinaries() throws {
        let binaries = try PostgresBinaries.locate()
        #expect(binaries.majorVersion >= PostgresBinaries.minimumMajorVersion)
    }
}
