// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "floworx",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "floworx", targets: ["floworx"]),
        .executable(name: "floworx-bench", targets: ["floworx-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: ["ConfigurationSupport"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // Realtime (issue 12): the Phoenix-channel WebSocket at /realtime/v1/websocket.
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        // The owner's web app (FloWorxWeb): server-rendered Mustache templates.
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        // Tracing (issue 14): the Tracer API only (already in the graph through Hummingbird); the OTLP/HTTP exporter is
        // FloWorx's own (FloWorxIntegrations/Tracing), not swift-otel's: docs/operations.md, "Tracing".
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
    ],
    targets: [
        // Pure domain logic: no I/O, no dependencies beyond Foundation.
        // The triage model file is a copy of Training/model/triage-model.json (Training/export-model.sh).
        .target(name: "FloWorxCore", resources: [.copy("Triage/triage-model.json")], swiftSettings: swiftSettings),
        // SQL, migrations, the embedded PostgreSQL launcher, repositories and the queue.
        .target(
            name: "FloWorxStore",
            dependencies: [
                "FloWorxCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // Connection pool waits (issue 14's metrics).
                .product(name: "Metrics", package: "swift-metrics"),
                // An email's spans from ingestion through the worker (issue 14's tracing).
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            resources: [.copy("Migrations")],
            swiftSettings: swiftSettings
        ),
        // Outbound HTTP clients for third-party services.
        .target(
            name: "FloWorxIntegrations",
            dependencies: [
                "FloWorxCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                // The SMTP client (issue 11): a TCP connection with STARTTLS.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                // Provider call counts and times (issue 14's metrics).
                .product(name: "Metrics", package: "swift-metrics"),
                // The OTLP/HTTP span exporter (issue 14's tracing), a service.
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // HTTP API: health, auth, data API, ingestion.
        .target(
            name: "FloWorxServer",
            dependencies: [
                "FloWorxCore", "FloWorxStore", "FloWorxIntegrations",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The owner's web app (issue 13): server-rendered pages over the auth API and the tenant database path.
        .target(
            name: "FloWorxWeb",
            dependencies: [
                "FloWorxCore", "FloWorxStore", "FloWorxServer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            resources: [.copy("Templates"), .copy("Static")],
            swiftSettings: swiftSettings
        ),
        // The email pipeline: claims queued emails and runs them through the core steps.
        .target(
            name: "FloWorxWorker",
            dependencies: [
                "FloWorxCore", "FloWorxStore", "FloWorxIntegrations",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "floworx",
            dependencies: [
                "FloWorxCore", "FloWorxStore", "FloWorxIntegrations", "FloWorxServer", "FloWorxWorker", "FloWorxWeb",
                // Only for the demo: mailboxes on local Gmail and Graph servers when no provider is configured.
                "FloWorxLocalProviders",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "floworx-bench",
            dependencies: [
                "FloWorxCore", "FloWorxStore", "FloWorxWorker", "FloWorxServer", "FloWorxIntegrations", "FloWorxLocalProviders",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // libFuzzer targets for the parsers of untrusted input (docs/fuzzing.md, scripts/fuzz/run.sh). A plain build
        // makes a replayer of saved inputs; the fuzz build adds -D FLOWORX_FUZZ -sanitize=fuzzer in .build-fuzz.
        .executableTarget(
            name: "floworx-fuzz",
            dependencies: [
                "FloWorxCore", "FloWorxStore", "FloWorxServer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Fuzz/Sources/floworx-fuzz",
            swiftSettings: swiftSettings
        ),
        // Local servers that speak the vendors' published contracts (Gmail API, Microsoft Graph, Google and Microsoft
        // OAuth token endpoints, Pub/Sub push): used by tests, benchmarks and the demo, never by the modules above.
        .target(
            name: "FloWorxLocalProviders",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                // The local SMTP server (issue 11).
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Shared by the test targets: starts the embedded PostgreSQL once per test process.
        .target(
            name: "FloWorxTestSupport",
            dependencies: [
                "FloWorxStore", .product(name: "PostgresNIO", package: "postgres-nio"),
                // TraceCapture: the tracing tests' local OTLP receiver and the tracer exporting to it.
                "FloWorxIntegrations", "FloWorxLocalProviders",
            ],
            path: "Tests/FloWorxTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "FloWorxCoreTests", dependencies: ["FloWorxCore"], exclude: ["MIME/Fixtures"], swiftSettings: swiftSettings),
        .testTarget(name: "FloWorxStoreTests", dependencies: ["FloWorxStore", "FloWorxTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "FloWorxServerTests",
            dependencies: [
                "FloWorxServer", "FloWorxTestSupport", "FloWorxLocalProviders",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FloWorxIntegrationsTests",
            // FloWorxWorker and FloWorxTestSupport: the LLM second opinion's budget is tested against real PostgreSQL.
            dependencies: ["FloWorxIntegrations", "FloWorxWorker", "FloWorxTestSupport", .product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FloWorxWebTests",
            dependencies: [
                "FloWorxWeb", "FloWorxServer", "FloWorxStore", "FloWorxCore", "FloWorxTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // FloWorxLocalProviders: the local OTLP receiver of the tracing test.
        .testTarget(name: "FloWorxWorkerTests", dependencies: ["FloWorxWorker", "FloWorxTestSupport", "FloWorxLocalProviders"], swiftSettings: swiftSettings),
        // Mailbox integrations end to end: the clients, the worker's mailbox jobs and the server's OAuth and webhook
        // routes against the local provider servers.
        .testTarget(
            name: "FloWorxMailboxTests",
            dependencies: [
                "FloWorxLocalProviders", "FloWorxIntegrations", "FloWorxWorker", "FloWorxServer", "FloWorxTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
        // Notifications end to end (issue 11): SMTP, SMS, web push, routing, SLA timers and digests against the local
        // provider servers and, when their Python environments are given, aiosmtpd, twilio and http_ece.
        .testTarget(
            name: "FloWorxNotificationTests",
            dependencies: [
                "FloWorxLocalProviders", "FloWorxIntegrations", "FloWorxWorker", "FloWorxServer", "FloWorxTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationEssentialsCompat", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
