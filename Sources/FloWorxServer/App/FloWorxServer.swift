import FloWorxStore
import Hummingbird
import HummingbirdWebSocket
import Logging

/// What the HTTP application is built from.
public struct ServerDependencies: Sendable {
    public var database: Database
    public var tokens: TokenService
    public var cipher: CredentialCipher
    public var configuration: ServerConfiguration
    public var logger: Logger
    /// Mailbox connect and push settings (OAuth clients, push checks); the default configures no provider.
    public var mailbox: MailboxServerConfiguration
    /// Twilio status callbacks: the Auth Token their signature is checked with (none: callbacks are refused).
    public var twilio: TwilioWebhookConfiguration
    /// Web push settings (the VAPID public key, endpoint rules); the default has no key.
    public var push: PushServerConfiguration
    /// Where auth emails (confirmation, recovery, magic link) go; by default nowhere, logged as not sent.
    public var authMailer: any AuthMailer = DisabledAuthMailer()
    /// Realtime (`/realtime/v1/websocket`) limits and timings.
    public var realtime = RealtimeConfiguration()
    /// Stripe webhooks and the owner's billing view (issue 15); the default has no webhook secret.
    public var billing = BillingServerConfiguration()
    /// The owner's Stripe Checkout and Billing Portal routes (issue 15); the default has no Stripe key (503).
    public var billingCheckout = BillingCheckoutConfiguration()
    /// The n8n instance workflow versions deploy to (issue 16; `N8N_API_URL`, `N8N_API_KEY`); none: deploys answer 503.
    public var n8n = N8NServerConfiguration()
    /// Workflow saving rules (issue 16; `FLOWORX_WORKFLOW_WEBHOOK_ALLOW_PRIVATE`).
    public var workflows = WorkflowServerConfiguration()
    /// Routes added after the API's, on the same router (the executable adds the owner's web app here, a module this
    /// one does not depend on).
    public var additionalRoutes: @Sendable (Router<AppRequestContext>) -> Void = { _ in }

    public init(database: Database, tokens: TokenService, cipher: CredentialCipher, configuration: ServerConfiguration, logger: Logger,
                mailbox: MailboxServerConfiguration = MailboxServerConfiguration(), twilio: TwilioWebhookConfiguration = TwilioWebhookConfiguration(),
                push: PushServerConfiguration = PushServerConfiguration()) {
        self.mailbox = mailbox
        self.twilio = twilio
        self.push = push
        self.database = database
        self.tokens = tokens
        self.cipher = cipher
        self.configuration = configuration
        self.logger = logger
    }
}

/// Builds FloWorx's HTTP application: every route and middleware, on one database.
public enum FloWorxServer {
    /// The router with all routes, separate from the application so tests can drive it directly.
    public static func router(_ dependencies: ServerDependencies) -> Router<AppRequestContext> {
        router(dependencies, openAPI: OpenAPIDocument(publicURL: dependencies.configuration.publicURL))
    }

