#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// The built `floworx` executable, run as a subprocess: what an operator types, checked by its exit status and output.
///
/// `swift build --build-tests` (what `.ci/run` does) and `swift test` build it next to the test bundle.
struct FloWorxBinary {
    /// What one run printed and how it ended.
    struct Run: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var description: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }
    }

    let url: URL

    /// Finds the executable beside the running test bundle, or in the package's `.build/debug`.
    static func locate(sourceLocation: SourceLocation = #_sourceLocation) throws -> FloWorxBinary {
        var candidates: [URL] = []
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        candidates.append(exe.deletingLastPathComponent())
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(bundle.bundleURL.deletingLastPathComponent())
        }
        candidates.append(Bundle.main.bundleURL)
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(packageRoot.appendingPathComponent(".build/debug"))
        for directory in candidates {
            let file = directory.appendingPathComponent("floworx")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory), !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: file.path) {
                return FloWorxBinary(url: file)
            }
        }
        Issue.record("no floworx executable next to the tests (looked in \(candidates.map(\.path))): run `swift build --build-tests`", sourceLocation: sourceLocation)
        throw CancellationError()
    }

    /// The variables that decide where FloWorx's database is, removed so each test sets only what it means.
    static let databaseVariables = [
        "DATABASE_URL", "FLOWORX_DATA_DIR", "JWT_SECRET", "FLOWORX_ENCRYPTION_KEY", "PORT", "FLOWORX_HOST", "FLOWORX_DB_POOL",
        "FLOWORX_WORKER_CONCURRENCY", "FLOWORX_BATCH_SIZE", "FLOWORX_LEASE_SECONDS", "FLOWORX_MAX_ATTEMPTS", "FLOWORX_RETRY_BASE_SECONDS",
        "FLOWORX_QUEUE_RETENTION_SECONDS", "FLOWORX_AI_PROVIDER", "FLOWORX_AI_TIMEOUT_SECONDS", "LOG_LEVEL", "FLOWORX_WORKERS", "FLOWORX_DEMO",
    ]

    /// Runs `floworx arguments…` in `directory` with the test's environment minus `databaseVariables`, plus `environment`.
    ///
    /// A command that should fail fast but instead starts serving is killed after `limit` (a safety net so that a
    /// regression fails the test instead of hanging it; nothing is measured).
    func run(
        _ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil, limit: Duration = .seconds(120)
    ) async throws -> Run {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for name in Self.databaseVariables { env.removeValue(forKey: name) }
        env["LOG_LEVEL"] = "warning"
        env.merge(environment) { $1 }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let killer = Task {
            try await Task.sleep(for: limit)
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        async let stdout = Task.detached { out.fileHandleForReading.readDataToEndOfFile() }.value
        async let stderr = Task.detached { err.fileHandleForReading.readDataToEndOfFile() }.value
        let (outData, errData) = await (stdout, stderr)
        process.waitUntilExit()
        killer.cancel()
        return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A new empty folder under the temporary directory.
    static func emptyFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("floworx-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A local port that was free a moment ago: bound, then closed.
    static func portWithNothingListening() throws -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, length) == 0 && getsockname(socketFD, $0, &length) == 0 }
        }
        try #require(bound)
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
