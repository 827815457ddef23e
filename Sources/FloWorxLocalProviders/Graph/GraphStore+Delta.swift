import Foundation

extension GraphStore {
    /// `GET /me/mailFolders/{id}/messages/delta`: pages of changed messages and `@removed` entries, then a
    /// `@odata.deltaLink`; a token from before `expireDelta` answers 410 Gone (`SyncStateNotFound`).
    func delta(_ request: GraphRequest, email: String, folderReference: String) -> GraphReply {
        let mailbox = mailboxes[email]!
        guard let folder = mailbox.folderId(folderReference) else { return .itemNotFound() }
        var state: GraphDeltaToken
        if let text = request.query["$deltatoken"] ?? request.query["$skiptoken"] {
            let isDelta = request.query["$deltatoken"] != nil
            guard let token = GraphDeltaToken(text), token.mailbox == mailbox.userId, token.folderId == folder else {
                return .badRequest("The delta token is not valid.", code: "InvalidDeltaToken")
            }
            guard token.generation == mailbox.deltaGeneration else {
                let code = mailbox.expiredDeltaCode
                let message = code == "SyncStateNotFound"
                    ? "The sync state generation is not found; generation=\(token.generation);[highest=\(mailbox.deltaGeneration)]."
                    : "Resync required. Replace any local cached copies of the resource with the values returned by an initial delta request."
                return .error(410, code, message)
            }
            state = token
            if isDelta {
                state.initial = false
                state.since = token.until
                state.after = token.until
                state.until = mailbox.seq
            }
        } else {
            var minReceived = 0.0
            var strictlyAfter = false
            if let filter = request.query["$filter"] {
                let parts = filter.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
                guard parts.count == 3, parts[0] == "receivedDateTime", parts[1] == "ge" || parts[1] == "gt",
                      let date = GraphJSON.date(parts[2]) else {
                    return .badRequest("The $filter of a messages delta may only compare receivedDateTime with ge or gt.", code: "ErrorInvalidUrlQueryFilter")
                }
                minReceived = date.timeIntervalSince1970
                strictlyAfter = parts[1] == "gt"
            }
            state = GraphDeltaToken(mailbox: mailbox.userId, generation: mailbox.deltaGeneration, folderId: folder, initial: true,
                                    since: 0, until: mailbox.seq, after: 0, minReceived: minReceived, strictlyAfter: strictlyAfter,
                                    select: request.select.map { Array($0).sorted() } ?? [])
        }
        enum Entry { case message(GraphMessage), removed(String, Int) }
        func passes(_ message: GraphMessage) -> Bool {
            guard state.minReceived > 0 else { return true }
            let received = message.receivedDateTime.timeIntervalSince1970
            return state.strictlyAfter ? received > state.minReceived : received >= state.minReceived
        }
        var entries: [(seq: Int, entry: Entry)] = mailbox.messages.values
            .filter { $0.folderId == folder && $0.changeSeq > state.after && $0.changeSeq <= state.until && passes($0) }
            .map { ($0.changeSeq, .message($0)) }
        if !state.initial {
            for (id, seq) in mailbox.removals[folder] ?? [:] where seq > state.after && seq <= state.until {
                entries.append((seq, .removed(id, seq)))
            }
        }
        entries.sort { $0.seq < $1.seq }
        let pageSize = min(request.maxPageSize ?? configuration.defaultPageSize, configuration.maxPageSize)
        let page = entries.prefix(pageSize)
        let select = state.select.isEmpty ? nil : Set(state.select)
        let values: [[String: Any]] = page.map { item in
            switch item.entry {
            case .message(let message):
                var object = message.json(immutable: request.immutableIds, select: select)
                object["@odata.type"] = "#microsoft.graph.message"
                return object
            case .removed(let id, _):
                // A removed message's default id is gone; Graph reports the id the client knew it by.
                let shown = request.immutableIds ? id : (mailbox.removedRestIds[id] ?? id)
                return ["@odata.type": "#microsoft.graph.message", "id": shown, "@removed": ["reason": "deleted"]]
            }
        }
        let link = "\(request.serviceRoot.dropLast(5))\(request.path)"
        var object: [String: Any] = [
            "@odata.context": "\(request.serviceRoot)/$metadata#Collection(message)",
            "value": values,
        ]
        if entries.count > pageSize, let last = page.last {
            var next = state
            next.after = last.seq
            object["@odata.nextLink"] = "\(link)?%24skiptoken=\(next.encoded())"
        } else {
            var next = state
            next.initial = false
            next.since = state.until
            next.after = state.until
            object["@odata.deltaLink"] = "\(link)?%24deltatoken=\(next.encoded())"
        }
        return .json(200, object, headers: preferenceApplied(request, pageSize: pageSize))
    }
}
