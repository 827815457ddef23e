import Foundation

/// The Gmail API over HTTP: authentication, routing, quota and each method as the discovery document defines it.
extension LocalGmailServer {
    static let apiPrefix = "/gmail/v1/users/"

    /// One authenticated call: the mailbox it acts on and the request.
    struct Call {
        var email: String
        var request: LocalHTTPRequest
        var parts: [String]
    }

    /// `path` with its `{userId}` segment replaced (so a fault injected for `/gmail/v1/users/me/...` or for
    /// `/gmail/v1/users/<email>/...` matches whichever form the client used).
    static func path(_ path: String, userID: String) -> String {
        guard path.hasPrefix(apiPrefix) else { return path }
        let rest = path.dropFirst(apiPrefix.count)
        let tail = rest.firstIndex(of: "/").map { rest[$0...] } ?? ""
        return apiPrefix + userID + tail
    }

    func handle(_ request: LocalHTTPRequest) async -> LocalHTTPResponse {
        if request.path.hasPrefix(Self.localPrefix) { return handleLocal(request) }
        // Faults for every mailbox (`.../users/me/...`, or any non-Gmail path) hit before authentication, like a
        // front end's 503; faults naming one mailbox's address are matched once the token has named the mailbox.
        if let fault = faults.take(method: request.method, path: Self.path(request.path, userID: "me")) {
            return faultResponse(fault, path: request.path)
        }
        if let answer = await oauth.handle(request) { return answer }
        guard request.path.hasPrefix(Self.apiPrefix) else { return GmailAPIError.notFound.response }
        let parts = request.path.dropFirst(Self.apiPrefix.count).split(separator: "/", omittingEmptySubsequences: false)
            .map { String($0).removingPercentEncoding ?? String($0) }
        guard let userID = parts.first, !userID.isEmpty else { return GmailAPIError.notFound.response }

        guard let authorization = request.header("Authorization"), authorization.lowercased().hasPrefix("bearer "),
            case .valid(let email, let scopes) = await oauth.check(accessToken: String(authorization.dropFirst(7)))
        else { return GmailAPIError.unauthenticated.response }
        guard userID == "me" || userID.caseInsensitiveCompare(email) == .orderedSame else {
            return GmailAPIError.delegationDenied(userID).response
        }
        guard mailboxes[email] != nil else { return GmailAPIError.notFound.response }
        if let fault = faults.take(method: request.method, path: Self.path(request.path, userID: email)) {
            return faultResponse(fault, path: request.path)
        }
        let rest = Array(parts.dropFirst())
        guard let method = Self.methodID(request.method, rest) else { return GmailAPIError.notFound.response }
        let allowed =
            scopes.contains("https://www.googleapis.com/auth/gmail.modify") || scopes.contains("https://mail.google.com/")
            || (request.method == "GET" && scopes.contains("https://www.googleapis.com/auth/gmail.readonly"))
        guard allowed else { return GmailAPIError.insufficientScope.response }

        methodCalls[method, default: 0] += 1
        mailboxes[email]?.calls[method, default: 0] += 1
        let units = GmailQuota.units[method] ?? 1
        if let wait = mailboxes[email]?.quota.charge(units) {
            return GmailAPIError.userRateLimited(retryAfter: wait).response
        }
        mailboxes[email]?.units += units

        let call = Call(email: email, request: request, parts: rest)
        do {
            let before = mailboxes[email]?.historyID ?? 0
            let answer = try perform(method, call)
            afterChange(email: email, since: before, byClient: true)
            return answer
        } catch let error as GmailAPIError {
            return error.response
        } catch {
            return GmailAPIError.badRequest("\(error)").response
        }
    }

    private func faultResponse(_ fault: InjectedFault, path: String) -> LocalHTTPResponse {
        if path.hasPrefix(Self.apiPrefix) {
            return GmailAPIError.injected(status: fault.status, retryAfter: fault.retryAfterSeconds).response
        }
        // The OAuth endpoints answer in their own format.
        var headers: [(String, String)] = []
        if let seconds = fault.retryAfterSeconds { headers.append(("Retry-After", String(seconds))) }
        let body = #"{"error":"internal_failure","error_description":"Backend Error"}"#
        return .json(fault.status, Data(body.utf8), headers: headers)
    }

