import FloWorxStore
import FloWorxTestSupport
import Foundation
import Testing

/// The first hour with `floworx` (issue 17), through the built binary: a database that cannot be reached is named
/// with its host, port and cause (never its password); numbers out of range are refused naming the option; commands
/// that read an installation never create one.
@Suite struct CommandFrictionTests {
    static let password = "pw-never-printed-7f3a"
    /// Secrets, so that `serve` and `worker` get as far as the database.
    static let secrets = [
        "JWT_SECRET": String(repeating: "s", count: 40),
        "FLOWORX_ENCRYPTION_KEY": "k1:" + Data(repeating: 7, count: 32).base64EncodedString(),
    ]

    // MARK: 1. Connection failures say what failed and where

    @Test(arguments: [["migrate"], ["db", "status"], ["worker"], ["serve", "--port", "0"], ["dlq", "list"], ["keys", "rotate"]])
    func aRefusedConnectionNamesHostPortAndCause(_ command: [String]) async throws {
        let binary = try FloWorxBinary.locate()
        // Port 1, as in the issue: nothing listens there.
        let port = 1
        let run = try await binary.run(command, environment: Self.secrets.merging([
            "DATABASE_URL": "postgres://nobody:\(Self.password)@127.0.0.1:\(port)/x",
        ]) { $1 })
        #expect(run.status != 0, "\(run)")
        #expect(run.stderr.contains("cannot connect to PostgreSQL at 127.0.0.1:\(port): connection refused"), "\(run)")
        #expect(!run.stderr.contains("Generic description"), "\(run)")
        #expect(!(run.stdout + run.stderr).contains(Self.password), "\(run)")
    }

    @Test func aWrongPasswordIsNamedAndNotPrinted() async throws {
        let binary = try FloWorxBinary.locate()
        var info = try await TestCluster.shared.admin()
        info.password = Self.password
        let run = try await binary.run(["migrate"], environment: ["DATABASE_URL": info.urlWithPassword])
        #expect(run.status != 0, "\(run)")
        #expect(run.stderr.contains("cannot connect to PostgreSQL at \(info.host):\(info.port): wrong password for user \"\(info.username)\""), "\(run)")
        #expect(run.stderr.contains("28P01"), "\(run)")
        #expect(!(run.stdout + run.stderr).contains(Self.password), "\(run)")
    }

    @Test func anUnknownDatabaseIsNamed() async throws {
        let binary = try FloWorxBinary.locate()
        let info = try await TestCluster.shared.admin().with(database: "no_such_floworx_db")
        let run = try await binary.run(["db", "status"], environment: ["DATABASE_URL": info.urlWithPassword])
        #expect(run.status != 0, "\(run)")
        #expect(run.stderr.contains("database \"no_such_floworx_db\" does not exist (3D000"), "\(run)")
        #expect(!(run.stdout + run.stderr).contains(try #require(info.password)), "\(run)")
    }

    @Test func sslmodeRequireAgainstAServerWithoutTLSIsNamed() async throws {
        let binary = try FloWorxBinary.locate()
        let info = try await TestCluster.shared.admin()
        let url = info.urlWithPassword.replacingOccurrences(of: "sslmode=disable", with: "sslmode=require")
        let run = try await binary.run(["migrate"], environment: ["DATABASE_URL": url])
        #expect(run.status != 0, "\(run)")
        #expect(run.stderr.contains("at \(info.host):\(info.port): TLS is required (sslmode=require) but the server does not support TLS"), "\(run)")
    }

    // MARK: 5. The same kind of answer elsewhere

    /// A port already taken: NIO's `bind(descriptor:ptr:bytes:)` error becomes the address and what to do.
    @Test func serveOnAPortInUseNamesTheAddress() async throws {
        let binary = try FloWorxBinary.locate()
        let listener = try SilentListener()
        defer { listener.close() }
        let info = try await TestCluster.shared.makeMigratedDatabase()
        let run = try await binary.run(
            ["serve", "--no-workers", "--port", "\(listener.port)"],
            environment: Self.secrets.merging(["DATABASE_URL": info.urlWithPassword]) { $1 }
        )
        #expect(run.status != 0, "\(run)")
        #expect(run.stderr.contains("Error: cannot listen on 127.0.0.1:\(listener.port): the address is already in use"), "\(run)")
    }

    // MARK: 2. Numbers out of range are refused, naming the option

