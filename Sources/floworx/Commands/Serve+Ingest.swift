import FloWorxServer

extension Serve {
    /// Ingestion limits per tenant from the environment (README, "Configuration"); a value out of range is an error
    /// naming its variable.
    static func ingestLimits() throws -> IngestLimits {
        let defaults = IngestLimits()
        let limits = IngestLimits(
            tenantMaxPriority: try Environment.int("FLOWORX_TENANT_MAX_PRIORITY", range: 0...IngestLimits.maximumPriority) ?? defaults.tenantMaxPriority,
            perMinute: try Environment.int("FLOWORX_INGEST_RATE_PER_MINUTE", range: 0...10_000_000) ?? defaults.perMinute,
            burst: try Environment.int("FLOWORX_INGEST_BURST", range: 1...10_000_000) ?? defaults.burst
        )
        if let problem = limits.problem { throw ConfigurationError(problem) }
        return limits
    }
}
