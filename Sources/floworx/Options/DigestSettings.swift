import FloWorxCore
import FloWorxStore
import FloWorxWorker
import Logging
import ServiceLifecycle

/// Daily digest settings from the environment (README, "Daily digest").
struct DigestSettings: Sendable {
    /// When digests go out, in each business's timezone; nil: no scheduler in this process (`off`).
    var time: DigestTime? = .standard
    /// How often the scheduler looks for digests to queue.
    var tick: Duration = .seconds(300)
    /// The dashboard address digests link to.
    var link: String?
    var jobs = JobWorkerConfiguration()

    static func fromEnvironment(publicURL: String?) throws -> DigestSettings {
        var settings = DigestSettings()
        if let text = Environment.get("FLOWORX_DIGEST_LOCAL_TIME") {
            if text.lowercased() == "off" {
                settings.time = nil
            } else if let time = DigestTime(text) {
                settings.time = time
            } else {
                throw ConfigurationError("FLOWORX_DIGEST_LOCAL_TIME must be HH:MM (24-hour, e.g. 07:00) or off, got \"\(text)\"")
            }
        }
        if let tick = try Environment.seconds("FLOWORX_DIGEST_SCHEDULE_SECONDS", range: 1...86_400) { settings.tick = tick }
        settings.link = publicURL
        settings.jobs.concurrency = 1
        return settings
    }

    /// The `digest.send` job worker and, unless digests are off, the scheduler, as services of the process's group.
    func services(database: Database, listen: DatabaseConnectionInfo, logger: Logger) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        let handler = DigestJobHandler(database: database.service, link: link, logger: logger)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: JobWorkerService(queue: JobQueue(database: database.service), handler: handler, listenConnection: listen, configuration: jobs, logger: logger)),
        ]
        if let time {
            services.append(.init(service: DigestScheduler(database: database.service, schedule: DigestSchedule(time: time), tick: tick, logger: logger)))
        }
        return services
    }
}
