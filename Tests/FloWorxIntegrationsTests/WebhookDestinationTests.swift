import FloWorxIntegrations
import Foundation
import Testing

/// A tenant's webhook step cannot reach into the operator's network: private, loopback, link-local and metadata
/// addresses are refused before any connection, unless the operator allows private receivers.
@Suite struct WebhookDestinationTests {
    @Test(arguments: ["127.0.0.1", "localhost", "169.254.169.254", "10.1.2.3", "172.20.0.1", "192.168.1.5", "100.64.0.1",
                      "0.0.0.0", "[::1]", "fe80::1", "fd00::1", "::ffff:127.0.0.1"])
    func inwardHostsAreRefused(host: String) {
        #expect(WebhookDestination.refusal(host: host) != nil)
    }

    @Test(arguments: ["8.8.8.8", "1.1.1.1", "2001:4860:4860::8888", "172.32.0.1"])
    func publicAddressesAreAllowed(host: String) {
        #expect(WebhookDestination.refusal(host: host) == nil)
    }

    @Test func theCloudMetadataAddressIsRefusedBeforeAnyRequest() async throws {
        let error = await #expect(throws: MailProviderError.self) {
            try await WebhookClient().post(url: "http://169.254.169.254/latest/meta-data", body: Data("{}".utf8), eventId: "e-1",
                                           secret: nil, timeout: .seconds(2))
        }
        #expect(error?.kind == .forbidden)
        #expect(error?.message.contains("169.254.169.254") == true)
    }
}
