import FloWorxCore
import FloWorxStore
import Foundation
import Hummingbird
import HTTPTypes
import Logging
import NIOCore

/// `/auth/v1`: GoTrue's email/password subset — sign-up, password and refresh-token grants, the current user,
/// and logout — with GoTrue's paths, parameters and JSON, so Supabase's client libraries work unchanged.
struct AuthController: Sendable {
    let users: AuthRepository
    let tokens: TokenService
    let authenticator: RequestAuthenticator
    let hasher: PasswordHasher
    let configuration: AuthConfiguration
    let logger: Logger
    /// Where confirmation, recovery and magic-link emails go.
    var mailer: any AuthMailer = DisabledAuthMailer()
    /// `FLOWORX_PUBLIC_URL`: the base of emailed links.
    var publicURL: String?

    func addRoutes(to router: Router<AppRequestContext>) {
        let group = router.group("auth/v1")
        group.post("signup") { request, context in await handle { try await signup(request, context) } }
        group.post("token") { request, context in await handle { try await token(request, context) } }
        group.get("user") { request, context in await handle { try await currentUser(request) } }
        group.put("user") { request, context in await handle { try await updateUser(request, context) } }
        group.post("logout") { request, context in await handle { try await logout(request) } }
        group.get("settings") { request, _ in
            await handle {
                _ = try await authenticator.authenticate(request)
                return GoTrueJSON.response([
                    "external": ["email": true, "phone": false],
                    "disable_signup": !configuration.signupEnabled,
                    "mailer_autoconfirm": configuration.autoconfirm,
                    "phone_autoconfirm": false,
                ])
            }
        }
        addAdminRoutes(to: group)
        addFlowRoutes(to: group)
        addOAuthRoutes(to: group)
        group.get("health") { _, _ in
            GoTrueJSON.response(["name": "FloWorx auth", "version": FloWorxVersion.current, "description": "GoTrue-compatible auth"])
        }
    }

    func handle(_ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch let error as GoTrueError {
            return error.response
        } catch let error as AuthError {
            return GoTrueJSON.error(error.status, error.errorCode, error.message)
        } catch where PostgresErrorText.sqlState(error)?.hasPrefix("22") == true {
            // Data PostgreSQL cannot store (a NUL character, invalid text): the caller's input is at fault.
            return GoTrueJSON.error(.badRequest, "validation_failed", "The request contains a value that cannot be stored (e.g. a NUL character)")
        } catch {
            logger.error("auth request failed", metadata: ["error": "\(PostgresErrorText.describe(error))"])
            return GoTrueJSON.error(.serviceUnavailable, "unexpected_failure", "The auth service could not complete the request; try again")
        }
    }

    // MARK: Endpoints

    private func signup(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        _ = try await authenticator.authenticate(request)
        guard configuration.signupEnabled else { throw GoTrueError(status: .unprocessableContent, errorCode: "signup_disabled", message: "Signups not allowed for this instance") }
        let body = try await JSONObjectBody(request)
        let email = try validEmail(body.string("email"))
        let password = try validPassword(body.string("password"))
        let metadata = body.object("data") ?? (body.object("options").flatMap { $0["data"] as? [String: Any] }) ?? [:]
        // Without autoconfirm a link is mailed: its base must be known before anything is written.
        let base = configuration.autoconfirm ? nil : try linkBase(request)
        try await claimSignup(request, context)
        let hash = try await hasher.hash(password)
        let user: AuthUser
        do {
            user = try await users.createUser(
                email: email, passwordHash: hash, confirmed: configuration.autoconfirm, userMetadataJSON: try jsonText(metadata), appMetadataJSON: "{}")
        } catch is AuthRepository.EmailTaken {
            throw GoTrueError(status: .unprocessableContent, errorCode: "user_already_exists", message: "User already registered")
        }
        logger.info("user signed up", metadata: ["user": "\(user.id)"])
        guard let base else { return try await newSession(for: user, request: request, context: context) }
        // GoTrue's answer without autoconfirm: the user, no session, and a confirmation link in the mail. The send
        // counts against the address's email interval (a /resend right after waits), but is not refused by it.
        _ = try await users.claimAuthEmail(email, intervalSeconds: configuration.emailIntervalSeconds)
        try await mailToken(to: user, email: user.email, slot: .confirmation, kind: .signup, base: base, redirectTo: redirectParameter(request))
        var object = GoTrueJSON.user(user)
        object["confirmation_sent_at"] = ISO8601.format(Date())
        return GoTrueJSON.response(object)
    }

