import ArgumentParser
import NIOCore
import NIOPosix

// Swift Concurrency's tasks and NIO's I/O share the event loop threads, saving a thread switch at every await on the
// database or the network (measured: see docs/performance.md). It must happen before the first task is scheduled.
NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()

/// Runs the command; inside an async function the async `main` (which awaits `run()`) is the one chosen.
func runCommand() async {
    await FloWorxCommand.main()
}

await runCommand()
