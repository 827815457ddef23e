/// The web push settings of the HTTP API.
public struct PushServerConfiguration: Sendable {
    /// The VAPID public key (base64url of the uncompressed point) browsers subscribe with; nil when web push is not
    /// configured (`FLOWORX_VAPID_PRIVATE_KEY` unset): then the key endpoint answers 503 `push_not_configured`.
    public var vapidPublicKey: String?
    /// Accept `http://` endpoints on loopback hosts (`FLOWORX_PUSH_ALLOW_INSECURE_ENDPOINTS`, default false): only for
    /// tests and the demo, whose local push service has no TLS.
    public var allowInsecureEndpoints: Bool
    /// Subscriptions one user may have (`FLOWORX_PUSH_MAX_SUBSCRIPTIONS_PER_USER`, default 20): every browser and
    /// device is one, and each notification is sent to all of them.
    public var maximumSubscriptionsPerUser: Int

    public init(vapidPublicKey: String? = nil, allowInsecureEndpoints: Bool = false, maximumSubscriptionsPerUser: Int = 20) {
        self.vapidPublicKey = vapidPublicKey
        self.allowInsecureEndpoints = allowInsecureEndpoints
        self.maximumSubscriptionsPerUser = maximumSubscriptionsPerUser
    }
}