    /// Counts a sign-up against the client address's limit (`FLOWORX_SIGNUP_RATE_LIMIT`); 429 when it is used up.
    /// Counted before bcrypt (the expensive part) and before the user-exists check, which is a probe too.
    func claimSignup(_ request: Request, _ context: AppRequestContext) async throws {
        guard configuration.signupsPerAddress > 0 else { return }
        let address = clientAddress(request, context)
        if let wait = try await users.rateLimits.claimSignup(
            address: address, limit: configuration.signupsPerAddress, windowSeconds: configuration.signupWindowSeconds
        ) {
            logger.warning("sign-up rate limited", metadata: ["address": "\(address)"])
            throw GoTrueError(status: .tooManyRequests, errorCode: "over_request_rate_limit",
                              message: "Too many sign-ups from this address; try again in \(wait) seconds", retryAfter: wait)
        }
    }

    private func token(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        _ = try await authenticator.authenticate(request)
        switch request.uri.queryParameters.get("grant_type") {
        case "password":
            return try await passwordGrant(request, context)
        case "refresh_token":
            return try await refreshGrant(request)
        case "pkce":
            return try await pkceGrant(request, context)
        case let other:
            throw GoTrueError(status: .badRequest, errorCode: "validation_failed", message: "unsupported_grant_type: \(other ?? "none"); use password or refresh_token")
        }
    }

    private func passwordGrant(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let body = try await JSONObjectBody(request)
        guard let email = body.string("email")?.trimmingCharacters(in: .whitespaces), !email.isEmpty else {
            throw GoTrueError(status: .badRequest, errorCode: "validation_failed", message: "An email address is required")
        }
        // No account has a longer address (auth.users.email is varchar(255)); refused before it becomes a key.
        guard email.unicodeScalars.count <= 255 else {
            throw GoTrueError(status: .badRequest, errorCode: "validation_failed", message: "Unable to validate email address: invalid format")
        }
        let password = body.string("password") ?? ""
        let address = clientAddress(request, context)
        // The throttling key is the normal form, so NFC/NFD and case variants of one address share it.
        let key = EmailAddress.normalized(email)
        // Claimed (checked and counted in one statement) before the password is compared: concurrent attempts
        // cannot all pass. Per (email, address), so failures from elsewhere never lock the owner out.
        if let wait = try await users.rateLimits.claimSignIn(email: key, address: address, policy: signInPolicy) {
            logger.warning("sign-in throttled", metadata: ["address": "\(address)"])
            throw GoTrueError(
                status: .tooManyRequests, errorCode: "over_request_rate_limit",
                message: "Too many sign-in attempts; try again in \(wait) seconds", retryAfter: wait
            )
        }
        let found = try await users.user(email: email)
        guard try await hasher.verify(password, hash: found?.passwordHash), let user = found?.user else {
            throw GoTrueError(status: .badRequest, errorCode: "invalid_credentials", message: "Invalid login credentials")
        }
        try await users.rateLimits.signInSucceeded(email: key, address: address)
        // Checked after the password, as GoTrue does: only the owner learns that the address awaits confirmation.
        guard user.emailConfirmedAt != nil else {
            throw GoTrueError(status: .badRequest, errorCode: "email_not_confirmed", message: "Email not confirmed")
        }
        return try await newSession(for: user, request: request, context: context)
    }