    @Test(arguments: [
        (["serve", "--port", "99999"], [:], "--port must be between 0 and 65535, got 99999"),
        (["serve"], ["PORT": "99999"], "PORT must be between 0 and 65535, got 99999"),
        (["serve"], ["PORT": "80a"], "PORT must be an integer between 0 and 65535, got \"80a\""),
        (["serve", "--db-pool", "0"], [:], "--db-pool must be between 1 and 1000, got 0"),
        (["worker", "--worker-concurrency", "100000"], [:], "--worker-concurrency must be between 1 and 256, got 100000"),
        (["worker"], ["FLOWORX_BATCH_SIZE": "0"], "FLOWORX_BATCH_SIZE must be between 1 and 10000, got 0"),
        (["worker"], ["FLOWORX_RETRY_BASE_SECONDS": "fast"], "FLOWORX_RETRY_BASE_SECONDS must be a number of seconds between 0.001 and 600, got \"fast\""),
        (["worker", "--retry-base-seconds", "inf"], [:], "--retry-base-seconds must be a number of seconds between 0.001 and 600, got inf"),
        (["worker"], ["FLOWORX_AI_TIMEOUT_SECONDS": "-1"], "FLOWORX_AI_TIMEOUT_SECONDS must be a number of seconds between 0.1 and 600, got -1"),
        (["worker"], ["FLOWORX_AI_PROVIDER": "gpt"], "FLOWORX_AI_PROVIDER must be one of builtin, openai, got \"gpt\""),
        (["worker"], ["FLOWORX_LEASE_SECONDS": "999999999999999999999"], "FLOWORX_LEASE_SECONDS must be an integer between 1 and 86400"),
        (["serve"], ["FLOWORX_WORKERS": "maybe"], "FLOWORX_WORKERS must be true or false, got \"maybe\""),
        (["dlq", "list", "--limit", "0"], [:], "--limit must be between 1 and 10000, got 0"),
        (["dlq", "list", "--status", "pending,bogus"], [:], "--status must be one of pending, processing, resolved, abandoned, got \"bogus\""),
        (["migrate"], ["DATABASE_URL": "postgres://u@127.0.0.1:99999/x"], "DATABASE_URL port must be between 1 and 65535, got 99999"),
    ] as [([String], [String: String], String)])
    func aValueOutOfRangeIsRefusedNamingTheOption(_ arguments: [String], _ environment: [String: String], _ message: String) async throws {
        let binary = try FloWorxBinary.locate()
        let folder = try FloWorxBinary.emptyFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try await binary.run(arguments + ["--data-dir", folder.appendingPathComponent("pg").path], environment: environment)
        #expect(run.status != 0, "\(run)")
        #expect(run.stderr.contains("Error: \(message)"), "\(run)")
        #expect(run.stderr.split(separator: "\n").count == 1, "one line: \(run)")
        // Refused before anything was started or created.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "\(run)")
    }

    // MARK: 3. Commands that read an installation never create one

    @Test(arguments: [["keys", "show"], ["keys", "show", "--json"], ["keys", "rotate"], ["migrate"], ["db", "status"], ["db", "url"], ["dlq", "list"]])
    func aReadingCommandRefusesWhereThereIsNoInstallation(_ command: [String]) async throws {
        let binary = try FloWorxBinary.locate()
        let folder = try FloWorxBinary.emptyFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try await binary.run(command, in: folder)
        #expect(run.status != 0, "\(run)")
        #expect(run.stderr.contains(
            "no FloWorx database at .floworx/postgres: start `floworx serve` first, or pass --data-dir / DATABASE_URL"
        ), "\(run)")
        #expect(run.stdout.isEmpty, "\(run)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "nothing created: \(run)")
    }

    @Test func aMistypedDataDirIsNamed() async throws {
        let binary = try FloWorxBinary.locate()
        let folder = try FloWorxBinary.emptyFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let mistyped = folder.appendingPathComponent("postgress").path
        let run = try await binary.run(["keys", "show"], environment: ["FLOWORX_DATA_DIR": mistyped])
        #expect(run.status != 0, "\(run)")
        #expect(run.stderr.contains("no FloWorx database at \(mistyped)"), "\(run)")
        #expect(!FileManager.default.fileExists(atPath: mistyped))
        #expect(!FileManager.default.fileExists(atPath: mistyped + ".secrets.env"))
    }

    /// The keys derive from JWT_SECRET alone: with it set, no installation is needed and none is made.
    @Test func keysShowWithJWTSecretNeedsNoInstallation() async throws {
        let binary = try FloWorxBinary.locate()
        let folder = try FloWorxBinary.emptyFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try await binary.run(["keys", "show", "--json"], environment: ["JWT_SECRET": String(repeating: "j", count: 40)], in: folder)
        #expect(run.status == 0, "\(run)")
        let keys = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: String]
        #expect(keys?["anon_key"]?.isEmpty == false)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
