import Foundation
import Synchronization

/// A local OTLP/HTTP trace receiver (`POST /v1/traces`, JSON encoding), for tests: it checks each request as a
/// collector would and keeps the spans it accepted.
///
/// Checked (https://opentelemetry.io/docs/specs/otlp/#otlphttp): `Content-Type: application/json` (else 415), a JSON
/// `ExportTraceServiceRequest` whose spans have a 32-hex-digit `traceId`, a 16-hex-digit `spanId` (and
/// `parentSpanId` when present), a `name`, an integer `kind` 0…5 and decimal-string nanosecond times (else 400 with
/// the reason). Accepted: 200 with an empty `ExportTraceServiceResponse` (`{}`).
public final class LocalOTLPReceiver: Sendable {
    /// One accepted span, flattened with its resource's `service.name`.
    public struct ReceivedSpan: Sendable, Hashable {
        public var traceId: String
        public var spanId: String
        /// `nil` for a root span.
        public var parentSpanId: String?
        public var name: String
        public var kind: Int
        public var startTimeUnixNano: UInt64
        public var endTimeUnixNano: UInt64
        /// Attribute values as text (`stringValue`, or the JSON of any other value).
        public var attributes: [String: String]
        public var serviceName: String?
        /// `status.code`: 0 unset, 1 ok, 2 error.
        public var statusCode: Int
    }

    let state = Mutex<(spans: [ReceivedSpan], bodies: [Data], refused: [String])>(([], [], []))
    private let slot = LocalServerSlot()

    public init() {}

    /// Starts listening (port 0: ephemeral) and returns the base URL (`OTEL_EXPORTER_OTLP_ENDPOINT`).
    @discardableResult
    public func start(host: String = "127.0.0.1", port: Int = 0) async throws -> String {
        try await slot.start(host: host, port: port, maxBodyBytes: 8 * 1024 * 1024, label: "local-otlp") { [self] request in
            self.respond(request)
        }
    }

    /// Stops listening.
    public func stop() async {
        await slot.stop()
    }

    /// Every span accepted so far, in arrival order.
    public var spans: [ReceivedSpan] { state.withLock { $0.spans } }
    /// Every accepted request body, as sent.
    public var bodies: [Data] { state.withLock { $0.bodies } }
    /// Why refused requests were refused.
    public var refusals: [String] { state.withLock { $0.refused } }

    /// Writes every accepted body beside `$FLOWORX_OTLP_SAMPLE` as `<sample without .json>.<label>-<n>.json`, for
    /// scripts/otlp-check (`.ci/run` sets the variable during `swift test`); nothing when it is unset.
    public func saveSamples(_ label: String) throws {
        guard let path = ProcessInfo.processInfo.environment["FLOWORX_OTLP_SAMPLE"], path.hasSuffix(".json") else { return }
        for (index, body) in bodies.enumerated() {
            try body.write(to: URL(fileURLWithPath: String(path.dropLast(5)) + ".\(label)-\(index).json"))
        }
    }

