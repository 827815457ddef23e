import HTTPTypes

/// Settings of the auth API. Every limit has a documented default (README, "Configuration").
public struct AuthConfiguration: Sendable {
    /// Shortest password accepted at sign-up and change.
    public var minimumPasswordLength: Int
    /// Whether new users may sign up (`DISABLE_SIGNUP`, GoTrue's name; when disabled, sign-up answers 422
    /// `signup_disabled` as GoTrue does).
    public var signupEnabled: Bool
    /// Sign-ups admitted per client address within `signupWindowSeconds`; 0 admits any number
    /// (`FLOWORX_SIGNUP_RATE_LIMIT`, default 10 per hour).
    public var signupsPerAddress: Int
    /// The sign-up window.
    public var signupWindowSeconds: Int
    /// Sign-in attempts per (email, client address) before backoff starts (`FLOWORX_SIGNIN_ATTEMPTS`, default 5).
    /// The count is cleared by a successful sign-in from that address.
    public var freeSignInAttempts: Int
    /// The wait after the last free attempt; it doubles with every further attempt.
    public var signInBackoffSeconds: Int
    /// The longest wait between two attempts of one (email, address).
    public var maxSignInBackoffSeconds: Int
    /// Sign-in attempts per client address and `throttleWindowSeconds`, whatever the email: the ceiling that stops
    /// one address from trying many accounts (`FLOWORX_SIGNIN_ADDRESS_LIMIT`, default 100). Successful sign-ins
    /// give their attempt back.
    public var signInAttemptsPerAddress: Int
    /// The per-address window; an (email, address) quiet for this long after its last wait starts afresh.
    public var throttleWindowSeconds: Int
    /// The request header that carries the client's address, set by a proxy in front of FloWorx
    /// (`FLOWORX_CLIENT_ADDRESS_HEADER`, e.g. `X-Forwarded-For`; GoTrue's `GOTRUE_RATE_LIMIT_HEADER`). Its last
    /// comma-separated entry is used: the one the nearest proxy wrote. `nil` (the default): the peer address of
    /// the connection, because without a proxy that overwrites it, any client could choose its own key.
    public var clientAddressHeader: String?
    /// Whether new sign-ups are confirmed at once (`FLOWORX_AUTH_AUTOCONFIRM`, GoTrue's `MAILER_AUTOCONFIRM`; default
    /// true). Off: sign-up answers the user without a session and mails a confirmation link, the password grant
    /// refuses the unconfirmed address (400 `email_not_confirmed`), and an email change waits for a link mailed to
    /// the new address.
    public var autoconfirm: Bool
    /// How long an emailed link or code is valid (`FLOWORX_AUTH_OTP_LIFETIME_SECONDS`, GoTrue's `MAILER_OTP_EXP`;
    /// default 3600).
    public var oneTimeTokenLifetimeSeconds: Int
    /// The shortest interval between two auth emails to one address (`FLOWORX_AUTH_EMAIL_INTERVAL_SECONDS`,
    /// GoTrue's `SMTP_MAX_FREQUENCY`; default 60). Sooner requests answer 429 `over_email_send_rate_limit`.
    public var emailIntervalSeconds: Int
    /// Wrong codes typed for one address before its live tokens stop working (`FLOWORX_AUTH_OTP_ATTEMPTS`, default 5).
    public var codeAttempts: Int
    /// Where users land after following a link when the request names no allowed `redirect_to`
    /// (`FLOWORX_AUTH_SITE_URL`, GoTrue's `SITE_URL`; default `FLOWORX_PUBLIC_URL`).
    public var siteURL: String?
    /// Further origins `redirect_to` may point at (`FLOWORX_AUTH_REDIRECT_URLS`, comma-separated; GoTrue's
    /// `URI_ALLOW_LIST`). Any other `redirect_to` is replaced by `siteURL`, so links cannot send tokens elsewhere.
    public var redirectURLs: [String]
    /// OAuth sign-in (`/authorize`, `/callback`, the `pkce` grant): enabled providers and the flow lifetime.
    public var oauth = OAuthSignInConfiguration()

    public init(
        minimumPasswordLength: Int = 8,
        signupEnabled: Bool = true,
        signupsPerAddress: Int = 10,
        signupWindowSeconds: Int = 3600,
        freeSignInAttempts: Int = 5,
        signInBackoffSeconds: Int = 30,
        maxSignInBackoffSeconds: Int = 900,
        signInAttemptsPerAddress: Int = 100,
        throttleWindowSeconds: Int = 900,
        clientAddressHeader: String? = nil,
        autoconfirm: Bool = true,
        oneTimeTokenLifetimeSeconds: Int = 3600,
        emailIntervalSeconds: Int = 60,
        codeAttempts: Int = 5,
        siteURL: String? = nil,
        redirectURLs: [String] = []
    ) {
        self.autoconfirm = autoconfirm
        self.oneTimeTokenLifetimeSeconds = oneTimeTokenLifetimeSeconds
        self.emailIntervalSeconds = emailIntervalSeconds
        self.codeAttempts = codeAttempts
        self.siteURL = siteURL
        self.redirectURLs = redirectURLs
        self.minimumPasswordLength = minimumPasswordLength
        self.signupEnabled = signupEnabled
        self.signupsPerAddress = signupsPerAddress
        self.signupWindowSeconds = signupWindowSeconds
        self.freeSignInAttempts = freeSignInAttempts
        self.signInBackoffSeconds = signInBackoffSeconds
        self.maxSignInBackoffSeconds = maxSignInBackoffSeconds
        self.signInAttemptsPerAddress = signInAttemptsPerAddress
        self.throttleWindowSeconds = throttleWindowSeconds
        self.clientAddressHeader = clientAddressHeader
    }

    /// Why a setting cannot be used, or `nil` when all can.
    public var problem: String? {
        if freeSignInAttempts < 1 { return "sign-in attempts before backoff must be at least 1, got \(freeSignInAttempts)" }
        if signInAttemptsPerAddress < 1 { return "sign-in attempts per address must be at least 1, got \(signInAttemptsPerAddress)" }
        if signupsPerAddress < 0 { return "sign-ups per address must be 0 (no limit) or more, got \(signupsPerAddress)" }
        if min(signupWindowSeconds, signInBackoffSeconds, maxSignInBackoffSeconds, throttleWindowSeconds) < 1 {
            return "auth rate limit windows and waits must be at least 1 second"
        }
        if oneTimeTokenLifetimeSeconds < 60 { return "the lifetime of emailed links and codes must be at least 60 seconds, got \(oneTimeTokenLifetimeSeconds)" }
        if emailIntervalSeconds < 0 { return "the interval between auth emails must be 0 or more seconds, got \(emailIntervalSeconds)" }
        if codeAttempts < 1 { return "code attempts must be at least 1, got \(codeAttempts)" }
        for url in [siteURL].compactMap({ $0 }) + redirectURLs where AuthLinks.origin(of: url) == nil {
            return "auth redirect URLs must be absolute http(s) URLs, got \(url)"
        }
        if let clientAddressHeader, HTTPField.Name(clientAddressHeader) == nil {
            return "the client address header must be a header name, got \(clientAddressHeader)"
        }
        return nil
    }
}
