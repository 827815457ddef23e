import Crypto
import Foundation
import Hummingbird

/// Cross-site request forgery protection: a random token in an `HttpOnly`, `SameSite=Lax` cookie, repeated in a
/// hidden field of every form; a POST whose field does not equal the cookie is refused (403). Another site can make a
/// browser post, but can neither read the cookie nor set it, so it cannot know the field's value.
enum CSRFToken {
    static let field = "_csrf"

    /// The browser's token, or a new one (with the cookie that sets it).
    static func current(_ request: Request, cookies: WebCookies) -> (token: String, cookie: Cookie?) {
        if let existing = request.cookies[WebCookies.csrf]?.value, existing.count == 43 {
            return (existing, nil)
        }
        let token = Self.random()
        return (token, cookies.cookie(WebCookies.csrf, token, maxAge: 60 * 60 * 24 * 30))
    }

    /// Whether `form` carries the token of the browser's cookie.
    static func isValid(_ form: FormData, _ request: Request) -> Bool {
        guard let cookie = request.cookies[WebCookies.csrf]?.value, cookie.count == 43, let presented = form[field] else { return false }
        // Compared in constant time: the comparison says nothing about how much of a guess was right.
        let a = Array(cookie.utf8), b = Array(presented.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// 32 random bytes, base64url without padding (43 characters: valid in a cookie).
    static func random() -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return bytes.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
