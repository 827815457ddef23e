import ArgumentParser
import FloWorxCore
import FloWorxStore
import FloWorxWorker
import Foundation
import Logging

/// `floworx digest --client ID|EMAIL [--date YYYY-MM-DD|today|yesterday] [--force]`: builds one business's daily digest
/// now and queues it in the notification outbox, exactly as the scheduled `digest.send` job does.
struct DigestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "Build a business's daily digest now and queue it for delivery.",
        discussion: """
            The digest of a day counts the mail that reached FloWorx during that day in the business's timezone.
            It goes to the managers with the owner role (else the account's address), only when the business's email
            notifications are on. A digest is sent once per business and day: a second run for the same day reports
            "already sent" and queues nothing, unless --force. Scheduled digests go out at FLOWORX_DIGEST_LOCAL_TIME.
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The business: its client id (a UUID) or its account's email address (e.g. hvac@demo.floworx.dev).")
    var client: String

    @Option(help: "The day to report on, YYYY-MM-DD in the business's timezone, or today or yesterday (default yesterday, the day the scheduled digest reports on).")
    var date = "yesterday"

    @Flag(help: "Send it again even if that day's digest was already sent.")
    var force = false

    func validate() throws {
        guard UUID(uuidString: client) != nil || client.contains("@") else {
            throw ValidationError("--client: \(client) is neither a client id (UUID) nor an account email address")
        }
        guard ["today", "yesterday"].contains(date.lowercased()) || DigestDate(date) != nil else {
            throw ValidationError("--date: \(date) is not a date (YYYY-MM-DD, today or yesterday)")
        }
    }

    func run() async throws {
        let client = self.client
        let logger = try database.makeLogger()
        let settings = try DigestSettings.fromEnvironment(publicURL: Environment.get("FLOWORX_PUBLIC_URL"))
        let date = self.date.lowercased(), force = self.force
        let outcome: DigestService.Outcome? = try await database.withDatabase(logger: logger) { launcher in
            try await Migrations.requireCurrent(launcher.connection, logger: logger)
            return try await Database.withPool(launcher.connection, connections: 2, logger: logger) { pool in
                let repository = DigestRepository(database: pool.service)
                var clientId = UUID(uuidString: client)
                if clientId == nil { clientId = try await repository.clientId(accountEmail: client) }
                guard let clientId, let business = try await repository.business(clientId) else { return nil }
                let today = DigestDate.local(of: Date(), in: business.zone)
                let day = date == "today" ? today : date == "yesterday" ? today.adding(days: -1) : DigestDate(date)!
                return try await DigestService(database: pool.service, link: settings.link).send(business, date: day, force: force)
            }
        }
        guard let outcome else { throw CommandFailure(description: "no business \(client)") }
        switch outcome.status {
        case .queued:
            print("queued the digest of \(outcome.date) for \(outcome.queued.joined(separator: ", "))")
            if !outcome.skipped.isEmpty { print("already sent to \(outcome.skipped.joined(separator: ", "))") }
            if let subject = outcome.subject { print("subject: \(subject)") }
            if let figures = outcome.figures {
                print("emails received \(figures.emailsReceived), processed \(figures.emailsProcessed), escalations \(figures.escalations), drafts prepared \(figures.draftsCreated), drafts waiting \(figures.draftsWaiting), SLA breaches \(figures.slaBreaches)")
            }
        case .alreadySent:
            print("already sent: the digest of \(outcome.date) was queued before for \(outcome.skipped.joined(separator: ", ")) (use --force to send it again)")
        case .notificationsOff:
            print("not sent: email notifications are off for this business (notification_settings.email_notifications)")
        case .noRecipients:
            print("not sent: the business has no owner, manager or account address to send to")
        case .unknownBusiness:
            throw CommandFailure(description: "no business \(client)")
        }
    }
}