    /// The discovery document's method id for a request, `nil` when no method matches.
    static func methodID(_ method: String, _ rest: [String]) -> String? {
        switch (method, rest.count, rest.first ?? "") {
        case ("GET", 1, "profile"): "getProfile"
        case ("POST", 1, "watch"): "watch"
        case ("POST", 1, "stop"): "stop"
        case ("GET", 1, "history"): "history.list"
        case ("GET", 1, "messages"): "messages.list"
        case ("POST", 2, "messages") where rest[1] == "batchModify": "messages.batchModify"
        case ("GET", 2, "messages"): "messages.get"
        case ("POST", 3, "messages") where rest[2] == "modify": "messages.modify"
        case ("GET", 1, "labels"): "labels.list"
        case ("POST", 1, "labels"): "labels.create"
        case ("GET", 2, "labels"): "labels.get"
        case ("DELETE", 2, "labels"): "labels.delete"
        case ("PUT", 2, "labels"): "labels.update"
        case ("PATCH", 2, "labels"): "labels.patch"
        case ("GET", 1, "drafts"): "drafts.list"
        case ("POST", 1, "drafts"): "drafts.create"
        case ("GET", 2, "drafts"): "drafts.get"
        case ("PUT", 2, "drafts"): "drafts.update"
        case ("DELETE", 2, "drafts"): "drafts.delete"
        default: nil
        }
    }

    private func perform(_ method: String, _ call: Call) throws -> LocalHTTPResponse {
        switch method {
        case "getProfile": return try profile(call)
        case "watch": return try watch(call)
        case "stop": return stopWatch(call)
        case "history.list": return try historyList(call)
        case "messages.list": return try messagesList(call)
        case "messages.get": return try messagesGet(call)
        case "messages.modify": return try messagesModify(call)
        case "messages.batchModify": return try messagesBatchModify(call)
        case "labels.list": return labelsList(call)
        case "labels.get": return try labelsGet(call)
        case "labels.create": return try labelsCreate(call)
        case "labels.update", "labels.patch": return try labelsUpdate(call, patch: method == "labels.patch")
        case "labels.delete": return try labelsDelete(call)
        case "drafts.list": return try draftsList(call)
        case "drafts.get": return try draftsGet(call)
        case "drafts.create": return try draftsCreate(call)
        case "drafts.update": return try draftsUpdate(call)
        case "drafts.delete": return try draftsDelete(call)
        default: throw GmailAPIError.notFound
        }
    }

    // MARK: Users

    private func profile(_ call: Call) throws -> LocalHTTPResponse {
        let mailbox = try box(call)
        let threads = Set(mailbox.messages.values.map(\.threadID)).count
        return try GmailRender.json([
            "emailAddress": mailbox.email, "historyId": String(mailbox.historyID),
            "messagesTotal": mailbox.messages.count, "threadsTotal": threads,
        ])
    }

    private func watch(_ call: Call) throws -> LocalHTTPResponse {
        let body = try GmailRender.object(call.request.body, allowed: ["labelFilterAction", "labelFilterBehavior", "labelIds", "topicName"], at: "")
        guard let topic = body["topicName"] as? String, !topic.isEmpty else {
            throw GmailAPIError.invalidArgument("Invalid topicName does not match projects/SOME-PROJECT/topics/SOME-TOPIC")
        }
        guard topic.range(of: #"^projects/[^/]+/topics/[^/]+$"#, options: .regularExpression) != nil else {
            throw GmailAPIError.invalidArgument("Invalid topicName does not match projects/SOME-PROJECT/topics/SOME-TOPIC")
        }
        guard pushRoutes[topic] != nil else {
            throw GmailAPIError(code: 404, message: "Resource not found (resource=\(topic.split(separator: "/").last ?? "")).", reason: "notFound", status: "NOT_FOUND")
        }
        let labelIDs = try GmailRender.strings(body["labelIds"], at: "labelIds")
        let action = (body["labelFilterBehavior"] ?? body["labelFilterAction"]) as? String ?? "include"
        guard ["include", "exclude"].contains(action) else {
            throw GmailAPIError.invalidArgument("Invalid value at 'request.label_filter_behavior'")
        }
        var mailbox = try box(call)
        for id in labelIDs where mailbox.labels[id] == nil { throw GmailAPIError.invalidArgument("Invalid label: \(id)") }
        let expiration = Date().addingTimeInterval(configuration.watchLifetime)
        mailbox.watch = GmailMailbox.Watch(
            topicName: topic, labelIDs: labelIDs, excludeLabels: action == "exclude", expiration: expiration)
        mailboxes[call.email] = mailbox
        return try GmailRender.json([
            "historyId": String(mailbox.historyID), "expiration": String(Int64(expiration.timeIntervalSince1970 * 1000)),
        ])
    }

