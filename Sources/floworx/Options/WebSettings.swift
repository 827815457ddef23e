import FloWorxWeb

/// The web app's settings from the environment (README, "Configuration"; docs/web.md).
enum WebSettings {
    /// `publicURL` is `FLOWORX_PUBLIC_URL`: behind TLS (https) the cookies are `Secure` unless said otherwise;
    /// `demo` says whether the demo accounts were loaded (the sign-in page then names them).
    static func fromEnvironment(publicURL: String?, demo: Bool) throws -> WebConfiguration {
        let behindTLS = publicURL?.lowercased().hasPrefix("https://") ?? false
        return WebConfiguration(
            secureCookies: try Environment.bool("FLOWORX_WEB_SECURE_COOKIES") ?? behindTLS,
            pageSize: try Environment.int("FLOWORX_WEB_PAGE_SIZE", range: 5...200) ?? 25,
            demoAccounts: demo ? ["hvac", "pools", "roofing"].map { "\($0)@demo.floworx.dev" } : [],
            demoPassword: demo ? DemoData.password : nil,
            formLimit: try Environment.int("FLOWORX_WEB_FORM_LIMIT", range: 4096...1_048_576) ?? 64 * 1024
        )
    }
}
