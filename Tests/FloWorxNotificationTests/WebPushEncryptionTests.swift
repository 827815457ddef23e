import Crypto
import FloWorxIntegrations
import Foundation
import Testing

/// RFC 8291 message encryption and RFC 8292 VAPID tokens, without a network.
@Suite("Web push: encryption and VAPID")
struct WebPushEncryptionTests {
    /// RFC 8291 Appendix A: the exact keys, salt and auth secret give the exact message body. This proves the key
    /// derivation, the record layout and the header independently of any other implementation FloWorx tests with.
    @Test func rfc8291AppendixAVector() throws {
        func d(_ text: String) throws -> Data { try #require(Base64URL.decode(text)) }
        let serverKey = try P256.KeyAgreement.PrivateKey(rawRepresentation: d("yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw"))
        #expect(Base64URL.encode(serverKey.publicKey.x963Representation)
            == "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8")
        let subscription = try WebPushSubscription(
            endpoint: "https://push.example.net/push/JzLQ3raZJfFBR0aqvOMsLrt54w4rJUsV",
            p256dhBase64URL: "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
            authBase64URL: "BTBZMqHH6r4Tts7J_aSIgg")
        let body = try WebPushEncryption.encrypt(
            Data("When I grow up, I want to be a watermelon".utf8), for: subscription, serverKey: serverKey,
            salt: d("DGv6ra1nlYgDCS1FRnbzlw"))
        #expect(Base64URL.encode(body) == """
            DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_\
            yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN
            """)
        // The user agent's private key of the appendix decrypts it back.
        let receiver = try P256.KeyAgreement.PrivateKey(rawRepresentation: d("q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94"))
        let plaintext = WebPushEncryption.decrypt(body, receiverKey: receiver, auth: subscription.auth)
        #expect(plaintext.map { String(decoding: $0, as: UTF8.self) } == "When I grow up, I want to be a watermelon")
    }

    /// A fresh ephemeral key and salt per message; the largest plaintext fills exactly a 4096-byte message and one
    /// byte more is refused before anything is sent.
    @Test func freshKeysAndTheSizeLimit() throws {
        let browser = WebPushBrowser()
        let subscription = try browser.subscription("https://push.example.net/push/abc")
        let first = try WebPushEncryption.encrypt(Data("hello".utf8), for: subscription)
        let second = try WebPushEncryption.encrypt(Data("hello".utf8), for: subscription)
        #expect(first.prefix(86) != second.prefix(86), "salt and key id differ per message")
        #expect(WebPushEncryption.decrypt(first, receiverKey: browser.privateKey, auth: browser.auth) == Data("hello".utf8))
        // Another subscriber's keys cannot read it.
        let other = WebPushBrowser()
        #expect(WebPushEncryption.decrypt(first, receiverKey: other.privateKey, auth: browser.auth) == nil)
        #expect(WebPushEncryption.decrypt(first, receiverKey: browser.privateKey, auth: other.auth) == nil)

        let largest = Data(repeating: 0x41, count: WebPushEncryption.maximumPlaintextSize)
        #expect(WebPushEncryption.maximumPlaintextSize == 3993)
        let full = try WebPushEncryption.encrypt(largest, for: subscription)
        #expect(full.count == 4096)
        #expect(WebPushEncryption.decrypt(full, receiverKey: browser.privateKey, auth: browser.auth) == largest)
        #expect(throws: WebPushError.payloadTooLarge(size: 3994, limit: 3993)) {
            try WebPushEncryption.encrypt(largest + Data([0x41]), for: subscription)
        }
    }

    /// Subscription keys of the wrong shape are refused when the subscription is made.
    @Test func subscriptionKeysAreChecked() throws {
        let browser = WebPushBrowser()
        #expect(throws: WebPushError.self) { try WebPushSubscription(endpoint: "https://p.test/x", p256dhBase64URL: browser.p256dh, authBase64URL: "AAAA") }
        #expect(throws: WebPushError.self) { try WebPushSubscription(endpoint: "https://p.test/x", p256dhBase64URL: "BAAA", authBase64URL: browser.authText) }
        #expect(throws: WebPushError.self) { try WebPushSubscription(endpoint: "ftp://p.test/x", p256dhBase64URL: browser.p256dh, authBase64URL: browser.authText) }
        #expect(WebPushSubscription.origin(of: "https://fcm.googleapis.com/fcm/send/abc") == "https://fcm.googleapis.com")
        #expect(WebPushSubscription.origin(of: "https://Push.Example.NET:443/x") == "https://push.example.net")
        #expect(WebPushSubscription.origin(of: "http://127.0.0.1:8123/push/x") == "http://127.0.0.1:8123")
    }

    /// The VAPID JWT: ES256 over header.claims, r||s signature that the public key verifies, aud = origin,
    /// exp ≤ 24 h, sub from the configuration; the header carries t= and k=.
    @Test func vapidToken() throws {
        let keys = VAPIDKeys.generate()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let header = try VAPIDToken.authorization(keys: keys, audience: "https://push.example.net", subject: "mailto:ops@floworx.test", now: now)
        #expect(header.hasPrefix("vapid t="))
        #expect(header.hasSuffix(", k=\(keys.publicKeyBase64URL)"))
        let jwt = String(header.dropFirst("vapid t=".count).prefix { $0 != "," })
        let parts = jwt.split(separator: ".").map(String.init)
        #expect(parts.count == 3)
        let head = try JSONSerialization.jsonObject(with: try #require(Base64URL.decode(parts[0]))) as? [String: Any]
        let claims = try JSONSerialization.jsonObject(with: try #require(Base64URL.decode(parts[1]))) as? [String: Any]
        #expect(head?["alg"] as? String == "ES256")
        #expect(claims?["aud"] as? String == "https://push.example.net")
        #expect(claims?["sub"] as? String == "mailto:ops@floworx.test")
        #expect(claims?["exp"] as? Int == 1_800_000_000 + 12 * 3600)
        let signature = try P256.Signing.ECDSASignature(rawRepresentation: try #require(Base64URL.decode(parts[2])))
        #expect(keys.privateKey.publicKey.isValidSignature(signature, for: Data("\(parts[0]).\(parts[1])".utf8)))
        #expect(keys.publicKey.count == 65)

        #expect(throws: WebPushError.self) {
            try VAPIDToken.jwt(keys: keys, audience: "https://p.test", subject: "mailto:ops@floworx.test", lifetime: 24 * 3600 + 1)
        }
        #expect(throws: WebPushError.self) { try VAPIDToken.jwt(keys: keys, audience: "https://p.test", subject: "ops@floworx.test") }
    }

    /// FLOWORX_VAPID_PRIVATE_KEY / FLOWORX_VAPID_SUBJECT: unset is "web push off"; a bad value is an error naming the
    /// variable that never repeats the key; the key round-trips through its base64url form.
    @Test func configurationFromEnvironment() throws {
        #expect(try WebPushConfiguration.fromEnvironment([:]) == nil)
        let keys = VAPIDKeys.generate()
        let configured = try #require(try WebPushConfiguration.fromEnvironment([
            "FLOWORX_VAPID_PRIVATE_KEY": keys.privateKeyBase64URL, "FLOWORX_VAPID_SUBJECT": "https://floworx.test/contact",
        ]))
        #expect(configured.keys.publicKeyBase64URL == keys.publicKeyBase64URL)
        #expect(!"\(configured.keys)".contains(keys.privateKeyBase64URL))
        let badKey = "c2hvcnQtYnV0LXNlY3JldA"
        do {
            _ = try WebPushConfiguration.fromEnvironment(["FLOWORX_VAPID_PRIVATE_KEY": badKey, "FLOWORX_VAPID_SUBJECT": "mailto:a@b.test"])
            Issue.record("a 16-byte key was accepted")
        } catch {
            #expect(error.description.contains("FLOWORX_VAPID_PRIVATE_KEY"))
            #expect(!error.description.contains(badKey))
        }
        #expect(throws: WebPushError.self) {
            try WebPushConfiguration.fromEnvironment(["FLOWORX_VAPID_PRIVATE_KEY": keys.privateKeyBase64URL])
        }
        #expect(throws: WebPushError.self) {
            try WebPushConfiguration.fromEnvironment(["FLOWORX_VAPID_PRIVATE_KEY": keys.privateKeyBase64URL, "FLOWORX_VAPID_SUBJECT": "ops"])
        }
    }
}
