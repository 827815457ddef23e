/// Limits of `POST /api/v1/emails` per tenant. Every limit has a documented default (README, "Configuration").
public struct IngestLimits: Sendable {
    /// The highest priority a signed-in user may give its own emails (`FLOWORX_TENANT_MAX_PRIORITY`, default 10).
    /// The service key may use the whole range, 0 to 100. Above it: 403 `priority_not_allowed`.
    public var tenantMaxPriority: Int
    /// Messages a signed-in user may ingest per minute, sustained (`FLOWORX_INGEST_RATE_PER_MINUTE`, default 600);
    /// 0 turns the limit off. Over it: 429 `rate_limited` with `Retry-After`, and nothing is written.
    public var perMinute: Int
    /// Messages a signed-in user may ingest at once before the rate applies (`FLOWORX_INGEST_BURST`, default 1000).
    public var burst: Int

    /// The highest priority anyone may set.
    public static let maximumPriority = 100

    public init(tenantMaxPriority: Int = 10, perMinute: Int = 600, burst: Int = 1000) {
        self.tenantMaxPriority = tenantMaxPriority
        self.perMinute = perMinute
        self.burst = burst
    }

    /// Why a setting cannot be used, or `nil` when all can.
    public var problem: String? {
        if !(0...Self.maximumPriority).contains(tenantMaxPriority) {
            return "the tenants' highest priority must be from 0 to \(Self.maximumPriority), got \(tenantMaxPriority)"
        }
        if perMinute < 0 { return "the ingest rate per minute must be 0 (no limit) or more, got \(perMinute)" }
        if burst < 1 { return "the ingest burst must be at least 1, got \(burst)" }
        return nil
    }
}
