/// The web app's settings (README, "Configuration"; docs/web.md).
public struct WebConfiguration: Sendable {
    /// `Secure` on the session and CSRF cookies (`FLOWORX_WEB_SECURE_COOKIES`; default: on when `FLOWORX_PUBLIC_URL`
    /// is https, i.e. FloWorx is behind TLS). Off for plain http on loopback, where a browser would drop them.
    public var secureCookies: Bool
    /// Emails per inbox page (`FLOWORX_WEB_PAGE_SIZE`, default 25).
    public var pageSize: Int
    /// The demo accounts shown on the sign-in page: only when the demo data was loaded into the embedded database.
    public var demoAccounts: [String]
    /// Their shared password (the demo's, printed in the README).
    public var demoPassword: String?
    /// Largest form body accepted, in bytes (`FLOWORX_WEB_FORM_LIMIT`, default 64 KiB: a long draft fits).
    public var formLimit: Int

    public init(secureCookies: Bool = false, pageSize: Int = 25, demoAccounts: [String] = [], demoPassword: String? = nil, formLimit: Int = 64 * 1024) {
        self.secureCookies = secureCookies
        self.pageSize = pageSize
        self.demoAccounts = demoAccounts
        self.demoPassword = demoPassword
        self.formLimit = formLimit
    }
}
