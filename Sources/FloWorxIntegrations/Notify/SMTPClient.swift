import FloWorxCore
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// Sends mail to one SMTP server (RFC 5321): EHLO (HELO when refused), STARTTLS (RFC 3207) or implicit TLS
/// (RFC 8314), AUTH PLAIN or LOGIN (RFC 4954), MAIL FROM, RCPT TO per recipient, DATA with dot-stuffing, QUIT.
/// One connection per message: a failure never leaves a half-used session behind.
///
/// Every step has a timeout (`connectTimeout`, `commandTimeout`, `dataTimeout`); every failure is an `SMTPError`
/// saying whether a retry can help. The password is sent only over TLS (or when TLS is explicitly `none`) and never
/// logged: log lines name the command, not its argument.
public struct SMTPClient: Sendable {
    public let configuration: SMTPConfiguration
    private let group: any EventLoopGroup
    private let logger: Logger
    private let composer = MailComposer()

    public init(configuration: SMTPConfiguration, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger = Logger(label: "floworx.smtp")) {
        self.configuration = configuration
        self.group = eventLoopGroup
        self.logger = logger
    }

    /// Composes `mail` (From defaults to the configuration's sender) and sends it to its To, Cc and Bcc recipients.
    /// Recipients refused while others were accepted are in the result; when every one is refused, nothing is sent
    /// and the error is `recipientsRejected`.
    public func send(_ mail: OutgoingMail) async throws(SMTPError) -> SMTPSendResult {
        let bytes: [UInt8]
        do {
            bytes = try composer.compose(mail, defaultFrom: configuration.from)
        } catch {
            throw SMTPError(.invalidMessage, step: "compose", message: error.description, isRetryable: false)
        }
        let sender = (mail.from ?? configuration.from).email
        var result = try await send(raw: bytes, from: sender, to: mail.envelopeRecipients)
        result.messageId = mail.messageId
        return result
    }

    /// Sends an already composed RFC 5322 message with this envelope. Line ends are normalised to CRLF and lines
    /// starting with "." are stuffed on the wire; the bytes are otherwise sent as they are.
    public func send(raw message: [UInt8], from sender: String, to recipients: [String]) async throws(SMTPError) -> SMTPSendResult {
        guard !recipients.isEmpty else { throw SMTPError(.invalidMessage, step: "RCPT TO", message: "no recipient", isRetryable: false) }
        for address in [sender] + recipients where !MIMEReplyBuilder.isValidAddress(address) {
            throw SMTPError(.invalidMessage, step: "MAIL FROM", message: "not a usable address: \"\(String(address.prefix(100)))\"", isRetryable: false)
        }
        let tlsContext = try makeTLSContext()
        let hostname = Self.isIPAddress(configuration.host) ? nil : configuration.host
        let connection = try await SMTPConnection.connect(
            host: configuration.host, port: configuration.port, tls: configuration.tls == .implicit ? tlsContext : nil,
            serverHostname: hostname, group: group, timeout: configuration.connectTimeout)
        do {
            let result = try await session(connection, tls: tlsContext, hostname: hostname, message: message, sender: sender, recipients: recipients)
            await connection.close()
            return result
        } catch {
            await connection.close()
            logger.debug("smtp send failed", metadata: ["step": "\(error.step)", "code": "\(error.code ?? 0)", "retryable": "\(error.isRetryable)"])
            throw error
        }
    }

    private func session(
        _ connection: SMTPConnection, tls: NIOSSLContext?, hostname: String?, message: [UInt8], sender: String, recipients: [String]
    ) async throws(SMTPError) -> SMTPSendResult {
        let timeout = configuration.commandTimeout
        let greeting = try await connection.reply(step: "greeting", timeout: configuration.connectTimeout + timeout)
        guard greeting.code == 220 else { throw SMTPError.reply(greeting, step: "greeting") }
        var extensions = try await hello(connection)
        var secure = configuration.tls == .implicit
        if configuration.tls == .startTLS || configuration.tls == .startTLSIfAvailable {
            if extensions.keys.contains("STARTTLS"), let tls {
                let reply = try await connection.command("STARTTLS", step: "STARTTLS", timeout: timeout)
                guard reply.code == 220 else { throw SMTPError.reply(reply, step: "STARTTLS", kind: .tls) }
                try await connection.startTLS(context: tls, serverHostname: hostname)
                extensions = try await hello(connection)
                secure = true
            } else if configuration.tls == .startTLS {
                throw SMTPError(.tls, step: "STARTTLS", message: "the server does not offer STARTTLS and FLOWORX_SMTP_TLS is starttls", isRetryable: false)
            }
        }
        if let credentials = configuration.credentials {
            // Over plaintext only when TLS is off on purpose (a loopback server); opportunistic mode keeps the password.
            if secure || configuration.tls == .none {
                try await authenticate(connection, credentials: credentials, offered: extensions["AUTH"] ?? [])
            } else {
                logger.warning("smtp: the server offers no STARTTLS; sending without AUTH rather than a password in plaintext")
            }
        }
        var mail = "MAIL FROM:<\(sender)>"
        if extensions.keys.contains("SIZE") { mail += " SIZE=\(message.count)" }
        if extensions.keys.contains("8BITMIME") && SMTPDataEncoding.hasEightBit(message) { mail += " BODY=8BITMIME" }
        let mailReply = try await connection.command(mail, step: "MAIL FROM", timeout: timeout)
        guard mailReply.code == 250 else { throw SMTPError.reply(mailReply, step: "MAIL FROM", kind: mailReply.code == 530 ? .authentication : .rejected) }
        var accepted: [String] = []
        var rejected: [SMTPRejectedRecipient] = []
        for recipient in recipients {
            let reply = try await connection.command("RCPT TO:<\(recipient)>", step: "RCPT TO", timeout: timeout)
            if reply.code == 250 || reply.code == 251 {
                accepted.append(recipient)
            } else {
                rejected.append(SMTPRejectedRecipient(address: recipient, code: reply.code, enhancedStatus: reply.enhancedStatus, message: reply.text))
            }
        }
        guard !accepted.isEmpty else {
            _ = try? await connection.command("QUIT", step: "QUIT", timeout: timeout)
            let retryable = rejected.allSatisfy(\.isRetryable)
            throw SMTPError(
                .recipientsRejected, step: "RCPT TO",
                message: "every recipient was refused: " + rejected.map(\.description).joined(separator: "; "),
                code: rejected.first?.code, enhancedStatus: rejected.first?.enhancedStatus, rejectedRecipients: rejected, isRetryable: retryable)
        }
        let dataReply = try await connection.command("DATA", step: "DATA", timeout: timeout)
        guard dataReply.code == 354 else { throw SMTPError.reply(dataReply, step: "DATA") }
        connection.write(SMTPDataEncoding.encode(message))
        let final = try await connection.reply(step: "end of data", timeout: configuration.dataTimeout)
        guard final.code == 250 else { throw SMTPError.reply(final, step: "end of data") }
        // The message is accepted; a failed QUIT changes nothing.
        _ = try? await connection.command("QUIT", step: "QUIT", timeout: timeout)
        logger.debug("smtp message accepted", metadata: ["recipients": "\(accepted.count)", "rejected": "\(rejected.count)"])
        return SMTPSendResult(messageId: nil, accepted: accepted, rejected: rejected, reply: final.description)
    }

