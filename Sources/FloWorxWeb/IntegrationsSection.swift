import FloWorxServer
import FloWorxStore
import Foundation
import Hummingbird

/// Connected mailboxes, as one component of the settings pages and the wizard's last step: each mailbox's provider,
/// address and status with "Reconnect" and "Disconnect", and "Connect" for a provider not connected yet. Connecting
/// and disconnecting go through the mailbox API itself (`/api/v1/integrations/…/connect` and `…/disconnect`, with the
/// owner's token), so the OAuth flow, the revocation and the deletion of the tokens are the mailbox code's own.
struct IntegrationsSection: Sendable {
    let web: WebContext

    static let providers = [("gmail", "Gmail"), ("outlook", "Outlook")]

    /// The query of a page the OAuth callback may have come back to (`connected`, `error_description`…).
    static func query(_ request: Request) -> [String: String] {
        Dictionary(request.uri.queryParameters.map { (String($0.key), String($0.value)) }, uniquingKeysWith: { first, _ in first })
    }

    static func label(_ provider: String) -> String {
        providers.first { $0.0 == provider }?.1 ?? provider
    }

    /// The component's data; `returnTo` is the page the OAuth flow comes back to.
    func data(_ session: WebSession, _ context: AppRequestContext, returnTo: String, allowDisconnect: Bool, query: [String: String]) async throws -> [String: Any] {
        let mailboxes = try await BusinessSettingsRepository.integrations(
            on: web.database.tenant(session.identity, liveness: context.liveness), service: web.database.service)
        let rows = mailboxes.map { mailbox -> [String: Any] in
            let (label, css): (String, String) = switch (mailbox.status, mailbox.paused) {
            case ("active", false): ("Active", "active")
            case ("error", _): ("Error: reconnect to resume", "error")
            case ("pending", _): ("Not finished: reconnect", "error")
            default: ("Needs reconnect", "error")
            }
            var row: [String: Any] = [
                "id": mailbox.id.uuidString.lowercased(), "provider": mailbox.provider, "provider_label": Self.label(mailbox.provider),
                "address": mailbox.address ?? "", "status_label": label, "status_class": css, "allowDisconnect": allowDisconnect,
            ]
            if let last = mailbox.lastSyncAt {
                row["last_sync"] = WebFormat.dateTime(last)
                row["last_sync_iso"] = ISO8601DateFormatter().string(from: last)
            }
            if let error = mailbox.lastError, !error.isEmpty { row["last_error"] = String(error.prefix(300)) }
            return row
        }
        let connected = Set(mailboxes.map(\.provider))
        var data: [String: Any] = [
            "mailboxes": rows, "hasMailboxes": !rows.isEmpty, "return_to": returnTo, "show_integrations": true,
            "connectable": Self.providers.filter { !connected.contains($0.0) }.map { ["c_provider": $0.0, "c_label": $0.1] },
        ]
        // What the OAuth callback said when it sent the browser back here.
        if let provider = query["connected"] {
            data["integrationNotice"] = "\(Self.label(provider)) is connected. New mail is sorted from now on."
        } else if let description = query["error_description"] ?? query["error"] {
            data["integrationError"] = "The mailbox was not connected: \(description.prefix(300))"
        } else if query["disconnected"] != nil {
            data["integrationNotice"] = "The mailbox is disconnected: FloWorx no longer reads it, and its access was deleted."
        }
        return data
    }

    /// `POST …/{provider}/connect`: starts the provider's OAuth flow through the API and shows the page that leads
    /// there (a link, not a redirect: the page's Content-Security-Policy lets forms post only to this site).
    func connect(_ request: Request, _ context: AppRequestContext, session: WebSession, provider: String, returnTo: String,
                 failure: (String, HTTPResponse.Status) async throws -> Response) async throws -> Response {
        guard Self.providers.contains(where: { $0.0 == provider }) else { return web.notFound(request, session: session) }
        let target = returnTo.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "/-_"))) ?? "/settings/integrations"
        let answer = try await web.api.call(.post, "/api/v1/integrations/\(provider)/connect?return_to=\(target)", bearer: session.accessToken,
                                            original: request, context: context)
        guard answer.ok, let url = answer.object["authorization_url"] as? String else {
            let status: HTTPResponse.Status = (400..<500).contains(answer.status.code) ? answer.status : .conflict
            return try await failure("\(Self.label(provider)) could not be connected: \(answer.message)", status)
        }
        return web.page(request, "settings-connect", title: "Connect \(Self.label(provider))", data: [
            "provider_label": Self.label(provider), "authorization_url": url, "return_to": returnTo,
        ], session: session, navigation: "settings")
    }

    /// `POST …/{id}/disconnect` with the confirmation ticked: the mailbox API revokes and deletes the tokens.
    /// Another business's mailbox is the same 404 as an unknown one.
    func disconnect(_ request: Request, _ context: AppRequestContext, session: WebSession, id: String, form: FormData,
                    failure: (String, HTTPResponse.Status) async throws -> Response) async throws -> Response {
        guard let uuid = UUID(uuidString: id) else { return web.notFound(request, session: session) }
        guard form["confirm"] == "yes" else {
            return try await failure("Tick “Yes, disconnect” to confirm: FloWorx stops reading that mailbox.", .unprocessableContent)
        }
        let answer = try await web.api.call(.post, "/api/v1/integrations/\(uuid.uuidString.lowercased())/disconnect", bearer: session.accessToken,
                                            original: request, context: context)
        if answer.status == .notFound { return web.notFound(request, session: session) }
        guard answer.ok else {
            let status: HTTPResponse.Status = (400..<500).contains(answer.status.code) ? answer.status : .conflict
            return try await failure("The mailbox could not be disconnected: \(answer.message)", status)
        }
        return web.redirect("/settings/integrations?disconnected=1", cookies: session.cookies)
    }
}
