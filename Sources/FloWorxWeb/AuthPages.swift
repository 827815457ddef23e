import FloWorxServer
import Foundation
import Hummingbird

/// Sign-up, sign-in, sign-out and password reset, as forms over the auth API (`/auth/v1`): its validation, sign-in
/// throttling, sign-up limits and recovery mail apply unchanged. A new session becomes two `HttpOnly` cookies.
struct AuthPages: Sendable {
    let web: WebContext

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/") { request, context in
            await web.handle(request) {
                await web.sessions.session(request, context) == nil ? web.redirect("/signin") : web.redirect("/inbox")
            }
        }
        group.get("signin") { request, context in
            await web.handle(request) { signInPage(request, email: nil, error: nil, status: .ok) }
        }
        group.post("signin") { request, context in await web.handle(request) { try await signIn(request, context) } }
        group.get("signup") { request, _ in await web.handle(request) { signUpPage(request, email: nil, error: nil, status: .ok) } }
        group.post("signup") { request, context in await web.handle(request) { try await signUp(request, context) } }
        group.post("signout") { request, context in await web.handle(request) { try await signOut(request, context) } }
        group.get("reset") { request, _ in
            await web.handle(request) { web.page(request, "reset-request", title: "Reset your password", session: nil) }
        }
        group.post("reset") { request, context in await web.handle(request) { try await requestReset(request, context) } }
        group.get("reset/new") { request, _ in
            await web.handle(request) {
                web.page(request, "reset-new", title: "Choose a new password", data: ["email": request.uri.queryParameters.get("email") ?? ""], session: nil)
            }
        }
        group.post("reset/new") { request, context in await web.handle(request) { try await setNewPassword(request, context) } }
    }

    // MARK: Pages

    private func signInPage(_ request: Request, email: String?, error: String?, status: HTTPResponse.Status) -> Response {
        var data: [String: Any] = ["email": email ?? "", "next": safeNext(request.uri.queryParameters.get("next")) ?? ""]
        if let error { data["error"] = error }
        if request.uri.queryParameters.get("reset") == "done" { data["notice"] = "Your password was changed. Sign in with the new one." }
        if request.uri.queryParameters.get("signedout") == "1" { data["notice"] = "You are signed out." }
        if !web.configuration.demoAccounts.isEmpty, let password = web.configuration.demoPassword {
            data["demo"] = ["accounts": web.configuration.demoAccounts, "password": password]
        }
        return web.page(request, "signin", title: "Sign in", data: data, session: nil, status: status)
    }

    private func signUpPage(_ request: Request, email: String?, error: String?, status: HTTPResponse.Status) -> Response {
        var data: [String: Any] = ["email": email ?? ""]
        if let error { data["error"] = error }
        return web.page(request, "signup", title: "Create your account", data: data, session: nil, status: status)
    }

    // MARK: Actions

    private func signIn(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await web.form(request, session: nil)
        let email = form.text("email") ?? ""
        let answer = try await web.api.call(.post, "/auth/v1/token?grant_type=password", json: ["email": email, "password": form["password"] ?? ""],
                                            original: request, context: context)
        guard answer.ok, let cookies = sessionCookies(answer) else {
            let message = answer.object["error_code"] as? String == "invalid_credentials" ? "That email and password do not match an account." : answer.message
            return signInPage(request, email: email, error: message, status: answer.status.code == 429 ? .tooManyRequests : .unprocessableContent)
        }
        return web.redirect(safeNext(form["next"]) ?? "/inbox", cookies: cookies)
    }

    private func signUp(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await web.form(request, session: nil)
        let email = form.text("email") ?? ""
        let password = form["password"] ?? ""
        guard password == form["password_confirm"] ?? "" else {
            return signUpPage(request, email: email, error: "The two passwords are not the same.", status: .unprocessableContent)
        }
        let answer = try await web.api.call(.post, "/auth/v1/signup", json: ["email": email, "password": password], original: request, context: context)
        guard answer.ok else {
            let message = answer.object["error_code"] as? String == "user_already_exists" ? "An account with this email already exists. Sign in instead." : answer.message
            return signUpPage(request, email: email, error: message, status: answer.status.code == 429 ? .tooManyRequests : .unprocessableContent)
        }
        // Without autoconfirm the API mails a confirmation link and starts no session.
        guard let cookies = sessionCookies(answer) else {
            return web.page(request, "notice", title: "Confirm your email", data: [
                "heading": "Check your email", "message": "We sent a confirmation link to \(email). Open it, then sign in.",
            ], session: nil)
        }
        return web.redirect("/onboarding", cookies: cookies)
    }

    private func signOut(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let session = await web.sessions.session(request, context)
        _ = try await web.form(request, session: session)
        if let session {
            // This browser's session only: the owner's other devices stay signed in.
            _ = try await web.api.call(.post, "/auth/v1/logout?scope=local", bearer: session.accessToken, original: request, context: context)
        }
        return web.redirect("/signin?signedout=1", cookies: web.cookies.signedOut)
    }

    private func requestReset(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await web.form(request, session: nil)
        let email = form.text("email") ?? ""
        let answer = try await web.api.call(.post, "/auth/v1/recover", json: ["email": email], original: request, context: context)
        guard answer.ok else {
            return web.page(request, "reset-request", title: "Reset your password", data: ["email": email, "error": answer.message], session: nil,
                            status: answer.status.code == 429 ? .tooManyRequests : .unprocessableContent)
        }
        // The same answer whether or not the address has an account (the API's rule).
        let query = email.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return web.redirect("/reset/new?email=\(query)")
    }

    private func setNewPassword(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await web.form(request, session: nil)
        let email = form.text("email") ?? ""
        func again(_ message: String, _ status: HTTPResponse.Status) -> Response {
            web.page(request, "reset-new", title: "Choose a new password", data: ["email": email, "error": message], session: nil, status: status)
        }
        let password = form["password"] ?? ""
        guard password == form["password_confirm"] ?? "" else { return again("The two passwords are not the same.", .unprocessableContent) }
        // The emailed link signs the owner in for the reset (app.js hands its access token over from the URL
        // fragment); without JavaScript the 6-digit code from the same email does it.
        let access: String
        if let linked = form.text("access_token") {
            access = linked
        } else if let code = form.text("code") {
            let session = try await web.api.call(.post, "/auth/v1/verify", json: ["type": "recovery", "email": email, "token": code],
                                                 original: request, context: context)
            guard session.ok, let token = session.object["access_token"] as? String else {
                return again(session.status.code == 403 ? "That code is wrong or has expired. Ask for a new email." : session.message,
                             session.status.code == 429 ? .tooManyRequests : .unprocessableContent)
            }
            access = token
        } else {
            return again("Enter the code from the email.", .unprocessableContent)
        }
        let update = try await web.api.call(.put, "/auth/v1/user", json: ["password": password], bearer: access, original: request, context: context)
        guard update.ok else { return again(update.message, .unprocessableContent) }
        // The recovery session was only for this change.
        _ = try await web.api.call(.post, "/auth/v1/logout?scope=local", bearer: access, original: request, context: context)
        return web.redirect("/signin?reset=done", cookies: web.cookies.signedOut)
    }

    // MARK: Helpers

    /// The session cookies of a GoTrue session answer.
    private func sessionCookies(_ answer: InternalAPI.Answer) -> [Cookie]? {
        guard let access = answer.object["access_token"] as? String, let refresh = answer.object["refresh_token"] as? String else { return nil }
        return web.cookies.session(accessToken: access, refreshToken: refresh)
    }

    /// A path of this app to return to after signing in: absolute paths only, never another site.
    private func safeNext(_ next: String?) -> String? {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), !next.contains(":") else { return nil }
        return next
    }
}
