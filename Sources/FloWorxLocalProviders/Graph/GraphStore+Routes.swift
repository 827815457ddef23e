import Foundation

extension GraphStore {
    /// The operation a request is (its counter name), or `nil` when no route matches.
    nonisolated static func operation(method: String, segments: [String]) -> String? {
        var path = segments
        if path.first == "users", path.count >= 2 { path.replaceSubrange(0...1, with: ["me"]) }
        switch (method, path.count) {
        case ("POST", 1) where path[0] == "subscriptions": return "subscriptions.create"
        case ("GET", 1) where path[0] == "subscriptions": return "subscriptions.list"
        case ("POST", 3) where path[0] == "subscriptions" && path[2] == "reauthorize": return "subscriptions.reauthorize"
        case (_, 2) where path[0] == "subscriptions":
            return ["GET": "subscriptions.get", "PATCH": "subscriptions.update", "DELETE": "subscriptions.delete"][method]
        default: break
        }
        guard path.first == "me" else { return nil }
        let rest = Array(path.dropFirst())
        switch (method, rest.count) {
        case ("GET", 0): return "me.get"
        case ("POST", 1) where rest[0] == "revokeSignInSessions": return "me.revokeSignInSessions"
        case ("GET", 1) where rest[0] == "mailFolders": return "mailFolders.list"
        case ("GET", 2) where rest[0] == "mailFolders": return "mailFolders.get"
        case ("GET", 3) where rest[0] == "mailFolders" && rest[2] == "childFolders": return "childFolders.list"
        case ("POST", 3) where rest[0] == "mailFolders" && rest[2] == "childFolders": return "childFolders.create"
        case ("GET", 3) where rest[0] == "mailFolders" && rest[2] == "messages": return "messages.list"
        case ("GET", 4) where rest[0] == "mailFolders" && rest[2] == "messages" && (rest[3] == "delta" || rest[3] == "delta()"):
            return "messages.delta"
        case (_, 2) where rest[0] == "messages":
            return ["GET": "messages.get", "PATCH": "messages.update", "DELETE": "messages.delete"][method]
        case ("GET", 3) where rest[0] == "messages" && rest[2] == "$value": return "messages.getValue"
        case ("POST", 3) where rest[0] == "messages" && rest[2] == "move": return "messages.move"
        case ("POST", 3) where rest[0] == "messages" && rest[2] == "createReply": return "messages.createReply"
        default: return nil
        }
    }

    /// Serves an admitted request for `email`'s mailbox.
    func handle(_ request: GraphRequest, email: String, operation: String) async -> GraphReply {
        guard let mailbox = mailboxes[email] else { return .itemNotFound() }
        var segments = request.segments
        if segments.first == "users", segments.count >= 2 {
            let who = segments[1].lowercased()
            guard who == mailbox.email.lowercased() || who == mailbox.userId else {
                return .error(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.")
            }
            segments.replaceSubrange(0...1, with: ["me"])
        }
        switch operation {
        case "me.get": return me(request, email: email)
        case "me.revokeSignInSessions":
            revokeTokens(email: email)
            await signInRevoker?(email)
            return .json(200, ["@odata.context": "\(request.serviceRoot)/$metadata#Edm.Boolean", "value": true])
        case "mailFolders.list": return listFolders(request, email: email, parent: mailbox.rootId)
        case "mailFolders.get": return getFolder(request, email: email, reference: segments[2])
        case "childFolders.list":
            guard let parent = mailbox.folderId(segments[2]) else { return .itemNotFound() }
            return listFolders(request, email: email, parent: parent)
        case "childFolders.create": return createFolder(request, email: email, parentReference: segments[2])
        case "messages.list": return listMessages(request, email: email, folderReference: segments[2])
        case "messages.delta": return delta(request, email: email, folderReference: segments[2])
        case "messages.get": return getMessage(request, email: email, reference: segments[2])
        case "messages.update": return updateMessage(request, email: email, reference: segments[2])
        case "messages.delete": return deleteMessage(request, email: email, reference: segments[2])
        case "messages.getValue": return mime(request, email: email, reference: segments[2])
        case "messages.move": return move(request, email: email, reference: segments[2])
        case "messages.createReply": return createReply(request, email: email, reference: segments[2])
        case "subscriptions.create": return await createSubscription(request, email: email)
        case "subscriptions.list": return listSubscriptions(request, email: email)
        case "subscriptions.get": return getSubscription(request, email: email, id: segments[1])
        case "subscriptions.update": return updateSubscription(request, email: email, id: segments[1])
        case "subscriptions.delete": return deleteSubscription(request, email: email, id: segments[1])
        case "subscriptions.reauthorize":
            guard activeSubscriptions(email: email).contains(where: { $0.id == segments[1] }) else { return subscriptionNotFound(segments[1]) }
            return .noContent
        default: return .badRequest("Resource not found for the segment '\(segments.last ?? "")'.")
        }
    }

    func me(_ request: GraphRequest, email: String) -> GraphReply {
        let mailbox = mailboxes[email]!
        let parts = mailbox.displayName.split(separator: " ")
        return .json(200, [
            "@odata.context": "\(request.serviceRoot)/$metadata#users/$entity",
            "businessPhones": [String](),
            "displayName": mailbox.displayName,
            "givenName": parts.first.map(String.init) as Any? ?? NSNull(),
            "jobTitle": NSNull(),
            "mail": mailbox.email,
            "mobilePhone": NSNull(),
            "officeLocation": NSNull(),
            "preferredLanguage": "en-US",
            "surname": parts.count > 1 ? String(parts.last!) : NSNull(),
            "userPrincipalName": mailbox.email,
            "id": mailbox.userId,
        ])
    }

    /// The `Preference-Applied` header for what the request asked and the server honoured.
    nonisolated func preferenceApplied(_ request: GraphRequest, pageSize: Int? = nil) -> [(String, String)] {
        var applied: [String] = []
        if let pageSize, request.maxPageSize != nil { applied.append("odata.maxpagesize=\(pageSize)") }
        if request.immutableIds { applied.append("IdType=\"ImmutableId\"") }
        return applied.isEmpty ? [] : [("Preference-Applied", applied.joined(separator: ","))]
    }
}
