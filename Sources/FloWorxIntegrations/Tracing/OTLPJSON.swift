import Foundation
import Tracing

/// The OTLP/JSON body of `POST /v1/traces`: an `ExportTraceServiceRequest` in the protobuf JSON mapping with OTLP's
/// rules (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding): lowerCamelCase field names, trace and
/// span ids as hex strings (not base64), enums as integers, 64-bit integers as decimal strings.
/// `scripts/otlp-check` checks this shape against the `opentelemetry-proto` definitions.
enum OTLPJSON {
    struct ExportRequest: Encodable {
        var resourceSpans: [ResourceSpans]
    }

    struct ResourceSpans: Encodable {
        var resource: Resource
        var scopeSpans: [ScopeSpans]
    }

    struct Resource: Encodable {
        var attributes: [KeyValue]
    }

    struct ScopeSpans: Encodable {
        var scope: Scope
        var spans: [SpanJSON]
    }

    struct Scope: Encodable {
        var name: String
        var version: String
    }

    struct SpanJSON: Encodable {
        var traceId: String
        var spanId: String
        var parentSpanId: String?
        var flags: UInt32
        var name: String
        var kind: Int
        var startTimeUnixNano: String
        var endTimeUnixNano: String
        var attributes: [KeyValue]
        var events: [Event]
        var links: [Link]
        var status: Status
    }

    struct Event: Encodable {
        var timeUnixNano: String
        var name: String
        var attributes: [KeyValue]
    }

    struct Link: Encodable {
        var traceId: String
        var spanId: String
        var attributes: [KeyValue]
    }

    struct Status: Encodable {
        var code: Int
        var message: String?
    }

    struct KeyValue: Encodable {
        var key: String
        var value: AnyValue
    }

    /// OTLP's `AnyValue`: one of its fields set.
    enum AnyValue: Encodable {
        case string(String), bool(Bool), int(Int64), double(Double), array([AnyValue])

        enum CodingKeys: String, CodingKey { case stringValue, boolValue, intValue, doubleValue, arrayValue }
        struct ArrayValue: Encodable { var values: [AnyValue] }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .string(let value): try container.encode(value, forKey: .stringValue)
            case .bool(let value): try container.encode(value, forKey: .boolValue)
            case .int(let value): try container.encode(String(value), forKey: .intValue)
            case .double(let value): try container.encode(value, forKey: .doubleValue)
            case .array(let values): try container.encode(ArrayValue(values: values), forKey: .arrayValue)
            }
        }

        init(_ attribute: SpanAttribute) {
            switch attribute {
            case .int32(let value): self = .int(Int64(value))
            case .int64(let value): self = .int(value)
            case .double(let value): self = .double(value)
            case .bool(let value): self = .bool(value)
            case .string(let value): self = .string(value)
            case .int32Array(let values): self = .array(values.map { .int(Int64($0)) })
            case .int64Array(let values): self = .array(values.map { .int($0) })
            case .doubleArray(let values): self = .array(values.map { .double($0) })
            case .boolArray(let values): self = .array(values.map { .bool($0) })
            case .stringArray(let values): self = .array(values.map { .string($0) })
            default: self = .string("\(attribute)")
            }
        }
    }

    /// `SpanKind` as OTLP numbers it (`SPAN_KIND_INTERNAL` = 1 … `SPAN_KIND_CONSUMER` = 5).
    static func kind(_ kind: SpanKind) -> Int {
        switch kind {
        case .internal: 1
        case .server: 2
        case .client: 3
        case .producer: 4
        case .consumer: 5
        @unknown default: 0
        }
    }

    static func attributes(_ attributes: SpanAttributes) -> [KeyValue] {
        var values: [KeyValue] = []
        attributes.forEach { key, value in values.append(KeyValue(key: key, value: AnyValue(value))) }
        return values.sorted { $0.key < $1.key }
    }

    static func span(_ span: OTLPFinishedSpan) -> SpanJSON {
        SpanJSON(
            traceId: span.identity.traceIDHex, spanId: span.identity.spanIDHex,
            parentSpanId: span.parentSpanID.map { OTLPSpanContext.hex($0, digits: 16) },
            // The W3C trace flags in the low byte (SPAN_FLAGS_TRACE_FLAGS_MASK).
            flags: UInt32(span.identity.flags),
            name: span.name, kind: kind(span.kind),
            startTimeUnixNano: String(span.startNanoseconds), endTimeUnixNano: String(span.endNanoseconds),
            attributes: attributes(span.attributes),
            events: span.events.map { Event(timeUnixNano: String($0.nanosecondsSinceEpoch), name: $0.name, attributes: attributes($0.attributes)) },
            links: span.links.map { Link(traceId: $0.0.traceIDHex, spanId: $0.0.spanIDHex, attributes: attributes($0.1)) },
            status: span.status.map { Status(code: $0.code == .ok ? 1 : 2, message: $0.message) } ?? Status(code: 0))
    }

    /// The request body for `spans`, all of one resource and one instrumentation scope.
    static func body(_ spans: [OTLPFinishedSpan], resource: [String: String], scopeVersion: String) throws -> Data {
        let request = ExportRequest(resourceSpans: [ResourceSpans(
            resource: Resource(attributes: resource.sorted { $0.key < $1.key }.map { KeyValue(key: $0.key, value: .string($0.value)) }),
            scopeSpans: [ScopeSpans(scope: Scope(name: "floworx", version: scopeVersion), spans: spans.map(span))])])
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try encoder.encode(request)
    }
}
