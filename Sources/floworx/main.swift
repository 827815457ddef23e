import ArgumentParser
import FloWorxStore
import NIOCore
import NIOPosix
import PostgresNIO

// Swift Concurrency's tasks and NIO's I/O share the event loop threads, saving a thread switch at every await on the
// database or the network (measured: see docs/performance.md). It must happen before the first task is scheduled.
NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()

/// Runs the command as `AsyncParsableCommand.main()` does, but reports library errors readably: PSQLError's own text
/// is a fixed "Generic description to prevent accidental leakage", which tells an operator nothing.
func runCommand() async {
    do {
        var command = try await FloWorxCommand.asyncParseAsRoot()
        if var asyncCommand = command as? any AsyncParsableCommand {
            try await asyncCommand.run()
        } else {
            try command.run()
        }
    } catch {
        FloWorxCommand.exit(withError: CommandFailure.readable(error))
    }
}

await runCommand()
