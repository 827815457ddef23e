import FloWorxIntegrations
import FloWorxStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// `POST /api/v1/webhooks/twilio/status`: Twilio's delivery status callbacks for the SMS FloWorx sent. The
/// `X-Twilio-Signature` is checked against the Auth Token and the public URL (403 `invalid_twilio_signature`), then
/// the status is recorded on the notification whose provider message id is the `MessageSid`. An unknown SID answers
/// 200 all the same (Twilio would otherwise retry a report nobody can use) and is logged.
struct TwilioStatusController: Sendable {
    let statuses: NotificationStatusRepository
    let configuration: TwilioWebhookConfiguration
    /// Status callbacks are a few hundred bytes of form fields.
    static let maximumBody = 64 * 1024
    /// The route, also the path of `TwilioConfiguration.statusCallbackPath`.
    static let path = "api/v1/webhooks/twilio/status"

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post(RouterPath(Self.path)) { request, context in await APIError.handle(request) { try await status(request, context) } }
    }

    private func status(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let token = configuration.authToken else {
            throw APIError(.serviceUnavailable, "provider_not_configured", "SMS status callbacks need FLOWORX_TWILIO_AUTH_TOKEN")
        }
        let data: Data
        do {
            data = Data(try await request.body.collect(upTo: Self.maximumBody).readableBytesView)
        } catch {
            throw APIError(.contentTooLarge, "body_too_large", "status callbacks must be at most \(Self.maximumBody) bytes")
        }
        let parameters = TwilioSignature.formParameters(data)
        // The signature is checked first: an unsigned request learns nothing about which bodies parse.
        let signature = request.headers[HTTPField.Name(TwilioSignature.header)!]
        guard let signature, !signature.isEmpty else {
            throw APIError(.forbidden, "missing_twilio_signature", "the request has no X-Twilio-Signature header")
        }
        guard TwilioSignature.isValid(signature, url: signedURL(request), parameters: parameters ?? [], authToken: token) else {
            throw APIError(.forbidden, "invalid_twilio_signature", "X-Twilio-Signature does not match this request")
        }
        guard let parameters, let callback = TwilioStatusCallback(parameters: parameters) else {
            throw APIError(.badRequest, "invalid_status_callback", "expected a form-encoded body with MessageSid and MessageStatus")
        }
        let notificationId = request.uri.queryParameters.get("notification").flatMap { UUID(uuidString: String($0)) }
        let outcome = try await statuses.record(
            messageSid: callback.messageSid, providerStatus: callback.status,
            failureReason: callback.isFailure ? callback.failureReason : nil, notificationId: notificationId)
        switch outcome {
        case .unknown:
            context.logger.warning("twilio status for an unknown message", metadata: ["message_sid": "\(callback.messageSid)", "status": "\(callback.status)"])
        case .stale(let id):
            context.logger.debug("twilio status older than the stored one", metadata: ["notification_id": "\(id)", "status": "\(callback.status)"])
        case .updated(let id, let status):
            context.logger.info("twilio status recorded", metadata: ["notification_id": "\(id)", "provider_status": "\(callback.status)", "status": "\(status)"])
        }
        // Twilio reads nothing from the answer: an empty 200, for known and unknown messages alike.
        return Response(status: .ok)
    }

    /// The URL Twilio signed: the public base plus the request's path and query, as Twilio called it.
    func signedURL(_ request: Request) -> String {
        let pathAndQuery = request.uri.string.hasPrefix("/") ? request.uri.string : "/" + request.uri.string
        if let publicURL = configuration.publicURL {
            var base = publicURL
            while base.hasSuffix("/") { base.removeLast() }
            return base + pathAndQuery
        }
        let host = request.head.authority ?? "127.0.0.1"
        return "http://" + host + pathAndQuery
    }
}
