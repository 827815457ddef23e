import Foundation
import FloWorxIntegrations
import FloWorxServer
import Logging

extension Serve {
    /// The auth API's settings from the environment (README, "Configuration"); a value out of range is an error
    /// naming its variable.
    static func authConfiguration() throws -> AuthConfiguration {
        var configuration = AuthConfiguration(
            signupEnabled: !(try Environment.bool("DISABLE_SIGNUP") ?? false),
            signupsPerAddress: try Environment.int("FLOWORX_SIGNUP_RATE_LIMIT", range: 0...1_000_000) ?? 10,
            freeSignInAttempts: try Environment.int("FLOWORX_SIGNIN_ATTEMPTS", range: 1...1000) ?? 5,
            signInAttemptsPerAddress: try Environment.int("FLOWORX_SIGNIN_ADDRESS_LIMIT", range: 1...1_000_000) ?? 100,
            clientAddressHeader: Environment.get("FLOWORX_CLIENT_ADDRESS_HEADER"),
            autoconfirm: try Environment.bool("FLOWORX_AUTH_AUTOCONFIRM") ?? true,
            oneTimeTokenLifetimeSeconds: try Environment.int("FLOWORX_AUTH_OTP_LIFETIME_SECONDS", range: 60...604_800) ?? 3600,
            emailIntervalSeconds: try Environment.int("FLOWORX_AUTH_EMAIL_INTERVAL_SECONDS", range: 0...86_400) ?? 60,
            codeAttempts: try Environment.int("FLOWORX_AUTH_OTP_ATTEMPTS", range: 1...1000) ?? 5,
            siteURL: Environment.get("FLOWORX_AUTH_SITE_URL"),
            redirectURLs: (Environment.get("FLOWORX_AUTH_REDIRECT_URLS") ?? "").split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        )
        configuration.oauth = try OAuthSignInSettings.fromEnvironment()
        if let problem = configuration.problem { throw ConfigurationError(problem) }
        return configuration
    }

    /// How far in the future a token's `nbf`/`iat` may lie (`FLOWORX_JWT_LEEWAY_SECONDS`, default 30).
    static func jwtLeeway() throws -> Duration {
        try Environment.seconds("FLOWORX_JWT_LEEWAY_SECONDS", range: 0...3600) ?? TokenService.defaultClockLeeway
    }

    /// Where auth emails go: the SMTP relay of `FLOWORX_SMTP_*`, else the demo's local mailbox, else nowhere (each
    /// mail logged as not sent).
    static func authMailer(demoSMTP: SMTPConfiguration?, logger: Logger) throws -> any AuthMailer {
        if let smtp = try SMTPConfiguration.fromEnvironment() ?? demoSMTP {
            return SMTPAuthMailer(configuration: smtp, logger: logger)
        }
        logger.notice("auth emails (confirmation, recovery, magic link) are disabled: no FLOWORX_SMTP_HOST")
        return DisabledAuthMailer(logger: logger)
    }
}
