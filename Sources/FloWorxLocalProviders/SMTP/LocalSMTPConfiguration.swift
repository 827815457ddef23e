/// Settings of a `LocalSMTPServer`, including the faults a test can switch on while it runs (`update(_:)`).
public struct LocalSMTPConfiguration: Sendable, Hashable {
    /// The address to listen on; loopback by default.
    public var host: String
    /// The port; 0 picks a free one.
    public var port: Int
    /// The name in the greeting and the EHLO reply.
    public var hostname: String
    /// When set, AUTH PLAIN and LOGIN are offered and required before MAIL FROM; otherwise AUTH is not offered.
    public var credentials: (username: String, password: String)? {
        get { username.map { ($0, password ?? "") } }
        set { username = newValue?.username; password = newValue?.password }
    }
    private var username: String?
    private var password: String?
    /// The largest message accepted (announced as `SIZE`); a larger one is refused with 552.
    public var maxMessageBytes: Int
    /// The most recipients of one message; more are refused with 452.
    public var maxRecipients: Int

    // Faults, for tests of the client's error handling.

    /// Accept connections and never say anything (a hung server).
    public var silent: Bool
    /// Answer this step with `temporaryFailureCode` (a 4xx) instead of going on.
    public var temporaryFailure: LocalSMTPStage?
    public var temporaryFailureCode: Int
    /// Recipients (lowercased addresses) refused with 550 at RCPT TO.
    public var rejectedRecipients: Set<String>
    /// Answer EHLO with 502, as an RFC 821 server would (the client must fall back to HELO).
    public var refuseEHLO: Bool

    public init(
        host: String = "127.0.0.1", port: Int = 0, hostname: String = "smtp.floworx.local",
        credentials: (username: String, password: String)? = nil, maxMessageBytes: Int = 10 * 1024 * 1024, maxRecipients: Int = 100
    ) {
        self.host = host
        self.port = port
        self.hostname = hostname
        self.username = credentials?.username
        self.password = credentials?.password
        self.maxMessageBytes = maxMessageBytes
        self.maxRecipients = maxRecipients
        self.silent = false
        self.temporaryFailure = nil
        self.temporaryFailureCode = 451
        self.rejectedRecipients = []
        self.refuseEHLO = false
    }

    /// Whether `username`/`password` match the configured credentials.
    func accepts(username: String, password: String) -> Bool {
        guard let expected = credentials else { return false }
        return expected.username == username && expected.password == password
    }
}

/// The steps of an SMTP transaction at which a `LocalSMTPServer` can be told to fail.
public enum LocalSMTPStage: String, Sendable, Hashable {
    case mailFrom, rcptTo, data, endOfData
}
