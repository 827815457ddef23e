import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// How a delivery's `Stripe-Signature` is broken on purpose (the wrong-signature fault).
public enum LocalStripeSignatureFault: String, Sendable, CaseIterable {
    /// Signed with a secret that is not the endpoint's.
    case wrongSecret = "wrong_secret"
    /// A valid signature of other bytes than those sent.
    case tamperedBody = "tampered_body"
    /// Signed correctly, but `t=` is ten minutes old (outside the 5-minute tolerance).
    case staleTimestamp = "stale_timestamp"
    /// No `Stripe-Signature` header at all.
    case missing
}

/// The order a batch of held events is delivered in.
public enum LocalStripeDeliveryOrder: Sendable, Hashable {
    case asCreated
    case reversed
    /// A deterministic shuffle.
    case shuffled(seed: UInt64)
}

/// POSTs events to the webhook endpoint as Stripe does: the event JSON as the body, `Stripe-Signature: t=...,v1=...`
/// (HMAC-SHA256 keyed with the endpoint secret over `"{t}.{body}"`, hex). Deliveries go one at a time in the order
/// they were queued; every POST is recorded with the endpoint's answer. Holding, reordering, duplicating and
/// forging deliveries are the fault modes.
final class LocalStripeWebhookSender: Sendable {
    private struct Settings {
        var url: String?
        var secret: String
        var held: [LocalStripeEvent]?
        var forgeNext: [LocalStripeSignatureFault] = []
        var last: Task<Void, Never>?
    }

    private let settings: Mutex<Settings>
    private let records = Mutex<[LocalStripeDelivery]>([])

    init(url: String?, secret: String) {
        settings = Mutex(Settings(url: url, secret: secret))
    }

    var log: [LocalStripeDelivery] { records.withLock { $0 } }

    var secret: String { settings.withLock { $0.secret } }

    func setEndpoint(url: String?, secret: String?) {
        settings.withLock {
            $0.url = url
            if let secret { $0.secret = secret }
        }
    }

    /// Queues `event` for delivery (or holds it).
    func enqueue(_ event: LocalStripeEvent) {
        settings.withLock { settings in
            if settings.held != nil {
                settings.held!.append(event)
                return
            }
            if !settings.forgeNext.isEmpty {
                let fault = settings.forgeNext.removeFirst()
                schedule(event, fault: fault, settings: &settings)
            }
            schedule(event, fault: nil, settings: &settings)
        }
    }

    /// Later events wait until `release`.
    func hold() { settings.withLock { if $0.held == nil { $0.held = [] } } }

    /// Delivers the held events in `order`, then every `duplicateEvery`-th of them again (0: none), and stops holding.
    func release(order: LocalStripeDeliveryOrder, duplicateEvery: Int) {
        settings.withLock { settings in
            var batch = settings.held ?? []
            settings.held = nil
            switch order {
            case .asCreated: break
            case .reversed: batch.reverse()
            case .shuffled(let seed):
                var generator = SplitMix64(state: seed)
                batch.shuffle(using: &generator)
            }
            let duplicates: [LocalStripeEvent] = duplicateEvery > 0 ? batch.enumerated().filter { ($0.offset + 1) % duplicateEvery == 0 }.map(\.element) : []
            for event in batch + duplicates { schedule(event, fault: nil, settings: &settings) }
        }
    }

    /// The next `count` events are each first sent with `fault`, then genuinely.
    func forgeNext(_ count: Int, fault: LocalStripeSignatureFault) {
        settings.withLock { $0.forgeNext += Array(repeating: fault, count: max(0, count)) }
    }

    /// Sends `event` once more (a redelivery, or a forged copy with `fault`).
    func redeliver(_ event: LocalStripeEvent, fault: LocalStripeSignatureFault?) {
        settings.withLock { schedule(event, fault: fault, settings: &$0) }
    }

    /// Waits until every delivery queued so far has been answered (or failed).
    func drain() async {
        while true {
            let last = settings.withLock { $0.last }
            guard let last else { return }
            await last.value
            if settings.withLock({ $0.last == last }) { return }
        }
    }

    func cancelAll() {
        settings.withLock { $0.last?.cancel() }
    }

    /// `t=<timestamp>,v1=<hex HMAC-SHA256 of "t.body">`, as Stripe signs.
    static func signature(payload: Data, secret: String, timestamp: Int) -> String {
        var signed = Data("\(timestamp).".utf8)
        signed.append(payload)
        let mac = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: Data(secret.utf8)))
        return "t=\(timestamp),v1=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    private func schedule(_ event: LocalStripeEvent, fault: LocalStripeSignatureFault?, settings: inout Settings) {
        guard let url = settings.url else { return }
        let previous = settings.last, secret = settings.secret
        settings.last = Task { [self] in
            await previous?.value
            if Task.isCancelled { return }
            await post(event, url: url, secret: secret, fault: fault)
        }
    }

    private func post(_ event: LocalStripeEvent, url: String, secret: String, fault: LocalStripeSignatureFault?) async {
        let now = Int(Date().timeIntervalSince1970)
        let header: String?
        switch fault {
        case nil: header = Self.signature(payload: event.body, secret: secret, timestamp: now)
        case .wrongSecret: header = Self.signature(payload: event.body, secret: "whsec_" + LocalStripeConfiguration.randomToken(32), timestamp: now)
        case .tamperedBody: header = Self.signature(payload: event.body + Data(" ".utf8), secret: secret, timestamp: now)
        case .staleTimestamp: header = Self.signature(payload: event.body, secret: secret, timestamp: now - 600)
        case .missing: header = nil
        }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        request.headers.add(name: "User-Agent", value: "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
        request.headers.add(name: "Cache-Control", value: "no-cache")
        if let header { request.headers.add(name: "Stripe-Signature", value: header) }
        request.body = .bytes(ByteBuffer(bytes: event.body))
        var status: Int?
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(15))
            _ = try? await response.body.collect(upTo: 64 * 1024)
            status = Int(response.status.code)
        } catch {
            status = nil
        }
        let record = LocalStripeDelivery(eventId: event.id, eventType: event.type, signature: header ?? "",
                                         validSignature: fault == nil, responseStatus: status)
        records.withLock { $0.append(record) }
    }
}

/// A small seeded generator for deterministic shuffles (SplitMix64).
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
