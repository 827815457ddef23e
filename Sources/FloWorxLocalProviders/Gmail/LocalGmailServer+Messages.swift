import Foundation

/// `users.getProfile`, `watch`, `stop`, `history.list` and `messages.list|get|modify|batchModify`.
extension LocalGmailServer {
    // MARK: Users

    func profile(_ call: Call) throws -> LocalHTTPResponse {
        let mailbox = try box(call)
        let threads = Set(mailbox.messages.values.map(\.threadID)).count
        return try GmailRender.json([
            "emailAddress": mailbox.email, "historyId": String(mailbox.historyID),
            "messagesTotal": mailbox.messages.count, "threadsTotal": threads,
        ])
    }

    func watch(_ call: Call) throws -> LocalHTTPResponse {
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

    func stopWatch(_ call: Call) -> LocalHTTPResponse {
        mailboxes[call.email]?.watch = nil
        return .empty(204)
    }

    // MARK: History

    func historyList(_ call: Call) throws -> LocalHTTPResponse {
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

    func messagesList(_ call: Call) throws -> LocalHTTPResponse {
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

    func messagesGet(_ call: Call) throws -> LocalHTTPResponse {
        let mailbox = try box(call)
        guard let message = mailbox.messages[call.parts[1]] else { throw GmailAPIError.notFound }
        let format = try self.format(call.request)
        return try GmailRender.json(
            GmailRender.message(message, format: format, metadataHeaders: call.request.queryValues("metadataHeaders")))
    }

    func messagesModify(_ call: Call) throws -> LocalHTTPResponse {
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

    func messagesBatchModify(_ call: Call) throws -> LocalHTTPResponse {
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
}
