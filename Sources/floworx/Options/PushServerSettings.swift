import FloWorxIntegrations
import FloWorxServer

/// The web push settings of `floworx serve`'s API, from the environment:
///
/// - `FLOWORX_VAPID_PRIVATE_KEY` (and `FLOWORX_VAPID_SUBJECT`): the key whose public half
///   `GET /api/v1/push/vapid-public-key` serves; unset: web push is off and that endpoint answers 503;
/// - `FLOWORX_PUSH_ALLOW_INSECURE_ENDPOINTS` (default false): accept `http://` endpoints on loopback hosts (tests, demo);
/// - `FLOWORX_PUSH_MAX_SUBSCRIPTIONS_PER_USER` (default 20, 1...1000).
enum PushServerSettings {
    static func fromEnvironment() throws -> PushServerConfiguration {
        let vapid: WebPushConfiguration?
        do {
            vapid = try WebPushConfiguration.fromEnvironment()
        } catch {
            // The error names the variable, never the key.
            throw ConfigurationError(error.description)
        }
        return PushServerConfiguration(
            vapidPublicKey: vapid?.keys.publicKeyBase64URL,
            allowInsecureEndpoints: try Environment.bool("FLOWORX_PUSH_ALLOW_INSECURE_ENDPOINTS") ?? false,
            maximumSubscriptionsPerUser: try Environment.int("FLOWORX_PUSH_MAX_SUBSCRIPTIONS_PER_USER", range: 1...1000) ?? 20
        )
    }
}
