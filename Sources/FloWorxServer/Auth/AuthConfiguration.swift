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
        clientAddressHeader: String? = nil
    ) {
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
        if let clientAddressHeader, HTTPField.Name(clientAddressHeader) == nil {
            return "the client address header must be a header name, got \(clientAddressHeader)"
        }
        return nil
    }
}
