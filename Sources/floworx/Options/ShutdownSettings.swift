import Logging
import ServiceLifecycle
import UnixSignals

/// How `floworx serve` and `floworx worker` stop on SIGTERM or SIGINT.
///
/// Services stop one after another, newest first: workers finish the batch in hand and release the rest, the HTTP
/// server stops accepting and finishes the requests in flight, then the database pool closes. A service that does not
/// finish within `FLOWORX_SHUTDOWN_TIMEOUT_SECONDS` (default 30, as Kubernetes' grace period) is cancelled instead,
/// so one stuck request or client cannot keep the process (and the embedded PostgreSQL) alive; the jobs it held are
/// released by their leases.
struct ShutdownSettings {
    /// The budget for the graceful part of the stop.
    var gracePeriod: Duration
    /// How long cancelled services get before the group gives up on them.
    var cancellationPeriod: Duration = .seconds(10)

    static func fromEnvironment() throws -> ShutdownSettings {
        ShutdownSettings(gracePeriod: try Environment.seconds("FLOWORX_SHUTDOWN_TIMEOUT_SECONDS", range: 1...3600) ?? .seconds(30))
    }

    /// The service group of a command: stops gracefully on SIGTERM and SIGINT, within the budget.
    func group(_ services: [ServiceGroupConfiguration.ServiceConfiguration], logger: Logger) -> ServiceGroup {
        var configuration = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = gracePeriod
        configuration.maximumCancellationDuration = cancellationPeriod
        return ServiceGroup(configuration: configuration)
    }
}