    private func refreshGrant(_ request: Request) async throws -> Response {
        let body = try await JSONObjectBody(request)
        guard let presented = body.string("refresh_token"), !presented.isEmpty else {
            throw GoTrueError(status: .badRequest, errorCode: "validation_failed", message: "A refresh_token is required")
        }
        let next = AuthRepository.newRefreshToken()
        let expiresAt = Date().addingTimeInterval(TimeInterval(tokens.refreshTokenLifetime.components.seconds))
        switch try await users.rotate(tokenHash: AuthRepository.hash(presented), newTokenHash: next.hash, newExpiresAt: expiresAt) {
        case .rotated(let sessionId, let userId):
            guard let user = try await users.user(id: userId) else {
                throw GoTrueError(status: .badRequest, errorCode: "user_not_found", message: "User from the refresh token no longer exists")
            }
            let access = try await tokens.accessToken(for: user, sessionId: sessionId)
            return GoTrueJSON.response(GoTrueJSON.session(user: user, accessToken: access.token, expiresAt: access.expiresAt, lifetime: tokens.accessTokenLifetime, refreshToken: next.token))
        case .notFound:
            throw GoTrueError(status: .badRequest, errorCode: "refresh_token_not_found", message: "Invalid Refresh Token: Refresh Token Not Found")
        case .reused:
            logger.warning("refresh token reuse detected: session revoked")
            throw GoTrueError(status: .badRequest, errorCode: "refresh_token_already_used", message: "Invalid Refresh Token: Already Used")
        case .revoked:
            throw GoTrueError(status: .badRequest, errorCode: "session_not_found", message: "Invalid Refresh Token: Session Revoked")
        case .expired:
            throw GoTrueError(status: .badRequest, errorCode: "session_expired", message: "Invalid Refresh Token: Session Expired")
        }
    }

    private func currentUser(_ request: Request) async throws -> Response {
        let user = try await signedInUser(request)
        return GoTrueJSON.response(GoTrueJSON.user(user))
    }

    private func updateUser(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let caller = try await authenticator.authenticateUser(request)
        let current = try await signedInUser(request, verified: caller)
        let body = try await JSONObjectBody(request)
        var email = try body.string("email").map(validEmail)
        let password = try body.string("password").map(validPassword)
        let hash: String? = if let password { try await hasher.hash(password) } else { nil }
        let metadata = try body.object("data").map(jsonText)
        // Without autoconfirm a new address takes effect only through the link mailed to it.
        var pendingEmail: String?
        if let requested = email, !configuration.autoconfirm {
            email = nil
            if requested != EmailAddress.normalized(current.email) {
                guard try await !users.emailTaken(requested, byOtherThan: current.id) else { throw Self.emailExists }
                pendingEmail = requested
            }
        }
        let base = pendingEmail == nil ? nil : try linkBase(request)
        // Claimed before anything changes, so that a 429 leaves the user as it was.
        if let pendingEmail { try await claimEmail(pendingEmail) }
        let updated: AuthUser?
        do {
            updated = try await users.updateUser(id: caller.identity.userId!, email: email, passwordHash: hash, userMetadataJSON: metadata)
        } catch is AuthRepository.EmailTaken {
            throw Self.emailExists
        }
        guard let updated else { throw GoTrueError(status: .notFound, errorCode: "user_not_found", message: "User not found") }
        if hash != nil {
            // A new password signs out every other session.
            try await users.revokeSessions(userId: updated.id, except: caller.sessionId, reason: "password_change")
        }
        var object = GoTrueJSON.user(updated)
        if let pendingEmail, let base {
            try await mailToken(to: updated, email: pendingEmail, slot: .emailChange, kind: .emailChange, base: base, redirectTo: redirectParameter(request))
            object["new_email"] = pendingEmail
            object["email_change_sent_at"] = ISO8601.format(Date())
        }
        return GoTrueJSON.response(object)
    }

    private func logout(_ request: Request) async throws -> Response {
        let caller = try await authenticator.authenticateUser(request)
        let userId = caller.identity.userId!
        switch request.uri.queryParameters.get("scope") ?? "global" {
        case "local":
            if let session = caller.sessionId { try await users.revokeSession(session, userId: userId, reason: "logout") }
        case "others":
            try await users.revokeSessions(userId: userId, except: caller.sessionId, reason: "logout")
        case "global":
            try await users.revokeSessions(userId: userId, except: nil, reason: "logout")
        case let other:
            throw GoTrueError(status: .badRequest, errorCode: "validation_failed", message: "scope must be global, local or others, got \(other)")
        }
        return Response(status: .noContent)
    }

