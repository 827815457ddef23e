import FloWorxServer
import FloWorxStore
import FloWorxTestSupport
import FloWorxWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PostgresNIO
import Testing

/// FloWorx's HTTP application with the web app, on a fresh migrated database, and a browser-like client of it: each
/// `Browser` keeps its own cookies and reads the CSRF token from the pages it loads.
struct WebTestApp: Sendable {
    let db: TestDatabase
    let client: any TestClientProtocol

    static let password = "Correct-Horse-7-battery"

    static func with<Result: Sendable>(
        configuration: WebConfiguration = WebConfiguration(),
        mailer: (any AuthMailer)? = nil,
        configure: (inout ServerDependencies) -> Void = { _ in },
        _ body: @Sendable (WebTestApp) async throws -> Result
    ) async throws -> Result {
        try await TestDatabase.with { db in
            let secret = (0..<24).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max)) }.joined()
            let keyring = "k1:" + Data((0..<32).map { _ in UInt8.random(in: .min ... .max) }).base64EncodedString()
            var dependencies = ServerDependencies(
                database: db.database, tokens: try await TokenService.make(secret: secret), cipher: try CredentialCipher(keyring: keyring),
                configuration: ServerConfiguration(host: "127.0.0.1", port: 0, publicURL: "http://floworx.test", auth: AuthConfiguration()),
                logger: TestCluster.logger
            )
            if let mailer { dependencies.authMailer = mailer }
            configure(&dependencies)
            let web = try WebApp(dependencies: dependencies, configuration: configuration)
            dependencies.additionalRoutes = { router in web.addRoutes(to: router) }
            return try await FloWorxServer.application(dependencies).test(.router) { client in
                try await body(WebTestApp(db: db, client: client))
            }
        }
    }

    /// A new email address.
    static func uniqueEmail(_ who: String = "owner") -> String {
        "\(who)-\(UUID().uuidString.prefix(8).lowercased())@example.com"
    }

    /// Stores one processed email of `owner` (as the pipeline would: the log and its classification), returning its id.
    func addEmail(owner: UUID, subject: String, category: String = "SUPPORT", urgency: String = "high", draft: String? = "Thanks, we will call you.") async throws -> UUID {
        let service = db.database.service
        let id = try await service.query("""
            INSERT INTO public.email_logs (client_id, message_id, from_email, to_email, subject, body, status)
            VALUES (\(owner), \(UUID().uuidString), 'customer@example.net', 'office@example.com', \(subject), 'Our furnace stopped. 780-555-0142', 'processed')
            RETURNING id
            """).collect().first!.decode(UUID.self)
        let classified = #"{"email_log_id": "\#(id.uuidString.lowercased())", "category": "\#(category)", "urgency": "\#(urgency)", "confidence": 0.91, "sentiment": "negative", "reasons": ["mentions a broken furnace"], "entities": {"phone": "780-555-0142"}, "after_hours": true}"#
        _ = try await service.query("""
            INSERT INTO public.analytics_events (client_id, event_type, event_data) VALUES (\(owner), 'email_classified', \(classified)::jsonb)
            """).collect()
        if let draft {
            _ = try await service.query("INSERT INTO public.ai_responses (email_log_id, response_text, model_used) VALUES (\(id), \(draft), 'template')").collect()
        }
        return id
    }

    /// The id of the account with `email`.
    func userId(_ email: String) async throws -> UUID {
        try await db.database.service.query("SELECT id FROM auth.users WHERE email = \(email)").collect().first!.decode(UUID.self)
    }
}

/// A browser: its cookies, and the CSRF token of the last page it loaded.
final class Browser: @unchecked Sendable {
    let app: WebTestApp
    var cookies: [String: String] = [:]
    var csrf: String?
    /// The `Set-Cookie` headers of the last response.
    var lastSetCookies: [String] = []

    init(_ app: WebTestApp) { self.app = app }

    @discardableResult
    func get(_ path: String) async throws -> TestResponse {
        try await send(.get, path, body: nil)
    }

    /// Posts `fields` as a form; the CSRF token of the last page goes along unless `fields` names one.
    @discardableResult
    func post(_ path: String, _ fields: [String: String], withToken: Bool = true) async throws -> TestResponse {
        var all = fields
        if withToken, all["_csrf"] == nil, let csrf { all["_csrf"] = csrf }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let text = all.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
        return try await send(.post, path, body: text)
    }

    private func send(_ method: HTTPRequest.Method, _ path: String, body: String?) async throws -> TestResponse {
        var headers = HTTPFields()
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if body != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        let response = try await app.client.executeRequest(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        lastSetCookies = response.headers[values: .setCookie]
        for header in lastSetCookies {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            let name = String(pair[0]), value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty || header.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        let html = String(buffer: response.body)
        if let range = html.range(of: #"name="_csrf" value="([^"]+)""#, options: .regularExpression) {
            csrf = String(html[range].dropFirst(#"name="_csrf" value=""#.count).dropLast())
        }
        return response
    }

    /// Signs a new owner up through the form; returns the address.
    func signUp(_ email: String = WebTestApp.uniqueEmail()) async throws -> String {
        try await get("/signup")
        let response = try await post("/signup", ["email": email, "password": WebTestApp.password, "password_confirm": WebTestApp.password])
        try #require(response.status == .seeOther, "sign-up: \(response.status) \(String(buffer: response.body).prefix(500))")
        return email
    }
}

/// Keeps the auth emails the API sends (recovery codes), for tests to read.
actor CapturingMailer: AuthMailer {
    private(set) var mails: [AuthMail] = []

    func send(_ mail: AuthMail) async throws {
        mails.append(mail)
    }
}
