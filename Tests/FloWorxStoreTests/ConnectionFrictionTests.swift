#if canImport(Glibc)
import Glibc
#endif
import FloWorxStore
import FloWorxTestSupport
import Foundation
import Logging
import PostgresNIO
import Testing

/// `DatabaseConnectionInfo.withConnection` turns PostgresNIO's opaque connection failures into a
/// `DatabaseConnectionError` that names the host, the port and the cause, and never the password.
@Suite struct ConnectionFrictionTests {
    static let password = "pw-never-printed-51c9"

    func failure(_ info: DatabaseConnectionInfo) async throws -> DatabaseConnectionError {
        do {
            try await DatabaseConnectionInfo.withConnection(info, logger: TestCluster.logger) { _ in }
        } catch let error as DatabaseConnectionError {
            #expect(!error.description.contains(Self.password))
            #expect(!PostgresErrorText.describe(error).contains("Generic description"))
            return error
        }
        Issue.record("connecting to \(info) succeeded")
        throw CancellationError()
    }

    @Test func refused() async throws {
        let port = try FloWorxBinary.portWithNothingListening()
        let info = DatabaseConnectionInfo(host: "127.0.0.1", port: port, username: "nobody", password: Self.password, database: "x", tls: .disable)
        let error = try await failure(info)
        #expect(error.reason == .connectionRefused)
        #expect(error.description.hasPrefix("cannot connect to PostgreSQL at 127.0.0.1:\(port): connection refused"))
    }

    @Test func wrongPassword() async throws {
        var info = try await TestCluster.shared.admin()
        info.password = Self.password
        let error = try await failure(info)
        #expect(error.reason == .wrongPassword)
        #expect(error.description.contains("\(info.host):\(info.port): wrong password for user \"\(info.username)\" (28P01"))
    }

    @Test func missingPassword() async throws {
        var info = try await TestCluster.shared.admin()
        info.password = nil
        let error = try await failure(info)
        #expect(error.reason == .passwordRequired)
        #expect(error.description.contains("asks for a password for user \"\(info.username)\""))
    }

    @Test func unknownDatabase() async throws {
        let info = try await TestCluster.shared.admin().with(database: "no_such_db_\(getpid())")
        let error = try await failure(info)
        #expect(error.reason == .unknownDatabase)
        #expect(error.description.contains("database \"\(info.database)\" does not exist (3D000"))
        if let password = info.password { #expect(!error.description.contains(password)) }
    }

    @Test func unknownRole() async throws {
        var info = try await TestCluster.shared.admin()
        info.username = "no_such_role"
        let error = try await failure(info)
        // scram-sha-256 hides whether the role exists: the server answers 28P01 for both.
        #expect(error.reason == .wrongPassword || error.reason == .notAllowed)
        #expect(error.description.contains("no_such_role"))
    }

    @Test func tlsRequiredByTheClientButNotOffered() async throws {
        var info = try await TestCluster.shared.admin()
        info.tls = .require
        let error = try await failure(info)
        #expect(error.reason == .tlsRequired)
        #expect(error.description.contains("\(info.host):\(info.port): TLS is required (sslmode=require) but the server does not support TLS"))
    }

    /// A listener that accepts connections and never answers: the connect timeout ends the attempt, and says so.
    @Test func timedOut() async throws {
        let listener = try SilentListener()
        defer { listener.close() }
        var info = DatabaseConnectionInfo(host: "127.0.0.1", port: listener.port, username: "nobody", password: Self.password, database: "x", tls: .disable)
        info.connectTimeout = .milliseconds(300)
        let error = try await failure(info)
        #expect(error.reason == .timedOut)
        #expect(error.description.hasPrefix("cannot connect to PostgreSQL at 127.0.0.1:\(listener.port): timed out"))
    }

    @Test func connectTimeoutComesFromTheURL() throws {
        #expect(try DatabaseConnectionInfo(url: "postgres://u@h/db?connect_timeout=3").connectTimeout == .seconds(3))
        #expect(try DatabaseConnectionInfo(url: "postgres://u@h/db").connectTimeout == DatabaseConnectionInfo.defaultConnectTimeout)
        #expect(throws: StoreError.self) { try DatabaseConnectionInfo(url: "postgres://u@h/db?connect_timeout=0") }
        #expect(throws: StoreError.self) { try DatabaseConnectionInfo(url: "postgres://u@h/db?connect_timeout=soon") }
    }

    /// URLComponents accepts any number of digits as a port; a port beyond 65535 would be truncated by the socket API.
    @Test func aPortOutOfRangeIsRefused() {
        #expect(throws: StoreError.self) { try DatabaseConnectionInfo(url: "postgres://u@127.0.0.1:99999/x") }
        #expect(throws: StoreError.self) { try DatabaseConnectionInfo(url: "postgres://u@127.0.0.1:0/x") }
    }

    /// Errors after the connection is up keep their SQLSTATE and message instead of PSQLError's generic text.
    @Test func aQueryErrorIsDescribedWithItsSQLState() async throws {
        let info = try await TestCluster.shared.admin()
        do {
            try await DatabaseConnectionInfo.withConnection(info, logger: TestCluster.logger) { connection in
                _ = try await connection.query("SELECT * FROM no_such_table", logger: TestCluster.logger).collect()
            }
            Issue.record("the query succeeded")
        } catch {
            #expect(PostgresErrorText.describe(error) == "42P01: relation \"no_such_table\" does not exist at character 15")
        }
    }
}

/// A TCP listener on 127.0.0.1 that completes the handshake (the kernel does, from its backlog) and never answers.
final class SilentListener: @unchecked Sendable {
    let port: Int
    private let socketFD: Int32

    init() throws {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.socketFD = socketFD
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ready = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketFD, $0, length) == 0 && getsockname(socketFD, $0, &length) == 0
            }
        } && listen(socketFD, 16) == 0
        try #require(ready)
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() {
        _ = Glibc.close(socketFD)
    }
}
