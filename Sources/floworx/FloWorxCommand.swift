import ArgumentParser
import FloWorxServer

/// The `floworx` command.

struct FloWorxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "floworx",
        abstract: "Email automation for service businesses: API server, email workers and database tools.",
        discussion: """
            Every option can also be set by the environment variable named in its help; a flag overrides the variable.
            Secrets are read only from the environment: JWT_SECRET, FLOWORX_ENCRYPTION_KEY, OPENAI_API_KEY.
            Without DATABASE_URL, FloWorx runs its own PostgreSQL cluster in --data-dir.
            """,
        version: FloWorxVersion.current,
        subcommands: [Serve.self, Worker.self, Migrate.self, DB.self, DLQ.self, Keys.self, Clients.self, DemoMail.self, VapidKeys.self, DigestCommand.self, DemoInbox.self, Backup.self, Restore.self, Retention.self]
    )
}
