import Tracing

/// The W3C identity of a span: trace id, span id and flags, as carried in a `traceparent` header
/// (`00-<32 hex trace id>-<16 hex span id>-<2 hex flags>`, https://www.w3.org/TR/trace-context/).
public struct OTLPSpanContext: Sendable, Hashable {
    /// The 16-byte trace id as two big-endian halves; never both zero.
    public var traceIDHigh: UInt64
    public var traceIDLow: UInt64
    /// The 8-byte span id; never zero.
    public var spanID: UInt64
    /// Bit 0: sampled.
    public var flags: UInt8
    /// Whether it came from another process (a job's `traceparent`, a request header).
    public var isRemote: Bool

    /// The trace id as 32 lowercase hex digits (OTLP/JSON's `traceId`).
    public var traceIDHex: String { Self.hex(traceIDHigh, digits: 16) + Self.hex(traceIDLow, digits: 16) }
    /// The span id as 16 lowercase hex digits (OTLP/JSON's `spanId`).
    public var spanIDHex: String { Self.hex(spanID, digits: 16) }
    public var isSampled: Bool { flags & 1 == 1 }

    /// The `traceparent` header value.
    public var traceparent: String { "00-\(traceIDHex)-\(spanIDHex)-\(Self.hex(UInt64(flags), digits: 2))" }

    /// Parses a `traceparent` value; `nil` for anything malformed, an all-zero id or version `ff` (the W3C rules).
    public init?(traceparent: String) {
        let parts = traceparent.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0].utf8.count == 2, parts[0] != "ff", parts[1].utf8.count == 32, parts[2].utf8.count == 16,
              parts[3].utf8.count == 2, parts[0] != "00" || parts.count == 4,
              let high = UInt64(parts[1].prefix(16), radix: 16), let low = UInt64(parts[1].suffix(16), radix: 16),
              let span = UInt64(parts[2], radix: 16), let flags = UInt8(parts[3], radix: 16),
              [parts[0], parts[1], parts[2], parts[3]].allSatisfy({ $0.allSatisfy(\.isHexDigit) && $0 == $0.lowercased() }),
              high | low != 0, span != 0
        else { return nil }
        self.init(traceIDHigh: high, traceIDLow: low, spanID: span, flags: flags, isRemote: true)
    }

    public init(traceIDHigh: UInt64, traceIDLow: UInt64, spanID: UInt64, flags: UInt8, isRemote: Bool) {
        self.traceIDHigh = traceIDHigh
        self.traceIDLow = traceIDLow
        self.spanID = spanID
        self.flags = flags
        self.isRemote = isRemote
    }

    static func hex(_ value: UInt64, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.utf8.count)) + text
    }

    /// A random non-zero id.
    static func randomID() -> UInt64 {
        UInt64.random(in: 1...UInt64.max)
    }
}

/// Where an `OTLPSpanContext` lives in a `ServiceContext`.
enum OTLPSpanContextKey: ServiceContextKey {
    typealias Value = OTLPSpanContext
    static var nameOverride: String? { "otlp-span-context" }
}

extension ServiceContext {
    /// The span this context belongs to, when an `OTLPTracer` made or extracted it.
    public var otlpSpanContext: OTLPSpanContext? {
        get { self[OTLPSpanContextKey.self] }
        set { self[OTLPSpanContextKey.self] = newValue }
    }
}