    private func stopWatch(_ call: Call) -> LocalHTTPResponse {
        mailboxes[call.email]?.watch = nil
        return .empty(204)
    }

    // MARK: History

    private func historyList(_ call: Call) throws -> LocalHTTPResponse {
        let mailbox = try box(call)
        let request = call.request
        guard let startText = request.queryValue("startHistoryId") else {
            throw GmailAPIError.invalidArgument("Missing required field: startHistoryId")
        }
        guard let start = UInt64(startText) else { throw GmailAPIError.invalidArgument("Invalid startHistoryId") }
        let pageSize = try pageSize(request, default: 100)
        var after = start
        if let token = request.queryValue("pageToken") {
            guard let decoded = GmailRender.decodePageToken(token, kind: "h"), decoded >= start else {
                throw GmailAPIError.invalidArgument("Invalid pageToken")
            }
            after = decoded
        }
        // Google: a startHistoryId outside the available range (typically older than about a week) answers 404.
        guard start >= mailbox.historyFloor, after >= mailbox.historyFloor else { throw GmailAPIError.notFound }
        let types = Set(request.queryValues("historyTypes"))
        let known: Set<String> = ["messageAdded", "messageDeleted", "labelAdded", "labelRemoved"]
        for type in types where !known.contains(type) {
            throw GmailAPIError.invalidArgument("Invalid value at 'history_types' (type.googleapis.com/google.apps.gmail.v1.ListHistoryRequest.HistoryType), \"\(type)\"")
        }
        let labelID = request.queryValue("labelId")
        let matching = mailbox.history.filter { record in
            guard record.id > after else { return false }
            if let labelID, !(record.labelIDs + record.labelsRemoved).contains(labelID) { return false }
            guard !types.isEmpty else { return true }
            return (types.contains("messageAdded") && record.added) || (types.contains("messageDeleted") && record.deleted)
                || (types.contains("labelAdded") && !record.labelsAdded.isEmpty)
                || (types.contains("labelRemoved") && !record.labelsRemoved.isEmpty)
        }
        let page = Array(matching.prefix(pageSize))
        var body: [String: Any] = ["historyId": String(mailbox.historyID)]
        if !page.isEmpty { body["history"] = page.map { GmailRender.history($0, types: types) } }
        if matching.count > page.count, let last = page.last {
            body["nextPageToken"] = GmailRender.pageToken(kind: "h", last.id)
        }
        return try GmailRender.json(body)
    }

    // MARK: Messages

    private func messagesList(_ call: Call) throws -> LocalHTTPResponse {
        let mailbox = try box(call)
        let request = call.request
        let pageSize = try pageSize(request, default: 100)
        let labelIDs = request.queryValues("labelIds")
        let includeSpamTrash = request.queryValue("includeSpamTrash") == "true"
        let query = try GmailQuery(request.queryValue("q") ?? "", labels: mailbox)
        let all = mailbox.messageOrder.reversed().compactMap { mailbox.messages[$0] }.filter { message in
            if !includeSpamTrash, message.labelIDs.contains("SPAM") || message.labelIDs.contains("TRASH") { return false }
            return labelIDs.allSatisfy { message.labelIDs.contains($0) } && query.matches(message)
        }
        let offset = try request.queryValue("pageToken").map { token -> Int in
            guard let value = GmailRender.decodePageToken(token, kind: "m") else {
                throw GmailAPIError.invalidArgument("Invalid pageToken")
            }
            return Int(value)
        } ?? 0
        let page = Array(all.dropFirst(offset).prefix(pageSize))
        var body: [String: Any] = ["resultSizeEstimate": all.count]
        if !page.isEmpty { body["messages"] = page.map { ["id": $0.id, "threadId": $0.threadID] } }
        if offset + page.count < all.count { body["nextPageToken"] = GmailRender.pageToken(kind: "m", UInt64(offset + page.count)) }
        return try GmailRender.json(body)
    }

    private func messagesGet(_ call: Call) throws -> LocalHTTPResponse {
        let mailbox = try box(call)
        guard let message = mailbox.messages[call.parts[1]] else { throw GmailAPIError.notFound }
        let format = try self.format(call.request)
        return try GmailRender.json(
            GmailRender.message(message, format: format, metadataHeaders: call.request.queryValues("metadataHeaders")))
    }

