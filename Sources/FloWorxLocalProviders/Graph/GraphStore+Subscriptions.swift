import Foundation

extension GraphStore {
    static let payloadError = "Could not process subscription creation payload. Are all property names spelled and camelCased properly? Also are the dateTimeOffest properties in a valid internet date and time format?"

    func subscriptionContext(_ request: GraphRequest) -> String { "\(request.serviceRoot)/$metadata#subscriptions/$entity" }

    /// Subscriptions of `email` that have not expired (expired ones are dropped, as Graph deletes them).
    func activeSubscriptions(email: String) -> [GraphSubscription] {
        let now = Date()
        for (id, subscription) in subscriptions where subscription.expirationDateTime <= now { subscriptions[id] = nil }
        return subscriptions.values.filter { $0.mailbox == email }
    }

    /// The folder a subscription resource watches: `.some(nil)` for every message, `nil` when not supported.
    func scope(ofResource resource: String, email: String) -> String?? {
        guard var segments = GraphRequest.segments(ofPath: "/v1.0/" + resource.drop { $0 == "/" }) else { return nil }
        let mailbox = mailboxes[email]!
        if segments.first?.lowercased() == "users", segments.count >= 2 {
            let who = segments[1].lowercased()
            guard who == mailbox.email.lowercased() || who == mailbox.userId else { return nil }
            segments.replaceSubrange(0...1, with: ["me"])
        }
        let lower = segments.map { $0.lowercased() }
        if lower == ["me", "messages"] { return .some(nil) }
        if lower.count == 4, lower[0] == "me", lower[1] == "mailfolders", lower[3] == "messages",
           let folder = mailbox.folderId(segments[2]) {
            return .some(folder)
        }
        return nil
    }

    /// The expiration problem Graph reports for `date`, if any.
    func expirationProblem(_ date: Date) -> GraphReply? {
        if date <= Date() {
            return .badRequest("Subscription expiration can only be \(configuration.maxSubscriptionMinutes) minutes in the future.", code: "ExtensionError")
        }
        if date > Date().addingTimeInterval(Double(configuration.maxSubscriptionMinutes) * 60) {
            return .badRequest("Subscription expiration can only be \(configuration.maxSubscriptionMinutes) minutes in the future.", code: "ExtensionError")
        }
        return nil
    }

    /// `POST /subscriptions`: validates the payload, then the notification (and lifecycle) endpoint with the
    /// `validationToken` handshake, and only then creates the subscription.
    func createSubscription(_ request: GraphRequest, email: String) async -> GraphReply {
        guard let body = GraphJSON.object(request.body),
              let changeType = body["changeType"] as? String,
              let notificationUrl = body["notificationUrl"] as? String,
              let resource = body["resource"] as? String,
              let expirationText = body["expirationDateTime"] as? String,
              let expiration = GraphJSON.date(expirationText)
        else { return .badRequest(Self.payloadError, code: "InvalidRequest") }
        let types = Set(changeType.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        guard !types.isEmpty, types.isSubset(of: ["created", "updated", "deleted"]) else {
            return .badRequest("Invalid 'changeType' attribute: '\(changeType)'.", code: "InvalidRequest")
        }
        let clientState = body["clientState"] as? String
        if let clientState, clientState.count > 128 {
            return .badRequest("'clientState' is too long. The maximum length is 128 characters.", code: "InvalidRequest")
        }
        guard let url = URL(string: notificationUrl), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            return .badRequest("Invalid 'notificationUrl' attribute: '\(notificationUrl)'.", code: "InvalidRequest")
        }
        let lifecycleUrl = body["lifecycleNotificationUrl"] as? String
        guard let folderScope = scope(ofResource: resource, email: email) else {
            return .badRequest("Resource '\(resource)' is not supported or not found.", code: "ExtensionError")
        }
        if let problem = expirationProblem(expiration) { return problem }
        let id = UUID().uuidString.lowercased()
        for target in [notificationUrl] + (lifecycleUrl.map { [$0] } ?? []) {
            switch await notifier.validate(url: target, subscriptionId: id) {
            case .accepted: continue
            case .rejected:
                return .badRequest("Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.", code: "ValidationError")
            case .mismatch:
                return .badRequest("Subscription validation request failed. Response must exactly match validationToken query parameter.", code: "ValidationError")
            case .timedOut:
                return .badRequest("Subscription validation request timed out.", code: "InvalidRequest")
            }
        }
        guard let mailbox = mailboxes[email] else { return .itemNotFound() }
        let subscription = GraphSubscription(
            id: id, mailbox: email, resource: resource, folderId: folderScope, changeTypes: types, changeType: changeType,
            notificationUrl: notificationUrl, lifecycleNotificationUrl: lifecycleUrl, clientState: clientState,
            expirationDateTime: expiration, immutableIds: request.immutableIds, creatorId: mailbox.userId,
            applicationId: configuration.applicationId,
            latestSupportedTlsVersion: body["latestSupportedTlsVersion"] as? String ?? "v1_2")
        subscriptions[id] = subscription
        return .json(201, subscription.json(context: subscriptionContext(request)))
    }

    func subscriptionNotFound(_ id: String) -> GraphReply {
        .error(404, "ResourceNotFound", "The object was not found.")
    }

    func listSubscriptions(_ request: GraphRequest, email: String) -> GraphReply {
        let list = activeSubscriptions(email: email).sorted { $0.id < $1.id }
        return .json(200, [
            "@odata.context": "\(request.serviceRoot)/$metadata#subscriptions",
            "value": list.map { var object = $0.json(context: ""); object["@odata.context"] = nil; return object },
        ])
    }

