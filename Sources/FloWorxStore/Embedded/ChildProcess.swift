#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A child process started with `posix_spawn`, in a process group of its own so that a Ctrl-C at the
/// terminal reaches only FloWorx, which then stops the child in the right order.
public final class ChildProcess: Sendable {
    /// The child's process id.
    public let pid: pid_t
    /// The command line, for messages.
    public let commandLine: String

    private init(pid: pid_t, commandLine: String) {
        self.pid = pid
        self.commandLine = commandLine
    }

    /// Starts `executable` with `arguments`; its standard output and error go to `outputPath` (appended)
    /// or are discarded when it is `nil`.
    public static func spawn(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = ProcessInfo.processInfo.environment,
        outputPath: String? = nil,
        newProcessGroup: Bool = true
    ) throws -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        let output = outputPath ?? "/dev/null"
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var flags = Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        if newProcessGroup {
            flags |= Int16(POSIX_SPAWN_SETPGROUP)
            posix_spawnattr_setpgroup(&attributes, 0)
        }
        // The child starts with default signal handling and nothing blocked, whatever FloWorx has set up.
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        for signal in [SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGPIPE, SIGCHLD] {
            sigaddset(&defaultSignals, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        posix_spawnattr_setflags(&attributes, flags)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }

        var pid = pid_t()
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        let commandLine = ([executable] + arguments).joined(separator: " ")
        guard status == 0 else {
            throw EmbeddedPostgresError(.spawnFailed, "cannot start \(commandLine): \(String(cString: strerror(status)))")
        }
        return ChildProcess(pid: pid, commandLine: commandLine)
    }

    /// Sends `signal` to the child.
    public func signal(_ signal: Int32) {
        kill(pid, signal)
    }

    /// Whether the child has exited, reaping it if so; returns its exit status then.
    public func poll() -> Int32? {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == pid { return exitCode(status) }
        if result == -1 && errno == ECHILD { return -1 }
        return nil
    }

    /// Waits until the child exits, at most `timeout`; returns its exit status, or `nil` on timeout.
    public func wait(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let code = poll() { return code }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return poll()
    }

    private func exitCode(_ status: Int32) -> Int32 {
        // WIFEXITED / WEXITSTATUS, spelled out because the C macros are not imported into Swift.
        if status & 0x7f == 0 { return (status >> 8) & 0xff }
        return 128 + (status & 0x7f)
    }

    /// Runs a command to completion and returns its exit status and combined output.
    public static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw EmbeddedPostgresError(.spawnFailed, "cannot run \(executable): \(error)")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
