import Hummingbird
import Logging
import FloWorxStore

/// Builds FloWorx's HTTP application: every route and middleware, on one database.
public enum FloWorxServer {
    /// The router with all routes, separate from the application so tests can drive it directly.
    public static func router(database: Database, configuration: ServerConfiguration) -> Router<AppRequestContext> {
        let router = Router(context: AppRequestContext.self)
        HealthController(database: database, timeout: configuration.healthTimeout).addRoutes(to: router)
        return router
    }

    /// The application, listening where `configuration` says.
    public static func application(
        database: Database,
        configuration: ServerConfiguration,
        logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(database: database, configuration: configuration),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "FloWorx"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger
        )
    }
}