    private func messagesModify(_ call: Call) throws -> LocalHTTPResponse {
        let body = try GmailRender.object(
            call.request.body, allowed: ["addLabelIds", "removeLabelIds", "addClassificationLabels", "removeClassificationLabelIds"], at: "")
        let add = try GmailRender.strings(body["addLabelIds"], at: "addLabelIds")
        let remove = try GmailRender.strings(body["removeLabelIds"], at: "removeLabelIds")
        var mailbox = try box(call)
        let id = call.parts[1]
        guard mailbox.messages[id] != nil else { throw GmailAPIError.notFound }
        try checkLabels(add + remove, in: mailbox)
        mailbox.modify(messageID: id, add: add, remove: remove)
        mailboxes[call.email] = mailbox
        guard let message = mailbox.messages[id] else { throw GmailAPIError.notFound }
        return try GmailRender.json(["id": message.id, "threadId": message.threadID, "labelIds": message.labelIDs])
    }

    private func messagesBatchModify(_ call: Call) throws -> LocalHTTPResponse {
        let body = try GmailRender.object(
            call.request.body,
            allowed: ["ids", "addLabelIds", "removeLabelIds", "addClassificationLabels", "removeClassificationLabelIds"], at: "")
        let ids = try GmailRender.strings(body["ids"], at: "ids")
        guard !ids.isEmpty else { throw GmailAPIError.invalidArgument("No message ids specified.") }
        guard ids.count <= 1000 else { throw GmailAPIError.invalidArgument("Too many ids specified (max 1000).") }
        let add = try GmailRender.strings(body["addLabelIds"], at: "addLabelIds")
        let remove = try GmailRender.strings(body["removeLabelIds"], at: "removeLabelIds")
        var mailbox = try box(call)
        try checkLabels(add + remove, in: mailbox)
        // Unknown ids are skipped silently, as Gmail's batchModify does.
        for id in ids where mailbox.messages[id] != nil { mailbox.modify(messageID: id, add: add, remove: remove) }
        mailboxes[call.email] = mailbox
        return .empty(204)
    }

    // MARK: Labels

    private func labelsList(_ call: Call) -> LocalHTTPResponse {
        guard let mailbox = mailboxes[call.email] else { return GmailAPIError.notFound.response }
        let labels = mailbox.labelOrder.compactMap { mailbox.labels[$0] }.map { GmailRender.label($0, counts: nil) }
        return (try? GmailRender.json(["labels": labels])) ?? .empty(500)
    }

    private func labelsGet(_ call: Call) throws -> LocalHTTPResponse {
        let mailbox = try box(call)
        guard let label = mailbox.labels[call.parts[1]] else { throw GmailAPIError.notFound }
        return try GmailRender.json(GmailRender.label(label, counts: mailbox))
    }

    private static let labelFields = [
        "color", "id", "labelListVisibility", "messageListVisibility", "messagesTotal", "messagesUnread", "name",
        "threadsTotal", "threadsUnread", "type",
    ]