    /// EHLO, or HELO when the server does not know EHLO; returns the extensions (keyword → parameters).
    private func hello(_ connection: SMTPConnection) async throws(SMTPError) -> [String: [String]] {
        let timeout = configuration.commandTimeout
        let reply = try await connection.command("EHLO \(configuration.heloName)", step: "EHLO", timeout: timeout)
        if reply.code == 250 { return Self.extensions(reply) }
        guard [500, 501, 502, 504, 550].contains(reply.code) else { throw SMTPError.reply(reply, step: "EHLO") }
        let helo = try await connection.command("HELO \(configuration.heloName)", step: "HELO", timeout: timeout)
        guard helo.code == 250 else { throw SMTPError.reply(helo, step: "HELO") }
        return [:]
    }

    /// The EHLO reply's lines after the first, as `KEYWORD → [params]` (`AUTH PLAIN LOGIN`, `SIZE 10240000`).
    static func extensions(_ reply: SMTPReply) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for line in reply.lines.dropFirst() {
            let words = line.split(separator: " ").map(String.init)
            guard let keyword = words.first?.uppercased() else { continue }
            // Old servers announce `AUTH=LOGIN`.
            if keyword.hasPrefix("AUTH=") {
                result["AUTH", default: []] += [String(keyword.dropFirst(5))]
                continue
            }
            result[keyword, default: []] += words.dropFirst().map { $0.uppercased() }
        }
        return result
    }

    /// AUTH with the configured or best offered mechanism. The exchange is never logged or put in an error.
    private func authenticate(_ connection: SMTPConnection, credentials: SMTPCredentials, offered: [String]) async throws(SMTPError) {
        let timeout = configuration.commandTimeout
        let mechanism: SMTPAuthMechanism
        if let configured = configuration.authMechanism {
            mechanism = configured
        } else if offered.contains("PLAIN") {
            mechanism = .plain
        } else if offered.contains("LOGIN") {
            mechanism = .login
        } else {
            throw SMTPError(
                .authentication, step: "AUTH",
                message: offered.isEmpty ? "the server offers no AUTH (credentials are configured)" : "the server offers AUTH \(offered.joined(separator: " ")), FloWorx speaks PLAIN and LOGIN",
                isRetryable: false)
        }
        func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
        var reply: SMTPReply
        switch mechanism {
        case .plain:
            reply = try await connection.command("AUTH PLAIN " + base64("\0\(credentials.username)\0\(credentials.password)"), step: "AUTH", timeout: timeout)
        case .login:
            reply = try await connection.command("AUTH LOGIN", step: "AUTH", timeout: timeout)
            if reply.code == 334 {
                reply = try await connection.command(base64(credentials.username), step: "AUTH", timeout: timeout)
                if reply.code == 334 {
                    reply = try await connection.command(base64(credentials.password), step: "AUTH", timeout: timeout)
                }
            }
        }
        guard reply.code == 235 else {
            if reply.code == 334 { connection.send("*") }
            throw SMTPError.reply(reply, step: "AUTH \(mechanism.rawValue)", kind: .authentication)
        }
    }

    /// The client TLS context: the system's roots plus `caFile`, full verification, TLS 1.2 at least.
    private func makeTLSContext() throws(SMTPError) -> NIOSSLContext? {
        guard configuration.tls != .none else { return nil }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        if let file = configuration.caFile {
            do {
                tls.additionalTrustRoots = [.certificates(try NIOSSLCertificate.fromPEMFile(file))]
            } catch {
                throw SMTPError(.configuration, step: "TLS", message: "cannot read the CA file \(file): \(error)", isRetryable: false)
            }
        }
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw SMTPError(.configuration, step: "TLS", message: "cannot set up TLS: \(error)", isRetryable: false)
        }
    }

    /// IP literals are not sent as SNI; the certificate is then checked against the address.
    static func isIPAddress(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }
}
