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

    // MARK: Helpers

    func box(_ call: Call) throws -> GmailMailbox {
        guard let mailbox = mailboxes[call.email] else { throw GmailAPIError.notFound }
        return mailbox
    }

    func checkLabels(_ ids: [String], in mailbox: GmailMailbox) throws {
        for id in ids where mailbox.labels[id] == nil { throw GmailAPIError.invalidArgument("Invalid label: \(id)") }
    }

    func pageSize(_ request: LocalHTTPRequest, default value: Int) throws -> Int {
        guard let text = request.queryValue("maxResults") else { return value }
        guard let number = Int(text), number >= 0 else {
            throw GmailAPIError.invalidArgument("Invalid value at 'max_results' (TYPE_UINT32), \"\(text)\"")
        }
        return number == 0 ? value : min(number, configuration.maxPageSize)
    }

    func format(_ request: LocalHTTPRequest) throws -> String {
        let format = request.queryValue("format") ?? "full"
        guard ["minimal", "full", "raw", "metadata"].contains(format) else {
            throw GmailAPIError.invalidArgument("Invalid value at 'format' (type.googleapis.com/google.apps.gmail.v1.GetMessageRequest.Format), \"\(format)\"")
        }
        return format
    }
}