    // MARK: Helpers

    func signedInUser(_ request: Request, verified: TokenService.Verified? = nil) async throws -> AuthUser {
        let caller: TokenService.Verified
        if let verified { caller = verified } else { caller = try await authenticator.authenticateUser(request) }
        if let session = caller.sessionId, try await !users.sessionIsActive(session) {
            throw GoTrueError(status: .forbidden, errorCode: "session_not_found", message: "Session from session_id claim in JWT does not exist")
        }
        guard let user = try await users.user(id: caller.identity.userId!) else {
            throw GoTrueError(status: .forbidden, errorCode: "user_not_found", message: "User from sub claim in JWT does not exist")
        }
        return user
    }

    func newSession(for user: AuthUser, request: Request, context: AppRequestContext) async throws -> Response {
        GoTrueJSON.response(try await startSession(for: user, request: request, context: context))
    }

    /// A new session of `user` (its first refresh token, a signed access token) as GoTrue's session JSON.
    func startSession(for user: AuthUser, request: Request, context: AppRequestContext) async throws -> [String: Any] {
        let refresh = AuthRepository.newRefreshToken()
        let expiresAt = Date().addingTimeInterval(TimeInterval(tokens.refreshTokenLifetime.components.seconds))
        let sessionId = try await users.createSession(
            userId: user.id, refreshTokenHash: refresh.hash, expiresAt: expiresAt,
            userAgent: request.headers[.userAgent], address: clientAddress(request, context)
        )
        var signedIn = user
        signedIn.lastSignInAt = Date()
        let access = try await tokens.accessToken(for: signedIn, sessionId: sessionId)
        return GoTrueJSON.session(user: signedIn, accessToken: access.token, expiresAt: access.expiresAt, lifetime: tokens.accessTokenLifetime, refreshToken: refresh.token)
    }

    /// Where the request comes from, as the rate limits see it (`AuthConfiguration.clientAddressHeader`).
    func clientAddress(_ request: Request, _ context: AppRequestContext) -> String {
        ClientAddress.of(request, peer: context.remoteAddress, header: configuration.clientAddressHeader.flatMap { HTTPField.Name($0) })
    }

    private var signInPolicy: AuthRateLimits.SignInPolicy {
        AuthRateLimits.SignInPolicy(
            freeAttempts: configuration.freeSignInAttempts, backoffSeconds: configuration.signInBackoffSeconds,
            maxBackoffSeconds: configuration.maxSignInBackoffSeconds, attemptsPerAddress: configuration.signInAttemptsPerAddress,
            windowSeconds: configuration.throttleWindowSeconds
        )
    }

    /// A valid address in its normal form (`EmailAddress.normalized`: NFC, Unicode lowercase), as it is stored.
    func validEmail(_ email: String?) throws -> String {
        let trimmed = EmailAddress.normalized(email?.trimmingCharacters(in: .whitespaces) ?? "")
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              trimmed.unicodeScalars.count <= 255, !trimmed.contains(" ")
        else {
            throw GoTrueError(status: .badRequest, errorCode: "validation_failed", message: "Unable to validate email address: invalid format")
        }
        return trimmed
    }

    func validPassword(_ password: String?) throws -> String {
        guard let password, password.count >= configuration.minimumPasswordLength else {
            throw GoTrueError(status: .unprocessableContent, errorCode: "weak_password",
                              message: "Password should be at least \(configuration.minimumPasswordLength) characters.", weakPasswordReasons: ["length"])
        }
        // bcrypt reads only the first 72 bytes: refuse longer passwords rather than silently ignore their tail.
        guard password.utf8.count <= 72 else {
            throw GoTrueError(status: .unprocessableContent, errorCode: "weak_password", message: "Password cannot be longer than 72 bytes", weakPasswordReasons: ["length"])
        }
        return password
    }

    func jsonText(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }
}
