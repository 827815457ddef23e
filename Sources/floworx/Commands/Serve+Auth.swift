import FloWorxServer

extension Serve {
    /// The auth API's settings from the environment (README, "Configuration"); a value out of range is an error
    /// naming its variable.
    static func authConfiguration() throws -> AuthConfiguration {
        let configuration = AuthConfiguration(
            signupEnabled: !(try Environment.bool("DISABLE_SIGNUP") ?? false),
            signupsPerAddress: try Environment.int("FLOWORX_SIGNUP_RATE_LIMIT", range: 0...1_000_000) ?? 10,
            freeSignInAttempts: try Environment.int("FLOWORX_SIGNIN_ATTEMPTS", range: 1...1000) ?? 5,
            signInAttemptsPerAddress: try Environment.int("FLOWORX_SIGNIN_ADDRESS_LIMIT", range: 1...1_000_000) ?? 100,
            clientAddressHeader: Environment.get("FLOWORX_CLIENT_ADDRESS_HEADER")
        )
        if let problem = configuration.problem { throw ConfigurationError(problem) }
        return configuration
    }

    /// How far in the future a token's `nbf`/`iat` may lie (`FLOWORX_JWT_LEEWAY_SECONDS`, default 30).
    static func jwtLeeway() throws -> Duration {
        try Environment.seconds("FLOWORX_JWT_LEEWAY_SECONDS", range: 0...3600) ?? TokenService.defaultClockLeeway
    }
}
