import FloWorxServer
import FloWorxStore

/// The API's limits and browser settings, from the environment (each documented in README's configuration table).
struct APILimits {
    var http: HTTPLimits
    var cors: CORSConfiguration
    var publicURL: String?
    var statementTimeouts: StatementTimeouts

    /// Reads and range-checks every variable; an unset one keeps its default.
    static func fromEnvironment() throws -> APILimits {
        let defaults = HTTPLimits()
        let http = HTTPLimits(
            maximumURLLength: try Environment.int("FLOWORX_MAX_URL_BYTES", range: 1024...1_048_576) ?? defaults.maximumURLLength,
            maximumBodySize: try Environment.int("FLOWORX_MAX_BODY_BYTES", range: 65_536...1_073_741_824) ?? defaults.maximumBodySize,
            idleTimeout: try Environment.seconds("FLOWORX_HTTP_IDLE_TIMEOUT_SECONDS", range: 1...3600) ?? defaults.idleTimeout
        )
        var cors = CORSConfiguration()
        if let origins = Environment.get("FLOWORX_CORS_ORIGINS") {
            cors.allowedOrigins = origins.split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty && $0 != "none" }
            for origin in cors.allowedOrigins where origin != "*" && !(origin.hasPrefix("http://") || origin.hasPrefix("https://")) {
                throw ConfigurationError("FLOWORX_CORS_ORIGINS takes *, none, or origins such as https://app.example.com, got \"\(origin)\"")
            }
        }
        let publicURL = Environment.get("FLOWORX_PUBLIC_URL")
        if let publicURL, !(publicURL.hasPrefix("http://") || publicURL.hasPrefix("https://")) {
            throw ConfigurationError("FLOWORX_PUBLIC_URL must start with http:// or https://, got \"\(publicURL)\"")
        }
        let supabase = StatementTimeouts.supabase
        // 0 turns a role's timeout off (the server's setting applies).
        func timeout(_ name: String, _ fallback: Duration?) throws -> Duration? {
            guard let seconds = try Environment.seconds(name, range: 0...86_400) else { return fallback }
            return seconds == .zero ? nil : seconds
        }
        let timeouts = StatementTimeouts(
            anon: try timeout("FLOWORX_ANON_STATEMENT_TIMEOUT_SECONDS", supabase.anon),
            authenticated: try timeout("FLOWORX_AUTHENTICATED_STATEMENT_TIMEOUT_SECONDS", supabase.authenticated),
            serviceRole: try timeout("FLOWORX_SERVICE_STATEMENT_TIMEOUT_SECONDS", supabase.serviceRole)
        )
        return APILimits(http: http, cors: cors, publicURL: publicURL, statementTimeouts: timeouts)
    }
}

extension Substring {
    /// Without leading and trailing spaces.
    func trimmingSpaces() -> String {
        var slice = self
        while slice.first == " " { slice = slice.dropFirst() }
        while slice.last == " " { slice = slice.dropLast() }
        return String(slice)
    }
}
