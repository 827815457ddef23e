import Foundation
import Hummingbird
import HTTPTypes

/// The URLs of auth emails and of `/verify`'s redirects.
///
/// Links point at `FLOWORX_PUBLIC_URL`; without it, at the request's own host only when that is a loopback name
/// (the demo on one machine). A Host header from elsewhere is never trusted: an attacker could otherwise have a
/// victim's recovery link point at the attacker's server.
struct AuthLinks: Sendable {
    var publicURL: String?
    var siteURL: String?
    var allowedRedirects: [String]

    /// The base URL links are built on, for `request`; `nil` when none can be trusted.
    func base(for request: Request) -> String? {
        if let publicURL { return publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL }
        guard let host = request.head.authority else { return nil }
        let name = host.hasPrefix("[") ? String(host.prefix { $0 != "]" }.dropFirst()) : String(host.split(separator: ":").first ?? "")
        guard ["localhost", "::1"].contains(name.lowercased()) || name.hasPrefix("127.") else { return nil }
        return "http://\(host)"
    }

    /// `GET /auth/v1/verify?token=…&type=…&redirect_to=…` on `base`.
    func verifyLink(base: String, token: String, type: String, redirectTo: String?) -> String {
        var components = URLComponents(string: base + "/auth/v1/verify")!
        components.queryItems = [URLQueryItem(name: "token", value: token), URLQueryItem(name: "type", value: type)]
            + (redirectTo.map { [URLQueryItem(name: "redirect_to", value: $0)] } ?? [])
        // `+` would read as a space in a query: percent-encode it.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        return components.string!
    }

    /// `requested` when its origin is the site's, the public URL's or an allowed one; else the site URL (GoTrue's
    /// rule, so links cannot deliver sessions to foreign sites). `nil` when there is nothing to go to.
    func redirect(_ requested: String?) -> String? {
        let fallback = siteURL ?? publicURL
        guard let requested, let origin = Self.origin(of: requested) else { return fallback }
        let allowed = ([siteURL, publicURL].compactMap { $0 } + allowedRedirects).compactMap(Self.origin(of:))
        return allowed.contains(origin) ? requested : fallback
    }

    /// `scheme://host[:port]`, lowercased, of an absolute http(s) URL; `nil` for anything else.
    static func origin(of text: String) -> String? {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = components.host?.lowercased(), !host.isEmpty
        else { return nil }
        return "\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "")
    }
}
