import FloWorxCore
import FloWorxStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// `POST /api/v1/webhooks/stripe`: Stripe's events. The `Stripe-Signature` is checked first, against the raw body
/// byte for byte (`StripeSignature`); any failure is a 400 with a stable code and nothing is written. A verified event
/// is applied once (`StripeEventProcessor`): 200 `{"received": true, "outcome": …}` for applied, refetched, ignored
/// and duplicate events alike; 409 when the event cannot be applied yet (Stripe retries it), 502 when Stripe could not
/// be asked for the current object.
struct StripeWebhookController: Sendable {
    let processor: StripeEventProcessor
    let configuration: BillingServerConfiguration
    static let path = "api/v1/webhooks/stripe"

    init(database: Database, configuration: BillingServerConfiguration) {
        self.processor = StripeEventProcessor(
            database: database.service, plans: configuration.plans, source: configuration.objectSource, gracePeriod: configuration.gracePeriod)
        self.configuration = configuration
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post(RouterPath(Self.path)) { request, context in await APIError.handle(request) { try await receive(request, context) } }
    }

    private func receive(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard !configuration.webhookSecrets.isEmpty else {
            throw APIError(.serviceUnavailable, "stripe_webhook_not_configured", "Stripe webhooks need STRIPE_WEBHOOK_SECRETS")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: configuration.maximumBody)
        } catch {
            throw APIError(.contentTooLarge, "body_too_large", "webhook bodies must be at most \(configuration.maximumBody) bytes")
        }
        // The exact bytes received: no decoding or re-encoding before the signature check.
        let payload = Data(body.readableBytesView)
        let verifier = StripeSignature(secrets: configuration.webhookSecrets, tolerance: configuration.tolerance)
        switch verifier.verify(header: request.headers[HTTPField.Name(StripeSignature.header)!], payload: payload) {
        case .failure(let failure):
            context.logger.warning("stripe webhook refused", metadata: ["reason": "\(failure.rawValue)"])
            throw APIError(.badRequest, failure.rawValue, Self.message(failure))
        case .success:
            break
        }
        guard let event = StripeEvent(json: payload) else {
            throw APIError(.badRequest, "invalid_stripe_event", "the body is not a Stripe event (id, type, created, data.object)")
        }
        let outcome: StripeEventProcessor.Outcome
        do {
            outcome = try await processor.process(event)
        } catch let error as StripeEventProcessor.Unresolved {
            context.logger.warning("stripe event not applied; Stripe will retry", metadata: ["event": "\(event.id)", "type": "\(event.type)", "code": "\(error.code)"])
            let status: HTTPResponse.Status = error.code == "stripe_fetch_failed" ? .badGateway : (error.code == "invalid_stripe_event" ? .badRequest : .conflict)
            throw APIError(status, error.code, error.message)
        }
        context.logger.info("stripe event", metadata: ["event": "\(event.id)", "type": "\(event.type)", "outcome": "\(outcome.rawValue)"])
        return APIError.json(["received": true, "outcome": outcome.rawValue] as [String: Any], status: .ok)
    }

    static func message(_ failure: StripeSignature.Failure) -> String {
        switch failure {
        case .missing: "the request has no Stripe-Signature header"
        case .malformed: "the Stripe-Signature header is not t=<timestamp>,v1=<signature>"
        case .noV1: "the Stripe-Signature header has no v1 signature"
        case .outsideTolerance: "the Stripe-Signature timestamp is outside the tolerance"
        case .mismatch: "no v1 signature matches the body under the endpoint's secrets"
        }
    }
}
