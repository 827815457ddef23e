import Crypto
import Foundation

/// The state of `LocalMicrosoftOAuth`: applications, pending codes, refresh tokens and consents.
actor MicrosoftOAuthStore {
    struct Code: Sendable {
        var clientId: String
        var email: String
        var redirectURI: String
        var scopes: [String]
        var challenge: String?
        var challengeMethod: String
        var expiresAt: Date
        var redeemed = false
    }

    struct Refresh: Sendable {
        var clientId: String
        var email: String
        var scopes: [String]
        var issuedAt: Date
        /// Set when a refresh replaced this token.
        var replaced = false
    }

    let configuration: LocalMicrosoftOAuthConfiguration
    var apps: [String: MicrosoftOAuthApp] = [:]
    var codes: [String: Code] = [:]
    var refreshTokens: [String: Refresh] = [:]
    /// (email, clientId) pairs whose consent the user withdrew.
    var withdrawn: Set<String> = []
    /// Users whose sessions were revoked at this time (refresh tokens issued before are dead).
    var sessionsRevokedAt: [String: Date] = [:]
    /// The user the next `/authorize` without `login_hint` signs in as.
    var nextUser: String?
    /// Whether the next `/authorize` is declined by the user.
    var declineNext = false
    var counters: [String: Int] = [:]

    init(configuration: LocalMicrosoftOAuthConfiguration) {
        self.configuration = configuration
    }

    func register(_ app: MicrosoftOAuthApp) { apps[app.clientId] = app }
    func app(_ clientId: String) -> MicrosoftOAuthApp? { apps[clientId] }
    func setNextUser(_ email: String?) { nextUser = email?.lowercased() }
    func setDeclineNext() { declineNext = true }

    func takeDecline() -> Bool {
        defer { declineNext = false }
        return declineNext
    }

    func takeNextUser() -> String? { nextUser }

    func count(_ name: String) { counters[name, default: 0] += 1 }

    func issueCode(clientId: String, email: String, redirectURI: String, scopes: [String], challenge: String?, method: String) -> String {
        let code = "M." + MicrosoftOAuthStore.random(48)
        codes[code] = Code(clientId: clientId, email: email.lowercased(), redirectURI: redirectURI, scopes: scopes, challenge: challenge,
                           challengeMethod: method, expiresAt: Date().addingTimeInterval(Double(configuration.codeLifetime.components.seconds)))
        withdrawn.remove(Self.key(email, clientId))
        return code
    }

    /// Redeems a code: checks client, redirect URI and the PKCE verifier; the (email, scopes) it grants.
    func redeem(code: String, clientId: String, redirectURI: String?, verifier: String?) throws(MicrosoftOAuthError) -> (String, [String]) {
        guard var entry = codes[code] else { throw .malformedGrant }
        guard !entry.redeemed else { throw .codeRedeemed }
        guard entry.expiresAt > Date() else { throw .expiredGrant }
        guard entry.clientId == clientId else { throw .malformedGrant }
        if let redirectURI, redirectURI != entry.redirectURI { throw .redirectMismatch(redirectURI, entry.redirectURI) }
        if let challenge = entry.challenge {
            guard let verifier else {
                throw MicrosoftOAuthError(status: 400, error: "invalid_grant", code: 50148,
                                          message: "The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.")
            }
            let computed = entry.challengeMethod == "plain" ? verifier : Self.s256(verifier)
            guard computed == challenge else { throw .pkceMismatch }
        }
        entry.redeemed = true
        codes[code] = entry
        return (entry.email, entry.scopes)
    }

    /// Issues a refresh token when `offline_access` was granted.
    func issueRefresh(clientId: String, email: String, scopes: [String]) -> String? {
        guard scopes.contains("offline_access") else { return nil }
        let token = "1.A" + MicrosoftOAuthStore.random(96)
        refreshTokens[token] = Refresh(clientId: clientId, email: email.lowercased(), scopes: scopes, issuedAt: Date())
        return token
    }

    /// Checks a refresh token and rotates it: the (email, scopes) it grants; the old token is marked replaced.
    func useRefresh(_ token: String, clientId: String) throws(MicrosoftOAuthError) -> (String, [String]) {
        guard let entry = refreshTokens[token], entry.clientId == clientId else { throw .malformedGrant }
        if entry.replaced, configuration.rejectReplacedRefreshTokens { throw .rotatedRefreshToken }
        if withdrawn.contains(Self.key(entry.email, clientId)) { throw .consentRevoked(clientId: clientId) }
        if let revoked = sessionsRevokedAt[entry.email], entry.issuedAt <= revoked { throw .sessionsRevoked }
        refreshTokens[token]?.replaced = true
        return (entry.email, entry.scopes)
    }

    func withdrawConsent(email: String, clientId: String?) {
        let ids = clientId.map { [$0] } ?? Array(apps.keys)
        for id in ids { withdrawn.insert(Self.key(email, id)) }
    }

    func revokeSessions(email: String) {
        sessionsRevokedAt[email.lowercased()] = Date()
    }

    func liveRefreshTokens(email: String) -> Int {
        refreshTokens.values.filter { $0.email == email.lowercased() && !$0.replaced }.count
    }

    static func key(_ email: String, _ clientId: String) -> String { email.lowercased() + "\u{0}" + clientId }

    static func s256(_ verifier: String) -> String {
        Data(SHA256.hash(data: Data(verifier.utf8))).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func random(_ count: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        return String((0..<count).map { _ in alphabet.randomElement()! })
    }
}
