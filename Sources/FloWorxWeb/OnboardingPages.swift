import FloWorxCore
import FloWorxServer
import Foundation
import Hummingbird

/// Setting the business up after sign-up: name, type (which chooses its categories), mail domain, time zone and
/// opening hours, as one form over the onboarding API (`POST /api/v1/onboarding`), which validates every field and
/// names each problem by its path; the page shows them beside the fields they are about.
struct OnboardingPages: Sendable {
    let web: WebContext

    static let days = [("mon", "Monday"), ("tue", "Tuesday"), ("wed", "Wednesday"), ("thu", "Thursday"), ("fri", "Friday"),
                       ("sat", "Saturday"), ("sun", "Sunday")]
    /// The API's paths, and the form field each is about.
    static let fields = [
        ("client_config.business.name", "business_name"), ("client_config.business.type", "business_type"),
        ("client_config.business.email_domain", "email_domain"), ("client_config.business.timezone", "timezone"),
        ("business_hours.timezone", "timezone"), ("business_hours", "opens"),
    ]

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("onboarding") { request, context in
            await web.handle(request) {
                let session = try await web.requireSession(request, context)
                return form(request, session: session, values: FormData(text: ""), errors: [], status: .ok)
            }
        }
        group.post("onboarding") { request, context in await web.handle(request) { try await submit(request, context) } }
    }

    private func submit(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let session = try await web.requireSession(request, context)
        let posted = try await web.form(request, session: session)
        let timezone = posted.text("timezone") ?? ""
        var business: [String: Any] = ["name": posted.text("business_name") ?? "", "type": posted.text("business_type") ?? "", "timezone": timezone]
        if let domain = posted.text("email_domain") { business["email_domain"] = domain }
        let opens = posted.text("opens") ?? "08:00", closes = posted.text("closes") ?? "17:00"
        var weekly: [String: Any] = [:]
        for (day, _) in Self.days where posted["day_\(day)"] != nil { weekly[day] = [[opens, closes]] }
        let document: [String: Any] = [
            "client_config": ["version": 1, "business": business],
            "business_hours": ["timezone": timezone, "hours": ["version": 1, "weekly": weekly]],
        ]
        let answer = try await web.api.call(.post, "/api/v1/onboarding", json: document, bearer: session.accessToken, original: request, context: context)
        switch answer.status.code {
        case 200..<300, 409:
            // 409: this business was set up already (another tab): the inbox is where the owner wanted to go.
            return web.redirect("/inbox?welcome=1", cookies: session.cookies)
        default:
            let problems = (answer.object["errors"] as? [[String: Any]]) ?? [["path": "", "message": answer.message]]
            return form(request, session: session, values: posted, errors: problems, status: .unprocessableContent)
        }
    }

    private func form(_ request: Request, session: WebSession, values: FormData, errors: [[String: Any]], status: HTTPResponse.Status) -> Response {
        let chosenType = values["business_type"] ?? ""
        let chosenZone = values["timezone"] ?? "America/New_York"
        let firstVisit = values["business_name"] == nil
        var fieldErrors: [String: String] = [:]
        let listed = errors.map { problem -> [String: Any] in
            let path = problem["path"] as? String ?? ""
            let field = Self.fields.first { path == $0.0 || path.hasPrefix($0.0 + ".") || path.hasPrefix($0.0 + "[") }?.1
            let message = "\(path.isEmpty ? "" : Self.label(path) + ": ")\(problem["message"] as? String ?? "is not valid")"
            if let field, fieldErrors[field] == nil { fieldErrors[field] = message }
            return ["message": message, "field": field ?? "business_name"]
        }
        var data: [String: Any] = [
            "business_name": values["business_name"] ?? "",
            "email_domain": values["email_domain"] ?? "",
            "opens": values["opens"] ?? "08:00", "closes": values["closes"] ?? "17:00",
            "types": Industry.allCases.map { ["value": $0.rawValue, "label": InboxPages.label($0.rawValue), "selected": $0.rawValue == chosenType] },
            "zones": TimeZone.knownTimeZoneIdentifiers.filter { $0.contains("/") && !$0.hasPrefix("Etc/") }.sorted()
                .map { ["value": $0, "selected": $0 == chosenZone] },
            "days": Self.days.map { day, name in
                ["value": day, "label": name, "checked": firstVisit ? !["sat", "sun"].contains(day) : values["day_\(day)"] != nil] as [String: Any]
            },
        ]
        if !listed.isEmpty {
            data["problems"] = listed
            data["hasProblems"] = true
        }
        for (field, message) in fieldErrors { data["error_\(field)"] = message }
        return web.page(request, "onboarding", title: "Set up your business", data: data, session: session, status: status)
    }

    /// `client_config.business.name` → `Business name` (what the owner sees of an API path).
    static func label(_ path: String) -> String {
        for (api, field) in fields where path == api || path.hasPrefix(api + ".") {
            return field == "opens" ? "Opening hours" : InboxPages.label(field)
        }
        return path
    }
}
