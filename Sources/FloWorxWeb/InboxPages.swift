import FloWorxCore
import FloWorxServer
import FloWorxStore
import Foundation
import Hummingbird

/// The inbox: processed email newest first with its category, urgency and flags, filtered by GET forms and paged;
/// one email's page with why it was classified so, what was found in it, its draft (editable) and the form that
/// corrects its category (recorded through the API for the business's triage learning).
struct InboxPages: Sendable {
    let web: WebContext

    static let urgencies = ["critical", "high", "normal", "low"]
    static let statuses = ["processed", "escalated", "pending", "failed"]

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("inbox") { request, context in await web.handle(request) { try await list(request, context) } }
        group.get("inbox/:id") { request, context in await web.handle(request) { try await detail(request, context) } }
        group.post("inbox/:id/draft") { request, context in await web.handle(request) { try await saveDraft(request, context) } }
        group.post("inbox/:id/category") { request, context in await web.handle(request) { try await correct(request, context) } }
    }

    // MARK: List

    private func list(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let session = try await web.requireSession(request, context)
        let query = request.uri.queryParameters
        // One profile read per page: the categories, the time zone and whether the business is set up.
        let profile = try await web.profiles.profiles([session.userId])[session.userId]
        let categories = Self.categoryNames(profile)
        func chosen(_ name: String, among allowed: [String]) -> String? {
            query.get(name).flatMap { allowed.contains($0) ? $0 : nil }
        }
        let page = max(1, min(10_000, Int(query.get("page") ?? "") ?? 1))
        let size = web.configuration.pageSize
        var filter = InboxRepository.Filter(
            category: chosen("category", among: categories), urgency: chosen("urgency", among: Self.urgencies),
            status: chosen("status", among: Self.statuses), from: Self.day(query.get("from")), to: Self.day(query.get("to")),
            limit: size, offset: (page - 1) * size
        )
        if let from = filter.from, let to = filter.to, from > to { (filter.from, filter.to) = (to, from) }
        let result = try await InboxRepository.list(filter, on: web.database.tenant(session.identity, liveness: context.liveness))
        let zone = WebFormat.zone(of: profile)
        var parameters: [(String, String)] = []
        for (name, value) in [("category", filter.category), ("urgency", filter.urgency), ("status", filter.status), ("from", filter.from), ("to", filter.to)] {
            if let value { parameters.append((name, value)) }
        }
        func link(page: Int) -> String {
            "/inbox?" + (parameters + [("page", "\(page)")]).map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        }
        var data: [String: Any] = [
            "emails": result.rows.map { Self.summary($0, zone: zone) },
            "zone": zone.identifier,
            "empty": result.rows.isEmpty,
            "filtered": !parameters.isEmpty,
            "welcome": query.get("welcome") == "1",
            "needsSetup": profile?.industry == nil,
            "categories": categories.map { ["value": $0, "label": Self.label($0), "selected": $0 == filter.category] },
            "urgencies": Self.urgencies.map { ["value": $0, "label": $0.capitalized, "selected": $0 == filter.urgency] },
            "statuses": Self.statuses.map { ["value": $0, "label": $0.capitalized, "selected": $0 == filter.status] },
            "from": filter.from ?? "", "to": filter.to ?? "",
            "page": page,
        ]
        // Only present keys open a Mustache section (an empty string would too).
        if page > 1 { data["newer"] = link(page: page - 1) }
        if result.hasMore { data["older"] = link(page: page + 1) }
        return web.page(request, "inbox", title: "Inbox", data: data, session: session, navigation: "inbox")
    }

    // MARK: Detail

    private func detail(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let session = try await web.requireSession(request, context)
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let email = try await InboxRepository.detail(id: id, on: web.database.tenant(session.identity, liveness: context.liveness))
        else { return web.notFound(request, session: session) }
        return try await detailPage(request, email, session: session)
    }

    /// "Open in Gmail / Outlook" for mail synced from a connected mailbox: Gmail opens the message by its id, Outlook
    /// by its Graph id through the documented OWA deeplink (Graph's `webLink` is not stored).
    static func mailboxLink(_ source: InboxRepository.Source?) -> [String: String]? {
        guard let source, !source.messageId.isEmpty,
              let id = source.messageId.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_."))
        else { return nil }
        switch source.provider {
        case "gmail": return ["url": "https://mail.google.com/mail/u/0/#all/\(id)", "label": "Open in Gmail"]
        case "outlook": return ["url": "https://outlook.office.com/mail/deeplink/read/\(id)", "label": "Open in Outlook"]
        default: return nil
        }
    }

    private func detailPage(_ request: Request, _ email: InboxRepository.Detail, session: WebSession, error: String? = nil,
                            status: HTTPResponse.Status = .ok, draft: String? = nil) async throws -> Response {
        let tenant = web.database.tenant(session.identity)
        let profile = try await web.profiles.profiles([session.userId])[session.userId]
        let zone = WebFormat.zone(of: profile)
        var data = Self.summary(email.row, zone: zone)
        data["mailbox"] = Self.mailboxLink(try await InboxRepository.source(id: email.row.id, on: tenant))
        let classification = email.classificationJSON.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] } ?? [:]
        data["to"] = email.toEmail
        data["body"] = email.body ?? ""
        data["reasons"] = (classification["reasons"] as? [String]) ?? []
        data["confidence"] = (classification["confidence"] as? Double).map { "\(Int(($0 * 100).rounded())) %" }
        data["sentiment"] = classification["sentiment"] as? String
        let entities = (classification["entities"] as? [String: Any]) ?? [:]
        data["entities"] = entities.keys.sorted().map { ["name": Self.label($0), "value": "\(entities[$0] ?? "")"] }
        data["classifiedAs"] = email.classifiedCategory.map(Self.label)
        data["rules"] = email.rules
        data["hasRules"] = !email.rules.isEmpty
        data["hasReasons"] = !((classification["reasons"] as? [String]) ?? []).isEmpty
        data["hasEntities"] = !entities.isEmpty
        data["draft"] = draft ?? email.draft ?? ""
        data["hasDraftText"] = (draft ?? email.draft) != nil
        data["draftByOwner"] = email.draftAuthor == "owner"
        data["categoryOptions"] = Self.categoryNames(profile).map { ["value": $0, "label": Self.label($0), "selected": $0 == email.row.category] }
        let query = request.uri.queryParameters
        if query.get("saved") == "draft" { data["notice"] = "Draft saved." }
        if query.get("corrected") == "1" {
            data["notice"] = query.get("learned") == "0"
                ? "Category changed. FloWorx recorded it but will not learn from this sender (it is one of your own addresses or suppliers)."
                : "Category changed. FloWorx will learn from this correction."
        }
        if let error { data["error"] = error }
        return web.page(request, "email", title: email.row.subject ?? "(no subject)", data: data, session: session, status: status, navigation: "inbox")
    }

    private func saveDraft(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let session = try await web.requireSession(request, context)
        let form = try await web.form(request, session: session)
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { return web.notFound(request, session: session) }
        let tenant = web.database.tenant(session.identity, liveness: context.liveness)
        guard let text = form.text("draft") else {
            guard let email = try await InboxRepository.detail(id: id, on: tenant) else { return web.notFound(request, session: session) }
            return try await detailPage(request, email, session: session, error: "The draft is empty: write a reply, then save.", status: .unprocessableContent, draft: "")
        }
        guard try await InboxRepository.saveOwnerDraft(emailLogId: id, text: text, tenant: tenant, service: web.database.service) else {
            return web.notFound(request, session: session)
        }
        return web.redirect("/inbox/\(id.uuidString.lowercased())?saved=draft#draft", cookies: session.cookies)
    }

    private func correct(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let session = try await web.requireSession(request, context)
        let form = try await web.form(request, session: session)
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { return web.notFound(request, session: session) }
        let path = "/api/v1/emails/\(id.uuidString.lowercased())/category"
        let answer = try await web.api.call(.post, path, json: ["category": form["category"] ?? ""], bearer: session.accessToken, original: request, context: context)
        if answer.status == .notFound { return web.notFound(request, session: session) }
        guard answer.ok else {
            guard let email = try await InboxRepository.detail(id: id, on: web.database.tenant(session.identity, liveness: context.liveness)) else {
                return web.notFound(request, session: session)
            }
            return try await detailPage(request, email, session: session, error: answer.message, status: .unprocessableContent)
        }
        let learned = answer.object["learned"] as? Bool ?? true
        return web.redirect("/inbox/\(id.uuidString.lowercased())?corrected=1&learned=\(learned ? 1 : 0)#category", cookies: session.cookies)
    }

    // MARK: Helpers

    /// The categories of the owner's business (its industry's), as the correction API accepts them.
    private static func categoryNames(_ profile: ClientProfile?) -> [String] {
        let industry = profile?.industry
        return (industry?.categories ?? Category.common).map(\.rawValue)
    }

    /// What a list row and the detail page show of an email.
    static func summary(_ row: InboxRepository.Row, zone: TimeZone = TimeZone(identifier: "UTC")!) -> [String: Any] {
        var summary: [String: Any] = [
            "id": row.id.uuidString.lowercased(),
            "subject": row.subject.flatMap { $0.isEmpty ? nil : $0 } ?? "(no subject)",
            "from": row.fromEmail,
            "received": WebFormat.dateTime(row.receivedAt, in: zone),
            "receivedISO": WebFormat.iso(row.receivedAt),
            "category": row.category.map(label) ?? "Not classified",
            "categoryClass": row.category.map { "cat-\($0.lowercased())" } ?? "cat-none",
            "escalated": row.status == "escalated",
            "afterHours": row.afterHours == true,
            "hasDraft": row.hasDraft,
            "status": row.status,
        ]
        if let urgency = row.urgency {
            summary["urgency"] = urgency
            summary["urgencyLabel"] = urgency.capitalized
        }
        return summary
    }

    /// `GOOGLE_REVIEW` → `Google review`, `contact_name` → `Contact name`.
    static func label(_ raw: String) -> String {
        let words = raw.replacingOccurrences(of: "_", with: " ").lowercased()
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// A `YYYY-MM-DD` day from a date input, or `nil`.
    static func day(_ text: String?) -> String? {
        guard let text, text.count == 10 else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        guard let date = formatter.date(from: text), formatter.string(from: date) == text else { return nil }
        return text
    }
}
