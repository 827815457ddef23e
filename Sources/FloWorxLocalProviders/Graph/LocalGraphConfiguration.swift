import Foundation

/// Settings of a `LocalGraphServer`. The defaults are Microsoft's published limits for Outlook resources.
public struct LocalGraphConfiguration: Sendable {
    /// Requests one mailbox may make in `rateWindow` before 429 `TooManyRequests` (Outlook: 10,000 per 10 minutes).
    /// `nil` turns the rate limit off.
    public var requestsPerWindow: Int? = 10_000
    /// The rate limit's window.
    public var rateWindow: Duration = .seconds(600)
    /// Concurrent requests one mailbox may have in flight before 429 `ApplicationThrottled` (Outlook: 4).
    public var concurrentRequestsPerMailbox: Int = 4
    /// Longest a subscription on messages may live (Graph: 10,080 minutes, under 7 days).
    public var maxSubscriptionMinutes: Int = 10_080
    /// How long the subscriber has to answer the `validationToken` request (Graph: 10 seconds).
    public var validationTimeout: Duration = .seconds(10)
    /// How long the subscriber has to answer a notification (Graph: 3 seconds).
    public var notificationTimeout: Duration = .seconds(3)
    /// Waits before redelivering a notification the subscriber did not accept (Graph retries with back-off).
    public var notificationRetryDelays: [Duration] = [.seconds(1), .seconds(10), .seconds(60)]
    /// Delta and message-list page size when the request states no `Prefer: odata.maxpagesize` (Graph: 10).
    public var defaultPageSize: Int = 10
    /// Largest page size honoured (`odata.maxpagesize` above it is capped, as Graph caps message pages).
    public var maxPageSize: Int = 1000
    /// The tenant id written in notifications.
    public var tenantId: String = "9188040d-6c67-4c5b-b112-36a304b66dad"
    /// The application id written in subscriptions.
    public var applicationId: String = "24d3b144-21ae-4080-943f-7067b395b913"

    /// The defaults.
    public init() {}
}
