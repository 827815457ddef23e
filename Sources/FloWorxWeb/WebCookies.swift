import Foundation
import Hummingbird

/// The web app's cookies: the session (access and refresh token) and the CSRF token. All `HttpOnly` (no script
/// reads them), `SameSite=Lax` (not sent on cross-site posts), `Path=/`, and `Secure` behind TLS.
struct WebCookies: Sendable {
    static let access = "fx_session"
    static let refresh = "fx_refresh"
    static let csrf = "fx_csrf"

    let secure: Bool
    /// How long a session cookie is kept: the refresh token's lifetime.
    let sessionSeconds: Int

    func cookie(_ name: String, _ value: String, maxAge: Int) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// The cookies of a new session.
    func session(accessToken: String, refreshToken: String) -> [Cookie] {
        [cookie(Self.access, accessToken, maxAge: sessionSeconds), cookie(Self.refresh, refreshToken, maxAge: sessionSeconds)]
    }

    /// Cookies that remove the session.
    var signedOut: [Cookie] {
        [cookie(Self.access, "", maxAge: 0), cookie(Self.refresh, "", maxAge: 0)]
    }
}

extension Response {
    mutating func setCookies(_ cookies: [Cookie]) {
        for cookie in cookies { setCookie(cookie) }
    }
}
