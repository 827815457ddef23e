import FloWorxCore
import FloWorxIntegrations
import FloWorxLocalProviders
import Logging

/// The demo's local mailbox for outgoing mail: with no `FLOWORX_SMTP_HOST`, `floworx serve` on the embedded database
/// runs a local SMTP server on 127.0.0.1 and sends every notification email to it; `floworx demo-inbox` lists what
/// arrived (over the server's HTTP face, `GET /_local/smtp/messages`).
struct DemoSMTP: Sendable {
    let server: LocalSMTPServer
    /// What the notification workers send with: the local server, plaintext on loopback, no AUTH.
    let configuration: SMTPConfiguration
    let port: Int
    let httpPort: Int

    /// The local server's ports (`FLOWORX_DEMO_SMTP_PORT`, `FLOWORX_DEMO_SMTP_HTTP_PORT`), fixed so
    /// `floworx demo-inbox` finds them.
    static let defaultPort = 2525
    static let defaultHTTPPort = 8093
    /// The sender of the demo's alerts.
    static let from = EmailAddress(email: "alerts@demo.floworx.dev", name: "FloWorx Alerts")

    static func start(port: Int, httpPort: Int, logger: Logger) async throws -> DemoSMTP {
        let server = LocalSMTPServer(configuration: LocalSMTPConfiguration(port: port, hostname: "smtp.demo.floworx.dev"))
        let bound = try await server.start()
        let boundHTTP: Int
        do {
            boundHTTP = try await server.startHTTP(port: httpPort)
        } catch {
            await server.stop()
            throw error
        }
        let configuration = SMTPConfiguration(host: "127.0.0.1", port: bound, tls: .none, from: from, heloName: "floworx.localhost")
        logger.notice("demo mailbox for alerts: SMTP at 127.0.0.1:\(bound); read it with: floworx demo-inbox (HTTP at http://127.0.0.1:\(boundHTTP)/_local/smtp/messages)")
        return DemoSMTP(server: server, configuration: configuration, port: bound, httpPort: boundHTTP)
    }

    func stop() async {
        await server.stop()
    }
}
