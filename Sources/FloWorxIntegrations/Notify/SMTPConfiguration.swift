import FloWorxCore
import Foundation

/// Where and how FloWorx sends mail: one SMTP relay (a provider's submission server, or the demo's local mailbox).
///
/// Read from the environment with `fromEnvironment()`; see the README's configuration table:
/// `FLOWORX_SMTP_HOST`, `_PORT`, `_USERNAME`, `_PASSWORD`, `_TLS` (`starttls`, `opportunistic`, `implicit`, `none`),
/// `_FROM` (`Name <address>` or an address), `_CA_FILE`, `_TIMEOUT_SECONDS`, `_HELO_NAME`. The password is only held
/// here; `description` hides it.
public struct SMTPConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// The server's host name or IP address.
    public var host: String
    /// The server's port.
    public var port: Int
    /// STARTTLS, implicit TLS or none.
    public var tls: SMTPTLSMode
    /// Credentials for AUTH; nil sends without authenticating.
    public var credentials: SMTPCredentials?
    /// The mechanism to use; nil picks PLAIN when the server offers it, else LOGIN.
    public var authMechanism: SMTPAuthMechanism?
    /// The sender of every message (the `From` header and the envelope's `MAIL FROM` unless a mail names another).
    public var from: EmailAddress
    /// A PEM file of CA certificates trusted in addition to the system's (a private relay, a self-signed test server).
    public var caFile: String?
    /// The name FloWorx gives itself in `EHLO`/`HELO`.
    public var heloName: String
    /// Limit for opening the TCP connection (and the implicit TLS handshake's first reply).
    public var connectTimeout: Duration
    /// Limit for each reply to a command (greeting, EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA, QUIT).
    public var commandTimeout: Duration
    /// Limit for the reply to the end of the message data (servers scan the message before answering).
    public var dataTimeout: Duration

    /// The defaults: 30 s to connect and per command, 120 s for the end of data; EHLO as `floworx.localhost`.
    public init(
        host: String, port: Int? = nil, tls: SMTPTLSMode = .startTLS, credentials: SMTPCredentials? = nil,
        authMechanism: SMTPAuthMechanism? = nil, from: EmailAddress, caFile: String? = nil, heloName: String = "floworx.localhost",
        connectTimeout: Duration = .seconds(30), commandTimeout: Duration = .seconds(30), dataTimeout: Duration = .seconds(120)
    ) {
        self.host = host
        self.port = port ?? tls.defaultPort
        self.tls = tls
        self.credentials = credentials
        self.authMechanism = authMechanism
        self.from = from
        self.caFile = caFile
        self.heloName = heloName
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.dataTimeout = dataTimeout
    }

    /// The configuration from `FLOWORX_SMTP_*`, or nil when `FLOWORX_SMTP_HOST` is unset (FloWorx then has no mail
    /// relay; the demo runs its local one). A malformed value is an error naming the variable.
    ///
    /// `FLOWORX_SMTP_TIMEOUT_SECONDS` (default 30) bounds the connect and every command; the end of data gets four
    /// times as long. `FLOWORX_SMTP_FROM` is required when the host is set. A user name needs a password.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(SettingError) -> SMTPConfiguration? {
        func value(_ name: String) -> String? {
            guard let text = environment["FLOWORX_SMTP_" + name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return text
        }
        guard let host = value("HOST") else { return nil }
        guard host.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0 != "/" && $0 != "@" }) else {
            throw SettingError(name: "FLOWORX_SMTP_HOST", message: "must be a host name or an IP address, got \"\(host)\"")
        }
        let tlsText = try value("TLS").map { text throws(SettingError) in
            try Setting.choice(text.lowercased(), name: "FLOWORX_SMTP_TLS", among: SMTPTLSMode.allCases.map(\.rawValue))
        }
        let tls = tlsText.flatMap(SMTPTLSMode.init(rawValue:)) ?? .startTLS
        let port = try value("PORT").map { text throws(SettingError) in try Setting.int(text, name: "FLOWORX_SMTP_PORT", range: 1...65535) }
        guard let fromText = value("FROM") else {
            throw SettingError(name: "FLOWORX_SMTP_FROM", message: "must be set with FLOWORX_SMTP_HOST (e.g. \"FloWorx Alerts <alerts@example.com>\")")
        }
        let from = try Self.sender(fromText)
        var credentials: SMTPCredentials?
        switch (value("USERNAME"), environment["FLOWORX_SMTP_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }) {
        case (nil, nil): credentials = nil
        case (let user?, let password?): credentials = SMTPCredentials(username: user, password: password)
        case (nil, _?): throw SettingError(name: "FLOWORX_SMTP_USERNAME", message: "must be set when FLOWORX_SMTP_PASSWORD is")
        case (_?, nil): throw SettingError(name: "FLOWORX_SMTP_PASSWORD", message: "must be set when FLOWORX_SMTP_USERNAME is")
        }
        let caFile = value("CA_FILE")
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            throw SettingError(name: "FLOWORX_SMTP_CA_FILE", message: "names no readable file: \(caFile)")
        }
        let timeout = try value("TIMEOUT_SECONDS").map { text throws(SettingError) in
            try Setting.seconds(text, name: "FLOWORX_SMTP_TIMEOUT_SECONDS", range: 0.1...600)
        } ?? .seconds(30)
        let helo = value("HELO_NAME") ?? "floworx.localhost"
        guard helo.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F }) else {
            throw SettingError(name: "FLOWORX_SMTP_HELO_NAME", message: "must be a host name without spaces, got \"\(helo)\"")
        }
        return SMTPConfiguration(
            host: host, port: port, tls: tls, credentials: credentials, from: from, caFile: caFile, heloName: helo,
            connectTimeout: timeout, commandTimeout: timeout, dataTimeout: timeout * 4)
    }

    /// `Name <address>` or a bare address, checked as the composer will write it.
    static func sender(_ text: String) throws(SettingError) -> EmailAddress {
        let parsed = MIMEAddressList.parse(text)
        guard parsed.count == 1, let address = parsed.first, MIMEReplyBuilder.isValidAddress(address.email),
              !text.contains("\r"), !text.contains("\n") else {
            throw SettingError(name: "FLOWORX_SMTP_FROM", message: "must be one address, optionally with a display name (\"FloWorx <alerts@example.com>\"), got \"\(text)\"")
        }
        return address
    }

    /// The settings in words, the password hidden.
    public var description: String {
        "smtp \(host):\(port) tls=\(tls.rawValue) user=\(credentials?.username ?? "none") from=\(from.email)"
            + (caFile.map { " ca=\($0)" } ?? "")
    }
}
