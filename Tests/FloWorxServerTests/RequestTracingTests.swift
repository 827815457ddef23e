import FloWorxIntegrations
import FloWorxLocalProviders
import FloWorxServer
import FloWorxStore
import FloWorxTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Tracing (issue 14): each API request is a server span named by its route pattern, child of the caller's
/// `traceparent`, parent of the spans the route starts (an ingested email's); nothing when tracing is off.
@Suite struct RequestTracingTests {
    static let traceparent = HTTPField.Name("traceparent")!
    static let callerTrace = "0af7651916cd43dd8448eb211c80319c"
    static let callerSpan = "b7ad6b7169203331"

    @Test func requestsAreServerSpansNamedByTheirRoutePattern() async throws {
        let header: HTTPFields = [Self.traceparent: "00-\(Self.callerTrace)-\(Self.callerSpan)-01"]
        try await TraceCapture.with { capture in try await TestApp.with { app in
            let client = try await app.signUp()
            let (ingested, read) = try await capture.traced {
                let ingested = try await app.request(.post, IngestMessage.uri(client: client.id), as: .service, headers: header,
                                                     json: IngestMessage.json("<traced@customer.example>"))
                let read = try await app.request(.get, "/rest/v1/profiles?select=id", as: .user(client))
                _ = try await app.request(.get, "/health", as: .nobody)
                _ = try await app.request(.get, "/no/such/route", as: .nobody)
                return (ingested.status, read.status)
            }
            #expect(ingested == .created && read == .ok)
            let spans = try await capture.spans(sample: "server")
            // Tracing off: no span.
            _ = try await app.request(.get, "/health", as: .nobody, headers: header)
            #expect(try await capture.spans().count == spans.count)
            let servers = spans.filter { $0.kind == 2 }
            #expect(servers.count == 4, "\(servers.map { "\($0.name) \($0.attributes)" })")
            // Ingestion: a child of the caller's span; the email's ingest span a child of the request's.
            let post = try #require(servers.first { $0.attributes["http.request.method"] == "POST" })
            #expect(post.name == "POST /api/v1/emails" && post.attributes["http.route"] == "/api/v1/emails")
            #expect(post.traceId == Self.callerTrace && post.parentSpanId == Self.callerSpan)
            #expect(post.attributes["http.response.status_code"] == "201")
            let ingest = try #require(spans.first { $0.name == EmailTraceKeys.ingest })
            #expect(ingest.traceId == Self.callerTrace && ingest.parentSpanId == post.spanId)
            // A route with a parameter is named by its pattern, not the path it was called with.
            let rest = try #require(servers.first { $0.attributes["http.route"]?.hasPrefix("/rest/v1/") == true })
            let route = try #require(rest.attributes["http.route"])
            #expect(!route.contains("profiles") && route.contains("table"), "\(route)")
            #expect(rest.name == "GET " + route && rest.parentSpanId == nil && rest.attributes["http.response.status_code"] == "200")
            let health = try #require(servers.first { $0.attributes["http.route"] == "/health" })
            #expect(health.name == "GET /health" && health.parentSpanId == nil && health.traceId != Self.callerTrace)
            // No route: the method alone, no http.route, the status, not an error.
            let missing = try #require(servers.first { $0.attributes["http.response.status_code"] == "404" }, "\(servers.map { "\($0.name) \($0.attributes)" })")
            #expect(missing.name == "GET" && missing.attributes["http.route"] == nil && missing.statusCode != 2, "\(missing.name) \(missing.attributes)")
            // Only these attributes: no path, query, header, tenant id or token.
            for span in servers {
                #expect(Set(span.attributes.keys).isSubset(of: ["http.request.method", "http.route", "http.response.status_code"]), "\(span.attributes)")
                #expect(!span.attributes.values.contains { $0.contains(client.id) || $0.contains("?") })
            }
        } }
    }
}
