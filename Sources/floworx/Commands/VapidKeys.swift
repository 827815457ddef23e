import ArgumentParser
import FloWorxIntegrations
import Foundation

/// `floworx vapid-keys`: a new VAPID key pair for web push (RFC 8292).
struct VapidKeys: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vapid-keys",
        abstract: "Print a new VAPID key pair for web push.",
        discussion: """
            Set FLOWORX_VAPID_PRIVATE_KEY to the private key (keep it secret, like JWT_SECRET) and FLOWORX_VAPID_SUBJECT to \
            a mailto: or https: contact. Browsers subscribe with the public key, which the server also serves at \
            GET /api/v1/push/vapid-public-key. Changing the key invalidates every existing subscription.
            """
    )

    @Flag(help: "Print JSON: {\"private_key\", \"public_key\"}.")
    var json = false

    func run() throws {
        let keys = VAPIDKeys.generate()
        if json {
            let object = ["private_key": keys.privateKeyBase64URL, "public_key": keys.publicKeyBase64URL]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("FLOWORX_VAPID_PRIVATE_KEY=\(keys.privateKeyBase64URL)")
            print("public key (applicationServerKey): \(keys.publicKeyBase64URL)")
        }
    }
}
