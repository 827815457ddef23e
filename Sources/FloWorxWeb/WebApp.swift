import FloWorxServer
import FloWorxStore
import Foundation
import Hummingbird
import Logging

/// The owner's web app (issue 13): server-rendered pages at `/` on the API's router — sign-up, sign-in, password
/// reset, the inbox and its corrections, analytics. Pages work without JavaScript; `/static/app.js` only adds
/// conveniences (copy a draft). Every read and write runs as the signed-in owner (tenant database path, or the API
/// with the owner's token), so row-level security decides what a page can show. See docs/web.md.
public struct WebApp: Sendable {
    let dependencies: ServerDependencies
    let configuration: WebConfiguration
    let renderer: PageRenderer
    let assets: StaticAssets

    /// Loads the templates and static files; fails when the bundle lacks them.
    public init(dependencies: ServerDependencies, configuration: WebConfiguration = WebConfiguration()) throws {
        self.dependencies = dependencies
        self.configuration = configuration
        renderer = try PageRenderer()
        assets = try StaticAssets()
    }

    /// Adds the pages to `router`, which must already hold the API routes (the web app calls `/auth/v1` and
    /// `/api/v1` through it).
    public func addRoutes(to router: Router<AppRequestContext>) {
        let tokens = dependencies.tokens
        let api = InternalAPI(responder: router.buildResponder(), anonKey: tokens.anonKey)
        let cookies = WebCookies(secure: configuration.secureCookies, sessionSeconds: Int(tokens.refreshTokenLifetime.components.seconds))
        let web = WebContext(
            renderer: renderer, api: api, cookies: cookies, configuration: configuration, database: dependencies.database,
            sessions: WebSessions(tokens: tokens, users: AuthRepository(database: dependencies.database.service), api: api, cookies: cookies),
            profiles: ProfileRepository(database: dependencies.database.service, logger: dependencies.logger), logger: dependencies.logger
        )
        let group = router.group().add(middleware: WebHeadersMiddleware<AppRequestContext>())
        assets.addRoutes(to: group)
        AuthPages(web: web).addRoutes(to: group)
        InboxPages(web: web).addRoutes(to: group)
        AnalyticsPages(web: web).addRoutes(to: group)
        WorkflowPages(web: web).addRoutes(to: group)
        OnboardingPages(web: web).addRoutes(to: group)
        BillingPages(web: web, billing: dependencies.billing, checkout: dependencies.billingCheckout).addRoutes(to: group)
        RulesPages(web: web).addRoutes(to: group)
        SettingsPages(web: web).addRoutes(to: group)
    }
}

/// What every page controller shares: rendering with the CSRF token and session cookies, redirects, the session
/// guard and form reading.
struct WebContext: Sendable {
    let renderer: PageRenderer
    let api: InternalAPI
    let cookies: WebCookies
    let configuration: WebConfiguration
    let database: Database
    let sessions: WebSessions
    let profiles: ProfileRepository
    let logger: Logger

    /// A page, with the browser's CSRF token (a new one set when it had none) and any refreshed session cookies.
    func page(
        _ request: Request, _ template: String, title: String, data: [String: Any] = [:], session: WebSession?,
        status: HTTPResponse.Status = .ok, navigation: String? = nil
    ) -> Response {
        let csrf = CSRFToken.current(request, cookies: cookies)
        var response = renderer.page(template, title: title, data: data, session: session, csrf: csrf.token, status: status, navigation: navigation)
        if let cookie = csrf.cookie { response.setCookie(cookie) }
        response.setCookies(session?.cookies ?? [])
        return response
    }

    /// 303 See Other to a path of this app.
    func redirect(_ location: String, cookies: [Cookie] = []) -> Response {
        var response = Response(status: .seeOther, headers: [.location: location])
        response.setCookies(cookies)
        return response
    }

    /// The signed-in owner; otherwise throws the redirect to the sign-in page (which comes back here afterwards).
    func requireSession(_ request: Request, _ context: AppRequestContext) async throws(WebRedirect) -> WebSession {
        if let session = await sessions.session(request, context) { return session }
        let path = request.uri.path
        let next = path.hasPrefix("/") && !path.hasPrefix("//") ? "?next=" + (path.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "/-_"))) ?? "") : ""
        throw WebRedirect(response: redirect("/signin" + next, cookies: cookies.signedOut))
    }

    /// The posted form when its CSRF token is right; otherwise throws the page that says why (403, or 413 when too
    /// large).
    func form(_ request: Request, session: WebSession?) async throws(WebRedirect) -> FormData {
        guard let form = await FormData.read(request, limit: configuration.formLimit) else {
            throw WebRedirect(response: page(request, "error", title: "Too large", data: [
                "heading": "That was too much text", "message": "The form can hold at most \(configuration.formLimit / 1024) KB. Shorten it and try again.",
            ], session: session, status: .contentTooLarge))
        }
        guard CSRFToken.isValid(form, request) else {
            throw WebRedirect(response: page(request, "error", title: "Form expired", data: [
                "heading": "This form could not be accepted",
                "message": "It was sent without this browser's security token: it expired, cookies are blocked, or another site sent it. Go back, reload the page and try again.",
            ], session: session, status: .forbidden))
        }
        return form
    }

    /// Runs a page handler; a failure it did not expect becomes a page that says so (503), never a bare error.
    func handle(_ request: Request, _ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch let early as WebRedirect {
            return early.response
        } catch {
            logger.error("web page failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return page(request, "error", title: "Something went wrong", data: [
                "heading": "FloWorx could not show this page", "message": "Something failed on our side. Try again in a moment.",
            ], session: nil, status: .serviceUnavailable)
        }
    }

    /// The not-found page (unknown paths and other businesses' email alike).
    func notFound(_ request: Request, session: WebSession?) -> Response {
        page(request, "error", title: "Not found", data: [
            "heading": "Not found", "message": "There is nothing here, or it belongs to someone else.",
        ], session: session, status: .notFound)
    }
}

/// A response that ends a handler early (a redirect or an error page); `WebContext.handle` answers with it.
struct WebRedirect: Error {
    var response: Response
}