    func getSubscription(_ request: GraphRequest, email: String, id: String) -> GraphReply {
        guard let subscription = activeSubscriptions(email: email).first(where: { $0.id == id }) else { return subscriptionNotFound(id) }
        return .json(200, subscription.json(context: subscriptionContext(request)))
    }

    /// `PATCH /subscriptions/{id}`: renews (`expirationDateTime`, within the maximum) and reauthorizes.
    func updateSubscription(_ request: GraphRequest, email: String, id: String) -> GraphReply {
        guard var subscription = activeSubscriptions(email: email).first(where: { $0.id == id }) else { return subscriptionNotFound(id) }
        guard let body = GraphJSON.object(request.body) else { return .badRequest(Self.payloadError, code: "InvalidRequest") }
        if let text = body["expirationDateTime"] as? String {
            guard let date = GraphJSON.date(text) else { return .badRequest(Self.payloadError, code: "InvalidRequest") }
            if let problem = expirationProblem(date) { return problem }
            subscription.expirationDateTime = date
        }
        if let url = body["notificationUrl"] as? String { subscription.notificationUrl = url }
        subscriptions[id] = subscription
        return .json(200, subscription.json(context: subscriptionContext(request)))
    }

    func deleteSubscription(_ request: GraphRequest, email: String, id: String) -> GraphReply {
        guard activeSubscriptions(email: email).contains(where: { $0.id == id }) else { return subscriptionNotFound(id) }
        subscriptions[id] = nil
        return .noContent
    }

    // MARK: Change notifications

    /// Notifies the mailbox's subscriptions of a created, updated or moved message (`before`: its previous folder,
    /// `nil` when new). A folder subscription sees a move in as `created` and a move out as `deleted`.
    func changed(email: String, message: GraphMessage, before: String?) {
        for subscription in activeSubscriptions(email: email) {
            let type: String?
            if let scope = subscription.folderId {
                let now = message.folderId == scope
                let was = before == scope
                type = now && was ? "updated" : now ? "created" : was ? "deleted" : nil
            } else {
                type = before == nil ? "created" : "updated"
            }
            if let type { send(subscription, message: message, changeType: type) }
        }
    }

    func notifySubscribers(email: String, message: GraphMessage, changeType: String, folderScope: String) {
        for subscription in activeSubscriptions(email: email) where subscription.folderId == nil || subscription.folderId == folderScope {
            send(subscription, message: message, changeType: changeType)
        }
    }

    func send(_ subscription: GraphSubscription, message: GraphMessage, changeType: String) {
        guard subscription.changeTypes.contains(changeType), let mailbox = mailboxes[subscription.mailbox] else { return }
        let id = message.id(immutable: subscription.immutableIds)
        let resource = "Users/\(mailbox.userId)/Messages/\(id)"
        var item: [String: Any] = [
            "subscriptionId": subscription.id,
            "subscriptionExpirationDateTime": GraphJSON.fractional(subscription.expirationDateTime),
            "changeType": changeType,
            "resource": resource,
            "resourceData": [
                "@odata.type": "#Microsoft.Graph.Message", "@odata.id": resource,
                "@odata.etag": "W/\"\(message.changeKey)\"", "id": id,
            ],
            "tenantId": configuration.tenantId,
        ]
        item["clientState"] = subscription.clientState ?? NSNull()
        notifier.send(kind: .change, subscriptionId: subscription.id, url: subscription.notificationUrl, event: changeType,
                      messageId: message.immutableId, body: GraphJSON.encode(["value": [item]]))
    }

    /// Sends a lifecycle notification to the subscription's `lifecycleNotificationUrl`; `subscriptionRemoved`
    /// also removes the subscription.
    func sendLifecycle(subscriptionId: String, event: GraphLifecycleEvent) throws {
        guard let subscription = subscriptions[subscriptionId] else { throw LocalGraphError.unknownSubscription(subscriptionId) }
        guard let url = subscription.lifecycleNotificationUrl else {
            throw LocalGraphError("subscription \(subscriptionId) has no lifecycleNotificationUrl")
        }
        var item: [String: Any] = [
            "subscriptionId": subscription.id,
            "subscriptionExpirationDateTime": GraphJSON.fractional(subscription.expirationDateTime),
            "tenantId": configuration.tenantId,
            "lifecycleEvent": event.rawValue,
        ]
        item["clientState"] = subscription.clientState ?? NSNull()
        if event == .missed {
            item["resource"] = subscription.resource
        }
        if event == .subscriptionRemoved { subscriptions[subscriptionId] = nil }
        notifier.send(kind: .lifecycle, subscriptionId: subscription.id, url: url, event: event.rawValue, messageId: nil,
                      body: GraphJSON.encode(["value": [item]]))
    }

    func expireSubscription(id: String) throws {
        guard subscriptions.removeValue(forKey: id) != nil else { throw LocalGraphError.unknownSubscription(id) }
    }

    func subscriptionSnapshots(email: String?) -> [GraphSubscriptionSnapshot] {
        let list = email.map { activeSubscriptions(email: $0.lowercased()) } ?? Array(subscriptions.values)
        return list.sorted { $0.id < $1.id }.map {
            GraphSubscriptionSnapshot(id: $0.id, email: mailboxes[$0.mailbox]?.email ?? $0.mailbox, resource: $0.resource,
                                      changeType: $0.changeType, notificationUrl: $0.notificationUrl,
                                      lifecycleNotificationUrl: $0.lifecycleNotificationUrl, clientState: $0.clientState,
                                      expirationDateTime: $0.expirationDateTime)
        }
    }
}
