/// Which browser origins may call the API, as Supabase's gateway serves CORS.
public struct CORSConfiguration: Sendable, Equatable {
    /// Allowed origins (`https://app.example.com`), or `["*"]` for any (Supabase's default: the anon key is public and
    /// RLS guards the data, so the origin is no security boundary). Empty turns CORS off.
    public var allowedOrigins: [String]
    /// How long a browser may cache a preflight answer.
    public var maxAge: Duration

    public init(allowedOrigins: [String] = ["*"], maxAge: Duration = .seconds(3600)) {
        self.allowedOrigins = allowedOrigins
        self.maxAge = maxAge
    }

    /// The `Access-Control-Allow-Origin` value for a request from `origin`, or `nil` when it is not allowed.
    func allowOrigin(for origin: String) -> String? {
        if allowedOrigins.contains("*") { return "*" }
        return allowedOrigins.contains(origin) ? origin : nil
    }
}
