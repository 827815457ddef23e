import FloWorxIntegrations
import Testing

/// Tracing's configuration from the standard `OTEL_*` variables: off by default, on with an endpoint or
/// `OTEL_TRACES_EXPORTER=otlp`, off again with `OTEL_SDK_DISABLED` or `none`, and clear refusals.
@Suite struct OTLPTracingConfigurationTests {
    func configuration(_ environment: [String: String]) throws -> OTLPTracingConfiguration? {
        try OTLPTracingConfiguration.fromEnvironment(environment)
    }

    @Test func offUnlessAskedFor() throws {
        #expect(try configuration([:]) == nil)
        #expect(try configuration(["OTEL_SERVICE_NAME": "floworx-eu"]) == nil)
        #expect(try configuration(["OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318", "OTEL_SDK_DISABLED": "true"]) == nil)
        #expect(try configuration(["OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318", "OTEL_TRACES_EXPORTER": "none"]) == nil)
        #expect(try configuration(["OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318", "OTEL_TRACES_SAMPLER": "always_off"]) == nil)
    }

    @Test func endpointsFollowTheSpecification() throws {
        // The base endpoint gets the signal's path; the traces endpoint is used as given; otlp alone: localhost:4318.
        #expect(try configuration(["OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318/"])?.endpoint == "http://collector:4318/v1/traces")
        #expect(try configuration([
            "OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "https://traces.example.com/otlp",
        ])?.endpoint == "https://traces.example.com/otlp")
        #expect(try configuration(["OTEL_TRACES_EXPORTER": "otlp"])?.endpoint == "http://localhost:4318/v1/traces")
    }

    @Test func serviceNameHeadersTimeoutAndBatching() throws {
        let found = try #require(try configuration([
            "OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318", "OTEL_SERVICE_NAME": "floworx-eu",
            "OTEL_RESOURCE_ATTRIBUTES": "deployment.environment=prod,service.name=ignored",
            "OTEL_EXPORTER_OTLP_HEADERS": "api-key=a%20b,x-team=ops", "OTEL_EXPORTER_OTLP_TRACES_HEADERS": "x-team=traces",
            "OTEL_EXPORTER_OTLP_TIMEOUT": "2500", "OTEL_BSP_SCHEDULE_DELAY": "200", "OTEL_BSP_MAX_QUEUE_SIZE": "100", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE": "10",
        ]))
        #expect(found.resource == ["service.name": "floworx-eu", "deployment.environment": "prod"])
        #expect(found.headers == ["api-key": "a b", "x-team": "traces"])
        #expect(found.timeout == .milliseconds(2500))
        #expect(found.scheduleDelay == .milliseconds(200))
        #expect(found.maxQueueSize == 100 && found.maxExportBatchSize == 10)
        #expect(try configuration(["OTEL_TRACES_EXPORTER": "otlp"])?.resource == ["service.name": "floworx"])
    }

    @Test func refusesWhatItCannotFollow() {
        let cases: [([String: String], String)] = [
            (["OTEL_TRACES_EXPORTER": "zipkin"], "OTEL_TRACES_EXPORTER must be otlp or none"),
            (["OTEL_TRACES_EXPORTER": "otlp", "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"], "OTEL_EXPORTER_OTLP_PROTOCOL must be http/json"),
            (["OTEL_EXPORTER_OTLP_ENDPOINT": "collector:4318"], "OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL"),
            (["OTEL_SDK_DISABLED": "yes"], "OTEL_SDK_DISABLED must be true or false"),
            (["OTEL_TRACES_EXPORTER": "otlp", "OTEL_BSP_SCHEDULE_DELAY": "soon"], "OTEL_BSP_SCHEDULE_DELAY must be a whole number"),
            (["OTEL_TRACES_EXPORTER": "otlp", "OTEL_BSP_MAX_QUEUE_SIZE": "10", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE": "20"], "must not exceed OTEL_BSP_MAX_QUEUE_SIZE"),
            (["OTEL_TRACES_EXPORTER": "otlp", "OTEL_TRACES_SAMPLER": "traceidratio"], "OTEL_TRACES_SAMPLER must be"),
            (["OTEL_TRACES_EXPORTER": "otlp", "OTEL_EXPORTER_OTLP_HEADERS": "novalue"], "OTEL_EXPORTER_OTLP_HEADERS must be key=value"),
        ]
        for (environment, message) in cases {
            #expect {
                _ = try configuration(environment)
            } throws: { error in
                "\(error)".contains(message)
            }
        }
    }
}
