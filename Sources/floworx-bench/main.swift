import ArgumentParser
import NIOCore
import NIOPosix

// As in `floworx`: tasks run on the NIO event loops, so that benchmarked workers behave like `floworx worker`.
NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()

/// Runs the command; inside an async function the async `main` (which awaits `run()`) is the one chosen.
func runCommand() async {
    await BenchCommand.main()
}

await runCommand()
