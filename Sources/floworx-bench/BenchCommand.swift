import ArgumentParser

/// `floworx-bench`: measurements for the README's benchmark commands. Each subcommand prints one JSON object,
/// so that the scripts in scripts/bench can repeat runs, interleave peers and take medians.

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "floworx-bench",
        abstract: "Benchmarks of FloWorx's queue, pipeline and data API (run through scripts/bench/*.sh).",
        subcommands: [Enqueue.self, Drain.self, Pipeline.self, Latency.self, Neighbour.self, SeedRest.self, MailboxBench.self]
    )
}
