import FloWorxLocalProviders
import Foundation
import Testing

/// Stripe's official Python library (stripe, PyPI) against the local Stripe server (scripts/stripe-check/stripe_check.py):
/// every call FloWorx makes works unchanged with `stripe.api_base` pointed at it, errors come back as the library's
/// classes with Stripe's codes, and `stripe.Webhook.construct_event` accepts every genuine delivery and rejects every
/// forged one. Runs when FLOWORX_STRIPE_PYTHON names a Python with scripts/stripe-check/stripe-requirements.txt
/// installed (scripts/stripe-check/stripe-check.sh does it).
@Suite("Billing: official stripe library")
struct StripeOfficialClientTests {
    static let python = ProcessInfo.processInfo.environment["FLOWORX_STRIPE_PYTHON"]

    @Test(.enabled(if: python != nil))
    func stripePythonAgreesWithTheLocalServer() async throws {
        let python = try #require(Self.python)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let script = root.appendingPathComponent("scripts/stripe-check/stripe_check.py")
        let server = LocalStripeServer(configuration: LocalStripeConfiguration(prices: ["price_floworx_basic": LocalStripePrice(unitAmount: 4_900)]))
        let base = try await server.start()
        let (status, output) = try await TwilioOfficialClientTests.run(python, [script.path], environment: [
            "STRIPE_CHECK_API_BASE": base, "STRIPE_CHECK_SECRET_KEY": server.configuration.secretKey,
            "STRIPE_CHECK_WEBHOOK_SECRET": server.webhookSecret, "STRIPE_CHECK_PRICE": "price_floworx_basic",
        ])
        await server.stop()
        #expect(status == 0, "\(output)")
        #expect(output.contains("\"ok\": true"), "\(output)")
        print(output)
    }
}
