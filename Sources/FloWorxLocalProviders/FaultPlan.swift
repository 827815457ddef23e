import Synchronization

/// One injected failure: the status a request answers instead of its normal response.
public struct InjectedFault: Sendable, Equatable {
    /// HTTP status code to answer (e.g. 429, 500, 503).
    public var status: Int
    /// Seconds for a `Retry-After` header, or `nil` for none.
    public var retryAfterSeconds: Int?

    /// Creates a fault answering `status`, with an optional `Retry-After` in seconds.
    public init(status: Int, retryAfterSeconds: Int? = nil) {
        self.status = status
        self.retryAfterSeconds = retryAfterSeconds
    }
}

/// Fault injection shared by the local provider servers: "the next N requests whose path starts with a prefix
/// answer status S". Each server asks `take(method:path:)` before handling a request and, when it gets a fault,
/// answers it in its vendor's error format (so the body is always the vendor's, only the status is chosen here).
///
/// Rules are consumed in the order they were injected; a rule with a method only matches that method.
/// Thread-safe; one plan per server.
public final class FaultPlan: Sendable {
    private struct Rule {
        var pathPrefix: String
        var method: String?
        var fault: InjectedFault
        var remaining: Int
    }

    private let rules = Mutex<[Rule]>([])

    /// Creates an empty plan (no faults).
    public init() {}

    /// Makes the next `times` requests whose path starts with `pathPrefix` (and, when given, whose HTTP method is
    /// `method`, e.g. "POST") answer `status`, with `Retry-After: retryAfterSeconds` when not `nil`.
    public func inject(
        pathPrefix: String, status: Int, times: Int = 1, retryAfterSeconds: Int? = nil, method: String? = nil
    ) {
        guard times > 0 else { return }
        let rule = Rule(
            pathPrefix: pathPrefix, method: method?.uppercased(),
            fault: InjectedFault(status: status, retryAfterSeconds: retryAfterSeconds), remaining: times)
        rules.withLock { $0.append(rule) }
    }

    /// Consumes and returns the first pending fault matching this request, or `nil` when the request should be
    /// served normally. `path` is the request path without the query string.
    public func take(method: String, path: String) -> InjectedFault? {
        rules.withLock { rules in
            let upper = method.uppercased()
            guard
                let index = rules.firstIndex(where: {
                    path.hasPrefix($0.pathPrefix) && ($0.method == nil || $0.method == upper)
                })
            else { return nil }
            let fault = rules[index].fault
            rules[index].remaining -= 1
            if rules[index].remaining <= 0 { rules.remove(at: index) }
            return fault
        }
    }

    /// Removes every pending fault.
    public func clear() {
        rules.withLock { $0.removeAll() }
    }

    /// How many injected failures are still pending (summed over rules).
    public var pendingCount: Int {
        rules.withLock { $0.reduce(0) { $0 + $1.remaining } }
    }
}