    static func router(_ dependencies: ServerDependencies, openAPI: OpenAPIDocument) -> Router<AppRequestContext> {
        let router = Router(context: AppRequestContext.self)
        // Outermost, so the span covers the others and their refusals; tracing off it is one read per request.
        router.add(middleware: RequestTracingMiddleware())
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: CORSMiddleware(configuration: dependencies.configuration.cors))
        router.add(middleware: RequestLimitsMiddleware(limits: dependencies.configuration.limits))
        router.add(middleware: ErrorLoggingMiddleware())
        let database = dependencies.database
        let authenticator = RequestAuthenticator(tokens: dependencies.tokens)
        let configuration = dependencies.configuration
        HealthController(database: database, timeout: configuration.healthTimeout).addRoutes(to: router)
        MetricsController(token: configuration.metricsToken, queues: QueueDepthReader(database: database.service)).addRoutes(to: router)
        AuthController(
            users: AuthRepository(database: database.service), tokens: dependencies.tokens, authenticator: authenticator,
            hasher: PasswordHasher(), configuration: configuration.auth, logger: dependencies.logger,
            mailer: dependencies.authMailer, publicURL: configuration.publicURL
        ).addRoutes(to: router)
        RestController(
            database: database, catalog: CatalogCache(database: database), authenticator: authenticator,
            openAPI: openAPI
        ).addRoutes(to: router)
        CredentialsController(
            database: database, credentials: CredentialsRepository(database: database.service, cipher: dependencies.cipher),
            authenticator: authenticator
        ).addRoutes(to: router)
        IngestController(
            ingest: EmailIngestRepository(database: database.service), limiter: IngestRateLimiter(database: database.service),
            limits: configuration.ingest, authenticator: authenticator
        ).addRoutes(to: router)
        CorrectionController(
            database: database, corrections: CorrectionRepository(database: database.service),
            profiles: ProfileRepository(database: database.service, logger: dependencies.logger), authenticator: authenticator
        ).addRoutes(to: router)
        HandledController(database: database, timers: SLATimerRepository(database: database.service), authenticator: authenticator).addRoutes(to: router)
        OnboardingController(onboarding: OnboardingRepository(database: database), authenticator: authenticator).addRoutes(to: router)
        let credentials = CredentialsRepository(database: database.service, cipher: dependencies.cipher)
        let mailboxes = MailboxRepository(database: database.service)
        let jobs = JobQueue(database: database.service)
        MailboxConnectController(
            database: database, states: OAuthStateRepository(database: database.service, credentials: credentials), credentials: credentials,
            integrations: IntegrationRepository(database: database.service), mailboxes: mailboxes, jobs: jobs, authenticator: authenticator,
            configuration: dependencies.mailbox
        ).addRoutes(to: router)
        MailboxWebhookController(mailboxes: mailboxes, jobs: jobs, gmailPush: GooglePushVerifier(configuration: dependencies.mailbox.gmailPush))
            .addRoutes(to: router)
        TwilioStatusController(statuses: NotificationStatusRepository(database: database.service), configuration: dependencies.twilio).addRoutes(to: router)
        PushController(database: database, authenticator: authenticator, configuration: dependencies.push).addRoutes(to: router)
        RealtimeController(tokens: dependencies.tokens).addRoutes(to: router)
        StripeWebhookController(database: database, configuration: dependencies.billing).addRoutes(to: router)
        BillingController(overviews: BillingOverviewRepository(database: database.service), authenticator: authenticator, configuration: dependencies.billing)
            .addRoutes(to: router)
        BillingCheckoutController(
            customers: BillingCustomerRepository(database: database.service), overviews: BillingOverviewRepository(database: database.service),
            authenticator: authenticator, plans: dependencies.billing.plans, configuration: dependencies.billingCheckout,
            publicURL: dependencies.configuration.publicURL
        ).addRoutes(to: router)
        WorkflowController(database: database, authenticator: authenticator, configuration: dependencies.workflows).addRoutes(to: router)
        N8NWorkflowRoutes(
            database: database, authenticator: authenticator, configuration: dependencies.n8n,
            defaultFloworxURL: configuration.publicURL ?? "http://\(configuration.host):\(configuration.port)"
        ).addRoutes(to: router)
        WorkflowDryRunRoutes(database: database, authenticator: authenticator, logger: dependencies.logger).addRoutes(to: router)
        dependencies.additionalRoutes(router)
        return router
    }

    /// The application, listening where the configuration says.
    public static func application(
        _ dependencies: ServerDependencies,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let configuration = dependencies.configuration
        let openAPI = OpenAPIDocument(publicURL: configuration.publicURL)
        let realtime = RealtimeServer(database: dependencies.database, tokens: dependencies.tokens, configuration: dependencies.realtime, logger: dependencies.logger)
        return Application(
            router: router(dependencies, openAPI: openAPI),
            // HTTP/1.1, and the WebSocket upgrade of Realtime (every other request goes to the router).
            server: .http1WebSocketUpgrade(
                configuration: .init(http1: .init(idleTimeout: .init(configuration.limits.idleTimeout)), ws: realtime.webSocketConfiguration),
                shouldUpgrade: { request, _, _ in await realtime.shouldUpgrade(request) }
            ),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "FloWorx"),
            services: [realtime.service],
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                openAPI.serverIsListening(at: "http://\(configuration.host):\(port)")
                await onServerRunning(port)
            },
            logger: dependencies.logger
        )
    }
}
