import Foundation
import Hummingbird
import HTTPTypes

/// Answers CORS preflights and adds CORS headers to responses, so a browser front end on another origin (the usual
/// way supabase-js is used) can call `/rest/v1`, `/auth/v1` and `/api/v1`.
struct CORSMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let configuration: CORSConfiguration

    /// The methods the API serves.
    static let methods = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"
    /// What supabase-js and postgrest-js send, allowed when a preflight names no headers. A preflight that names
    /// headers gets them echoed, as Supabase's gateway does: request headers grant nothing (the JWT decides).
    static let standardHeaders = "accept, accept-profile, apikey, authorization, content-profile, content-type, prefer, range, range-unit, x-client-info, x-supabase-api-version, x-upsert"
    /// Headers the front end must be able to read (pagination, counts, applied preferences, throttling).
    static let exposedHeaders = "Content-Range, Content-Location, Preference-Applied, Range-Unit, Retry-After, X-Request-Id"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !configuration.allowedOrigins.isEmpty, let origin = request.headers[.origin] else {
            return try await next(request, context)
        }
        let allowed = configuration.allowOrigin(for: origin)
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            var headers = HTTPFields()
            if let allowed {
                headers[.accessControlAllowOrigin] = allowed
                headers[.accessControlAllowMethods] = Self.methods
                headers[.accessControlAllowHeaders] = Self.permittedHeaders(request.headers[.accessControlRequestHeaders])
                headers[.accessControlMaxAge] = String(configuration.maxAge.components.seconds)
            }
            if allowed != "*" { headers[.vary] = "Origin" }
            return Response(status: .noContent, headers: headers)
        }
        var response = try await next(request, context)
        if let allowed {
            response.headers[.accessControlAllowOrigin] = allowed
            response.headers[.accessControlExposeHeaders] = Self.exposedHeaders
            if allowed != "*" { response.headers[.vary] = "Origin" }
        }
        return response
    }

    /// The requested header names (only well-formed ones), or the standard set when none were named.
    static func permittedHeaders(_ requested: String?) -> String {
        guard let requested else { return standardHeaders }
        let names = requested.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .filter { !$0.isEmpty && $0.utf8.allSatisfy(isTokenCharacter) }
        return names.isEmpty ? standardHeaders : names.joined(separator: ", ")
    }

    /// RFC 9110 `tchar`.
    private static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return true
        default: return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
