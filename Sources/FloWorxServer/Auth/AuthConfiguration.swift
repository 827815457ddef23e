/// Settings of the auth API.
public struct AuthConfiguration: Sendable {
    /// Shortest password accepted at sign-up and change.
    public var minimumPasswordLength: Int
    /// Whether new users may sign up.
    public var signupEnabled: Bool
    /// Failed sign-ins allowed per email within `throttleWindowSeconds`.
    public var maxFailuresPerEmail: Int
    /// Failed sign-ins allowed per client address within `throttleWindowSeconds`.
    public var maxFailuresPerAddress: Int
    /// The throttling window.
    public var throttleWindowSeconds: Int

    public init(minimumPasswordLength: Int = 8, signupEnabled: Bool = true, maxFailuresPerEmail: Int = 5, maxFailuresPerAddress: Int = 30, throttleWindowSeconds: Int = 900) {
        self.minimumPasswordLength = minimumPasswordLength
        self.signupEnabled = signupEnabled
        self.maxFailuresPerEmail = maxFailuresPerEmail
        self.maxFailuresPerAddress = maxFailuresPerAddress
        self.throttleWindowSeconds = throttleWindowSeconds
    }
}
