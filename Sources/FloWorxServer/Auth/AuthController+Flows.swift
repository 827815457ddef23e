import FloWorxCore
import FloWorxStore
import Foundation
import Hummingbird
import HTTPTypes
import Logging

/// GoTrue's email flows: `/recover`, `/otp`, `/resend` mail a link and a 6-digit code; `/verify` redeems either,
/// once, for a session (POST: JSON; GET, the link itself: a 303 to `redirect_to` with the session in the fragment).
/// Requests about an address never say whether it has an account: `/recover` answers `{}` either way.
extension AuthController {
    func addFlowRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("recover") { request, _ in await handle { try await recover(request) } }
        group.post("otp") { request, context in await handle { try await otp(request, context) } }
        group.post("resend") { request, _ in await handle { try await resend(request) } }
        group.post("verify") { request, context in await handle { try await verifyPost(request, context) } }
        // The emailed link: opened by a browser, without an API key (as GoTrue's gateway routes it).
        group.get("verify") { request, context in await handle { try await verifyGet(request, context) } }
    }

    var links: AuthLinks {
        AuthLinks(publicURL: publicURL, siteURL: configuration.siteURL, allowedRedirects: configuration.redirectURLs)
    }

    // MARK: Sending

    private func recover(_ request: Request) async throws -> Response {
        _ = try await authenticator.authenticate(request)
        let body = try await JSONObjectBody(request)
        guard body.string("email")?.isEmpty == false else {
            throw GoTrueError(status: .badRequest, errorCode: "validation_failed", message: "Password recovery requires an email")
        }
        let email = try validEmail(body.string("email"))
        let base = try linkBase(request)
        try await claimEmail(email)
        if let user = try await users.user(email: email)?.user {
            try await mailToken(to: user, email: user.email, slot: .recovery, kind: .recovery, base: base, redirectTo: redirectParameter(request))
        }
        return GoTrueJSON.response([String: Any]())
    }

    private func otp(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        _ = try await authenticator.authenticate(request)
        let body = try await JSONObjectBody(request)
        if body.object["phone"] != nil {
            throw GoTrueError(status: .badRequest, errorCode: "phone_provider_disabled", message: "Unsupported phone provider")
        }
        guard body.string("email")?.isEmpty == false else {
            throw GoTrueError(status: .badRequest, errorCode: "validation_failed", message: "One of email or phone must be set")
        }
        let email = try validEmail(body.string("email"))
        let createUser = try optionalBool(body, "create_user") ?? true
        let metadata = try optionalObject(body, "data") ?? [:]
        let base = try linkBase(request)
        var user = try await users.user(email: email)?.user
        if user == nil {
            guard createUser, configuration.signupEnabled else {
                throw GoTrueError(status: .unprocessableContent, errorCode: "otp_disabled", message: "Signups not allowed for otp")
            }
            try await claimSignup(request, context)
            do {
                user = try await users.createUser(email: email, passwordHash: nil, confirmed: false, userMetadataJSON: try jsonText(metadata), appMetadataJSON: "{}")
            } catch is AuthRepository.EmailTaken {
                user = try await users.user(email: email)?.user
            }
        }
        guard let user else { throw Self.userNotFound }
        try await claimEmail(email)
        // An unconfirmed address gets a sign-up confirmation (verifying it signs in too), a confirmed one a magic link.
        if user.emailConfirmedAt == nil {
            try await mailToken(to: user, email: user.email, slot: .confirmation, kind: .signup, base: base, redirectTo: redirectParameter(request))
        } else {
            try await mailToken(to: user, email: user.email, slot: .recovery, kind: .magiclink, base: base, redirectTo: redirectParameter(request))
        }
        return GoTrueJSON.response([String: Any]())
    }

    private func resend(_ request: Request) async throws -> Response {
        _ = try await authenticator.authenticate(request)
        let body = try await JSONObjectBody(request)
        let type = body.string("type")
        guard type == "signup" || type == "email_change" else {
            throw GoTrueError(status: .badRequest, errorCode: "validation_failed", message: "Missing one of these types: signup, email_change")
        }
        guard body.string("email")?.isEmpty == false else {
            throw GoTrueError(status: .badRequest, errorCode: "validation_failed", message: "Type provided requires an email address")
        }
        let email = try validEmail(body.string("email"))
        let base = try linkBase(request)
        try await claimEmail(email)
        // Nothing to resend (no such user, already confirmed, no pending change): `{}` all the same, as GoTrue answers.
        guard let user = try await users.user(email: email)?.user else { return GoTrueJSON.response([String: Any]()) }
        if type == "signup", user.emailConfirmedAt == nil {
            try await mailToken(to: user, email: user.email, slot: .confirmation, kind: .signup, base: base, redirectTo: redirectParameter(request))
        } else if type == "email_change", let newEmail = try await users.pendingEmailChange(userId: user.id) {
            try await mailToken(to: user, email: newEmail, slot: .emailChange, kind: .emailChange, base: base, redirectTo: redirectParameter(request))
        }
        return GoTrueJSON.response([String: Any]())
    }

    /// Issues a token of `slot` for `user`, mails its link and code to `email`.
    func mailToken(to user: AuthUser, email: String, slot: OneTimeTokenSlot, kind: AuthMail.Kind, base: String, redirectTo: String?) async throws {
        // The token remembers the normal form, which is what a code is later presented with (rows from before
        // migration 0024 may spell the address otherwise).
        let token = try await users.issueToken(
            userId: user.id, slot: slot, email: EmailAddress.normalized(email), lifetimeSeconds: configuration.oneTimeTokenLifetimeSeconds)
        let link = links.verifyLink(base: base, token: token.link, type: kind.rawValue, redirectTo: links.redirect(redirectTo))
        do {
            try await mailer.send(AuthMail(kind: kind, to: email, link: link, code: token.code))
        } catch {
            logger.error("auth email could not be sent", metadata: ["kind": "\(kind.rawValue)", "user": "\(user.id)", "error": "\(error)"])
            throw GoTrueError(status: .serviceUnavailable, errorCode: "unexpected_failure", message: "Error sending \(kind.rawValue) email; try again later")
        }
    }

    /// One auth email per address and `emailIntervalSeconds`, whether or not the address has an account.
    func claimEmail(_ email: String) async throws {
        if let wait = try await users.claimAuthEmail(EmailAddress.normalized(email), intervalSeconds: configuration.emailIntervalSeconds) {
            throw GoTrueError(status: .tooManyRequests, errorCode: "over_email_send_rate_limit",
                              message: "For security purposes, you can only request this after \(wait) seconds.", retryAfter: wait)
        }
    }

    /// The base of emailed links, checked before anything is looked up (so its absence says nothing about accounts).
    func linkBase(_ request: Request) throws -> String {
        guard let base = links.base(for: request) else {
            logger.error("auth links need FLOWORX_PUBLIC_URL (the request's host is not a loopback name)")
            throw GoTrueError(status: .serviceUnavailable, errorCode: "unexpected_failure", message: "Email links are not configured on this server (FLOWORX_PUBLIC_URL)")
        }
        return base
    }

    func redirectParameter(_ request: Request) -> String? {
        request.uri.queryParameters.get("redirect_to").flatMap { $0.isEmpty ? nil : $0 }
    }

    // MARK: Verifying

    /// The slots a verification type may redeem (GoTrue: `email` is a sign-up confirmation or a magic link).
    private func slots(for type: String?) throws -> [OneTimeTokenSlot] {
        switch type {
        case "signup", "invite": return [.confirmation]
        case "recovery", "magiclink": return [.recovery]
        case "email": return [.confirmation, .recovery]
        case "email_change": return [.emailChange]
        case nil, "": throw GoTrueError(status: .badRequest, errorCode: "validation_failed", message: "Verify requires a verification type")
        default: throw GoTrueError(status: .badRequest, errorCode: "validation_failed", message: "Unsupported verification type")
        }
    }

    private func verifyPost(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        _ = try await authenticator.authenticate(request)
        let body = try await JSONObjectBody(request)
        let slots = try slots(for: body.string("type"))
        let token = body.string("token").flatMap { $0.isEmpty ? nil : $0 }
        let tokenHash = body.string("token_hash").flatMap { $0.isEmpty ? nil : $0 }
        let presented: AuthRepository.Presented
        switch (token, tokenHash) {
        case (let token?, nil):
            guard body.string("email")?.isEmpty == false else {
                throw GoTrueError(status: .badRequest, errorCode: "validation_failed", message: "Only an email address or phone number should be provided on verify")
            }
            presented = .code(token, email: try validEmail(body.string("email")))
        case (nil, let hash?):
            presented = .link(hash)
        default:
            throw GoTrueError(status: .badRequest, errorCode: "validation_failed", message: "Verify requires either a token or a token hash")
        }
        let user = try await redeem(presented, slots: slots, expiredMessage: "Token has expired or is invalid")
        return GoTrueJSON.response(try await startSession(for: user, request: request, context: context))
    }

    private func verifyGet(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        let type = parameters.get("type")
        let slots = try slots(for: type)
        guard let token = parameters.get("token"), !token.isEmpty else {
            throw GoTrueError(status: .badRequest, errorCode: "validation_failed", message: "Verify requires a token or a token hash")
        }
        let target = links.redirect(parameters.get("redirect_to")) ?? links.base(for: request) ?? "/"
        let fragment: [(String, String)]
        do {
            let user = try await redeem(.link(token), slots: slots, expiredMessage: "Email link is invalid or has expired")
            let session = try await startSession(for: user, request: request, context: context)
            fragment = [
                ("access_token", session["access_token"] as? String ?? ""), ("expires_at", "\(session["expires_at"] ?? "")"),
                ("expires_in", "\(session["expires_in"] ?? "")"), ("refresh_token", session["refresh_token"] as? String ?? ""),
                ("token_type", "bearer"), ("type", type ?? ""), ("sb", ""),
            ]
        } catch let error as GoTrueError {
            // As GoTrue: the failure goes back to the site in the fragment, for the page to show.
            let kind = error.status == .forbidden ? "access_denied" : error.status.code >= 500 ? "server_error" : "invalid_request"
            fragment = [("error", kind), ("error_code", error.errorCode), ("error_description", error.message), ("sb", "")]
        }
        let base = target.split(separator: "#", maxSplits: 1).first.map(String.init) ?? target
        var headers = HTTPFields()
        headers[.location] = base + "#" + Self.formEncoded(fragment)
        headers[.cacheControl] = "no-store"
        return Response(status: .seeOther, headers: headers)
    }

    /// Redeems a presented token; its user, or GoTrue's 403 `otp_expired` (422 `email_exists` for an email change
    /// to an address taken in the meantime).
    private func redeem(_ presented: AuthRepository.Presented, slots: [OneTimeTokenSlot], expiredMessage: String) async throws -> AuthUser {
        switch try await users.redeemToken(presented, slots: slots, maximumCodeAttempts: configuration.codeAttempts) {
        case .redeemed(let user, let slot):
            logger.info("one-time token redeemed", metadata: ["user": "\(user.id)", "slot": "\(slot.rawValue)"])
            return user
        case .invalid:
            throw GoTrueError(status: .forbidden, errorCode: "otp_expired", message: expiredMessage)
        case .emailTaken:
            throw Self.emailExists
        }
    }

    /// `application/x-www-form-urlencoded`, as Go's `url.Values.Encode` writes it (keys in the given order).
    static func formEncoded(_ pairs: [(String, String)]) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~ ")
        func encode(_ text: String) -> String {
            (text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "").replacingOccurrences(of: " ", with: "+")
        }
        return pairs.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }
}
