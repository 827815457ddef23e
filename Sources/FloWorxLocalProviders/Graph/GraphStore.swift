import Foundation

/// The state of a local Graph server: mailboxes, access tokens, subscriptions and throttling counters. One actor
/// serves every mailbox, so a benchmark can hold hundreds in one server.
actor GraphStore {
    struct TokenEntry: Sendable {
        var email: String
        var expiresAt: Date?
    }

    let configuration: LocalGraphConfiguration
    let notifier: GraphNotifier
    /// Mailboxes by lower-cased address.
    var mailboxes: [String: GraphMailbox] = [:]
    var tokens: [String: TokenEntry] = [:]
    var subscriptions: [String: GraphSubscription] = [:]
    /// Mailboxes whose requests wait (inside their concurrency slot) until released: lets a test fill the slots.
    var held: Set<String> = []
    var waiters: [String: [CheckedContinuation<Void, Never>]] = [:]
    /// Called by `POST /me/revokeSignInSessions` (the Microsoft OAuth server revokes the user's refresh tokens).
    var signInRevoker: (@Sendable (String) async -> Void)?

    init(configuration: LocalGraphConfiguration, notifier: GraphNotifier) {
        self.configuration = configuration
        self.notifier = notifier
    }

    // MARK: Accounts and tokens

    func addMailbox(email: String, displayName: String?) -> GraphMailboxAccount {
        let key = email.lowercased()
        if mailboxes[key] == nil {
            let name = displayName ?? String(email.split(separator: "@").first ?? Substring(email))
            mailboxes[key] = GraphMailbox(email: email, displayName: name)
        }
        let token = issueToken(email: key, lifetime: nil)
        return GraphMailboxAccount(email: mailboxes[key]!.email, userId: mailboxes[key]!.userId, accessToken: token)
    }

    func issueToken(email: String, lifetime: Duration?) -> String {
        let token = "EwB" + GraphIds.token(48)
        let expires = lifetime.map { Date().addingTimeInterval(Double($0.components.seconds)) }
        tokens[token] = TokenEntry(email: email.lowercased(), expiresAt: expires)
        return token
    }

    func expireTokens(email: String?) {
        for (token, entry) in tokens where email == nil || entry.email == email!.lowercased() {
            tokens[token]?.expiresAt = Date.distantPast
        }
    }

    func revokeTokens(email: String) {
        tokens = tokens.filter { $0.value.email != email.lowercased() }
    }

    func setSignInRevoker(_ revoker: @escaping @Sendable (String) async -> Void) {
        signInRevoker = revoker
    }

    /// The mailbox a bearer token stands for, or Graph's 401.
    func authenticate(_ authorization: String?) -> Result<String, GraphErrorReply> {
        guard let authorization, authorization.lowercased().hasPrefix("bearer "), authorization.count > 7 else {
            return .failure(GraphErrorReply(.error(401, "InvalidAuthenticationToken", "Access token is empty.")))
        }
        let token = String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        guard let entry = tokens[token], mailboxes[entry.email] != nil else {
            return .failure(GraphErrorReply(.error(401, "InvalidAuthenticationToken", "IDX14100: JWT is not well formed, there are no dots (.).")))
        }
        if let expires = entry.expiresAt, expires <= Date() {
            return .failure(GraphErrorReply(.error(401, "InvalidAuthenticationToken", "Lifetime validation failed, the token is expired.")))
        }
        return .success(entry.email)
    }

    // MARK: Throttling

    /// Counts the call and admits it, or answers 429 (rate over the window, or too many requests in flight).
    func admit(email: String, operation: String) -> GraphReply? {
        guard var mailbox = mailboxes[email] else { return .itemNotFound() }
        defer { mailboxes[email] = mailbox }
        mailbox.count(operation)
        if let limit = configuration.requestsPerWindow {
            let now = Date()
            let window = Double(configuration.rateWindow.components.seconds)
            let cutoff = now.addingTimeInterval(-window)
            if let keep = mailbox.recentRequests.firstIndex(where: { $0 >= cutoff }) {
                mailbox.recentRequests.removeFirst(keep)
            } else {
                mailbox.recentRequests.removeAll()
            }
            if mailbox.recentRequests.count >= limit {
                mailbox.count("throttled")
                let wait = mailbox.recentRequests[0].addingTimeInterval(window).timeIntervalSince(now)
                return .error(429, "TooManyRequests", "Please retry again later.", retryAfter: max(1, Int(wait.rounded(.up))))
            }
            mailbox.recentRequests.append(now)
        }
        if mailbox.inFlight >= configuration.concurrentRequestsPerMailbox {
            mailbox.count("throttled")
            return .error(429, "ApplicationThrottled", "Application is over its MailboxConcurrency limit.", retryAfter: 1)
        }
        mailbox.inFlight += 1
        return nil
    }

    func finish(email: String) {
        mailboxes[email]?.inFlight -= 1
    }

    func waitIfHeld(email: String) async {
        guard held.contains(email) else { return }
        await withCheckedContinuation { continuation in
            waiters[email, default: []].append(continuation)
        }
    }

    func hold(email: String) { held.insert(email.lowercased()) }

    func release(email: String) {
        let key = email.lowercased()
        held.remove(key)
        for waiter in waiters.removeValue(forKey: key) ?? [] { waiter.resume() }
    }

    func inFlight(email: String) -> Int { mailboxes[email.lowercased()]?.inFlight ?? 0 }

    func counters(email: String?) -> [String: Int] {
        if let email { return mailboxes[email.lowercased()]?.counters ?? [:] }
        var total: [String: Int] = [:]
        for mailbox in mailboxes.values {
            for (key, value) in mailbox.counters { total[key, default: 0] += value }
        }
        return total
    }

    // MARK: Helpers

    func mailbox(_ email: String) throws -> GraphMailbox {
        guard let mailbox = mailboxes[email.lowercased()] else { throw LocalGraphError.unknownMailbox(email) }
        return mailbox
    }
}

/// A Graph error reply carried through `Result`.
struct GraphErrorReply: Error, Sendable {
    var reply: GraphReply
    init(_ reply: GraphReply) { self.reply = reply }
}

extension GraphStore {
    /// Counts a call that fault injection answered.
    func count(email: String, operation: String) {
        mailboxes[email]?.count(operation)
    }

    /// Lets every held request go (on stop).
    func releaseAll() {
        held.removeAll()
        for (_, list) in waiters { for waiter in list { waiter.resume() } }
        waiters.removeAll()
    }
}