    func respond(_ request: LocalHTTPRequest) -> LocalHTTPResponse {
        guard request.path == "/v1/traces" else { return .json(404, Data(#"{"code":5,"message":"not found"}"#.utf8)) }
        guard request.method == "POST" else { return .json(405, Data(#"{"code":12,"message":"POST only"}"#.utf8)) }
        let type = request.header("Content-Type")?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard type == "application/json" else { return refuse(415, "Content-Type must be application/json, got \(type ?? "none")") }
        do {
            let spans = try Self.parse(request.body)
            state.withLock { state in
                state.spans += spans
                state.bodies.append(request.body)
            }
            return .json(200, Data("{}".utf8))
        } catch let problem as Problem {
            return refuse(400, problem.reason)
        } catch {
            return refuse(400, "not JSON: \(error)")
        }
    }

    private func refuse(_ status: Int, _ reason: String) -> LocalHTTPResponse {
        state.withLock { $0.refused.append(reason) }
        let body = (try? JSONSerialization.data(withJSONObject: ["code": 3, "message": reason])) ?? Data()
        return .json(status, body)
    }

    struct Problem: Error {
        var reason: String
    }

    /// The spans of an `ExportTraceServiceRequest` in OTLP/JSON, or the first thing wrong with it.
    static func parse(_ body: Data) throws -> [ReceivedSpan] {
        guard let root = try JSONSerialization.jsonObject(with: body) as? [String: Any] else { throw Problem(reason: "the body is not a JSON object") }
        var spans: [ReceivedSpan] = []
        for resourceSpans in try array(root["resourceSpans"] ?? [], "resourceSpans") {
            let resource = resourceSpans["resource"] as? [String: Any]
            let resourceAttributes = try attributes(resource?["attributes"], "resource.attributes")
            for scopeSpans in try array(resourceSpans["scopeSpans"] ?? [], "scopeSpans") {
                for span in try array(scopeSpans["spans"] ?? [], "spans") {
                    let traceId = try hex(span["traceId"], digits: 32, "traceId")
                    let spanId = try hex(span["spanId"], digits: 16, "spanId")
                    var parent: String?
                    if let value = span["parentSpanId"] as? String, !value.isEmpty { parent = try hex(value, digits: 16, "parentSpanId") }
                    guard let name = span["name"] as? String, !name.isEmpty else { throw Problem(reason: "span \(spanId): name is required") }
                    let kind = (span["kind"] as? Int) ?? 0
                    guard (0...5).contains(kind), span["kind"] == nil || span["kind"] is Int else { throw Problem(reason: "span \(spanId): kind must be an integer 0-5") }
                    let status = span["status"] as? [String: Any]
                    spans.append(ReceivedSpan(
                        traceId: traceId, spanId: spanId, parentSpanId: parent, name: name, kind: kind,
                        startTimeUnixNano: try nanos(span["startTimeUnixNano"], "startTimeUnixNano"),
                        endTimeUnixNano: try nanos(span["endTimeUnixNano"], "endTimeUnixNano"),
                        attributes: try attributes(span["attributes"], "attributes"),
                        serviceName: resourceAttributes["service.name"], statusCode: (status?["code"] as? Int) ?? 0))
                }
            }
        }
        return spans
    }

    static func array(_ value: Any, _ field: String) throws -> [[String: Any]] {
        guard let items = value as? [[String: Any]] else { throw Problem(reason: "\(field) must be an array of objects") }
        return items
    }

    static func hex(_ value: Any?, digits: Int, _ field: String) throws -> String {
        guard let text = value as? String, text.utf8.count == digits, text.allSatisfy({ $0.isHexDigit && !$0.isUppercase }),
              text.contains(where: { $0 != "0" })
        else { throw Problem(reason: "\(field) must be \(digits) lowercase hex digits, not all zero (OTLP/JSON ids are hex, not base64), got \(value ?? "nothing")") }
        return text
    }

    static func nanos(_ value: Any?, _ field: String) throws -> UInt64 {
        if let text = value as? String, let number = UInt64(text) { return number }
        if let number = value as? UInt64 { return number }
        throw Problem(reason: "\(field) must be a decimal string of nanoseconds, got \(value ?? "nothing")")
    }

    static func attributes(_ value: Any?, _ field: String) throws -> [String: String] {
        guard let value else { return [:] }
        var result: [String: String] = [:]
        for pair in try array(value, field) {
            guard let key = pair["key"] as? String, let any = pair["value"] as? [String: Any], any.count == 1, let (kind, content) = any.first,
                  ["stringValue", "boolValue", "intValue", "doubleValue", "arrayValue", "kvlistValue", "bytesValue"].contains(kind)
            else { throw Problem(reason: "\(field): each entry must be {key, value: AnyValue with one field}") }
            if kind == "intValue", !(content is String || content is Int) { throw Problem(reason: "\(field).\(key): intValue must be a decimal string") }
            result[key] = (content as? String) ?? String(describing: content)
        }
        return result
    }
}