    private func labelsCreate(_ call: Call) throws -> LocalHTTPResponse {
        let body = try GmailRender.object(call.request.body, allowed: Self.labelFields, at: "label")
        guard let name = (body["name"] as? String)?.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
            throw GmailAPIError.invalidArgument("Invalid label name")
        }
        var mailbox = try box(call)
        if GmailMailbox.systemLabels.contains(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame }) {
            throw GmailAPIError.invalidArgument("Invalid label name")
        }
        if mailbox.userLabel(named: name) != nil { throw GmailAPIError.labelExists }
        let id = "Label_\(mailbox.nextUserLabel)"
        mailbox.nextUserLabel += 1
        var label = GmailMailbox.Label(
            id: id, name: name, type: "user", messageListVisibility: "show", labelListVisibility: "labelShow")
        try applyLabelFields(body, to: &label)
        mailbox.labels[id] = label
        mailbox.labelOrder.append(id)
        mailboxes[call.email] = mailbox
        return try GmailRender.json(GmailRender.label(label, counts: nil))
    }

    private func labelsUpdate(_ call: Call, patch: Bool) throws -> LocalHTTPResponse {
        let body = try GmailRender.object(call.request.body, allowed: Self.labelFields, at: "label")
        var mailbox = try box(call)
        guard var label = mailbox.labels[call.parts[1]] else { throw GmailAPIError.notFound }
        guard label.type == "user" else { throw GmailAPIError.invalidArgument("Invalid label: \(label.id)") }
        if let name = body["name"] as? String {
            if let other = mailbox.userLabel(named: name), other.id != label.id { throw GmailAPIError.labelExists }
            label.name = name
        } else if !patch {
            throw GmailAPIError.invalidArgument("Invalid label name")
        }
        try applyLabelFields(body, to: &label)
        mailbox.labels[label.id] = label
        mailboxes[call.email] = mailbox
        return try GmailRender.json(GmailRender.label(label, counts: nil))
    }

    private func applyLabelFields(_ body: [String: Any], to label: inout GmailMailbox.Label) throws {
        if let value = body["messageListVisibility"] {
            guard let text = value as? String, ["show", "hide"].contains(text) else {
                throw GmailAPIError.invalidArgument("Invalid value at 'label.message_list_visibility'")
            }
            label.messageListVisibility = text
        }
        if let value = body["labelListVisibility"] {
            guard let text = value as? String, ["labelShow", "labelShowIfUnread", "labelHide"].contains(text) else {
                throw GmailAPIError.invalidArgument("Invalid value at 'label.label_list_visibility'")
            }
            label.labelListVisibility = text
        }
        if let value = body["color"] {
            guard let color = value as? [String: Any], let text = color["textColor"] as? String,
                let background = color["backgroundColor"] as? String, color.count == 2
            else { throw GmailAPIError.invalidArgument("Invalid value at 'label.color'") }
            label.color = ["textColor": text, "backgroundColor": background]
        }
    }

    private func labelsDelete(_ call: Call) throws -> LocalHTTPResponse {
        var mailbox = try box(call)
        guard let label = mailbox.labels[call.parts[1]] else { throw GmailAPIError.notFound }
        guard label.type == "user" else { throw GmailAPIError.invalidArgument("Invalid delete request") }
        removeLabel(label.id, from: &mailbox)
        mailboxes[call.email] = mailbox
        return .empty(204)
    }

    // MARK: Drafts

    private func draftsList(_ call: Call) throws -> LocalHTTPResponse {
        let mailbox = try box(call)
        let pageSize = try pageSize(call.request, default: 100)
        let all = mailbox.draftOrder.reversed().compactMap { id -> [String: Any]? in
            guard let draft = mailbox.drafts[id], let message = mailbox.messages[draft.messageID] else { return nil }
            return ["id": id, "message": ["id": message.id, "threadId": message.threadID]]
        }
        let offset = try call.request.queryValue("pageToken").map { token -> Int in
            guard let value = GmailRender.decodePageToken(token, kind: "d") else {
                throw GmailAPIError.invalidArgument("Invalid pageToken")
            }
            return Int(value)
        } ?? 0
        let page = Array(all.dropFirst(offset).prefix(pageSize))
        var body: [String: Any] = ["resultSizeEstimate": all.count]
        if !page.isEmpty { body["drafts"] = page }
        if offset + page.count < all.count { body["nextPageToken"] = GmailRender.pageToken(kind: "d", UInt64(offset + page.count)) }
        return try GmailRender.json(body)
    }

    private func draftsGet(_ call: Call) throws -> LocalHTTPResponse {
        let mailbox = try box(call)
        guard let draft = mailbox.drafts[call.parts[1]], let message = mailbox.messages[draft.messageID] else {
            throw GmailAPIError.notFound
        }
        let format = try self.format(call.request)
        return try GmailRender.json(["id": draft.id, "message": GmailRender.message(message, format: format, metadataHeaders: [])])
    }

    /// The `message` of a Draft body: its raw bytes and requested thread.
    private func draftMessage(_ body: [String: Any]) throws -> (raw: Data, threadID: String?) {
        guard let message = body["message"] as? [String: Any] else {
            throw GmailAPIError.invalidArgument("Missing draft message")
        }
        let allowed = Set([
            "classificationLabelValues", "historyId", "id", "internalDate", "labelIds", "payload", "raw", "sizeEstimate",
            "snippet", "threadId",
        ])
        if let unknown = message.keys.first(where: { !allowed.contains($0) }) {
            throw GmailAPIError(
                code: 400, message: "Invalid JSON payload received. Unknown name \"\(unknown)\" at 'draft.message': Cannot find field.",
                reason: "invalid", status: "INVALID_ARGUMENT")
        }
        guard let rawText = message["raw"] as? String, !rawText.isEmpty else {
            throw GmailAPIError.invalidArgument("Missing draft message")
        }
        guard let raw = GmailRender.decodeBase64(rawText) else {
            throw GmailAPIError.invalidArgument("Invalid value at 'draft.message.raw' (TYPE_BYTES), Base64 decoding failed")
        }
        if let thread = message["threadId"], !(thread is String) {
            throw GmailAPIError.invalidArgument("Invalid value at 'draft.message.thread_id' (TYPE_STRING)")
        }
        return (raw, message["threadId"] as? String)
    }

    private func draftsCreate(_ call: Call) throws -> LocalHTTPResponse {
        let body = try GmailRender.object(call.request.body, allowed: ["id", "message"], at: "draft")
        let (raw, requested) = try draftMessage(body)
        var mailbox = try box(call)
        if let requested, !mailbox.threadExists(requested) { throw GmailAPIError.notFound }
        let id = newMessageID()
        let thread = mailbox.threadFor(GmailMIME(raw), requested: requested, newID: id)
        let message = mailbox.add(id: id, threadID: thread, raw: raw, labelIDs: ["DRAFT"])
        let draftID = newDraftID()
        mailbox.drafts[draftID] = GmailMailbox.Draft(id: draftID, messageID: message.id, editedByOwner: false)
        mailbox.draftOrder.append(draftID)
        mailboxes[call.email] = mailbox
        return try GmailRender.json(["id": draftID, "message": ["id": message.id, "threadId": message.threadID, "labelIds": message.labelIDs]])
    }

    private func draftsUpdate(_ call: Call) throws -> LocalHTTPResponse {
        let body = try GmailRender.object(call.request.body, allowed: ["id", "message"], at: "draft")
        let (raw, requested) = try draftMessage(body)
        var mailbox = try box(call)
        let draftID = call.parts[1]
        guard let draft = mailbox.drafts[draftID], let old = mailbox.messages[draft.messageID] else {
            throw GmailAPIError.notFound
        }
        if let bodyID = body["id"] as? String, bodyID != draftID {
            throw GmailAPIError.invalidArgument("Draft id in the request body does not match the id in the path")
        }
        let id = newMessageID()
        let thread = mailbox.threadFor(GmailMIME(raw), requested: requested ?? old.threadID, newID: id)
        mailbox.delete(messageID: old.id)
        let message = mailbox.add(id: id, threadID: thread, raw: raw, labelIDs: ["DRAFT"])
        mailbox.drafts[draftID] = GmailMailbox.Draft(id: draftID, messageID: message.id, editedByOwner: false)
        mailboxes[call.email] = mailbox
        return try GmailRender.json(["id": draftID, "message": ["id": message.id, "threadId": message.threadID, "labelIds": message.labelIDs]])
    }

    private func draftsDelete(_ call: Call) throws -> LocalHTTPResponse {
        var mailbox = try box(call)
        guard let draft = mailbox.drafts.removeValue(forKey: call.parts[1]) else { throw GmailAPIError.notFound }
        mailbox.draftOrder.removeAll { $0 == draft.id }
        mailbox.delete(messageID: draft.messageID)
        mailboxes[call.email] = mailbox
        return .empty(204)
    }

    // MARK: Helpers

    private func box(_ call: Call) throws -> GmailMailbox {
        guard let mailbox = mailboxes[call.email] else { throw GmailAPIError.notFound }
        return mailbox
    }

    private func checkLabels(_ ids: [String], in mailbox: GmailMailbox) throws {
        for id in ids where mailbox.labels[id] == nil { throw GmailAPIError.invalidArgument("Invalid label: \(id)") }
    }

    private func pageSize(_ request: LocalHTTPRequest, default value: Int) throws -> Int {
        guard let text = request.queryValue("maxResults") else { return value }
        guard let number = Int(text), number >= 0 else {
            throw GmailAPIError.invalidArgument("Invalid value at 'max_results' (TYPE_UINT32), \"\(text)\"")
        }
        return number == 0 ? value : min(number, configuration.maxPageSize)
    }

    private func format(_ request: LocalHTTPRequest) throws -> String {
        let format = request.queryValue("format") ?? "full"
        guard ["minimal", "full", "raw", "metadata"].contains(format) else {
            throw GmailAPIError.invalidArgument("Invalid value at 'format' (type.googleapis.com/google.apps.gmail.v1.GetMessageRequest.Format), \"\(format)\"")
        }
        return format
    }
}
