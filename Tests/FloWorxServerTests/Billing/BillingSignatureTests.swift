import FloWorxServer
import Foundation
import Testing

/// `Stripe-Signature` verification as Stripe specifies it (issue 15).
@Suite("Billing: Stripe signature")
struct BillingSignatureTests {
    let secret = "whsec_test_current"
    let old = "whsec_test_previous"
    let body = Data(#"{"id": "evt_1", "type": "invoice.paid", "created": 1800000000, "data": {"object": {"id": "in_1"}}}"#.utf8)
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    var t: Int64 { Int64(now.timeIntervalSince1970) }

    func verify(_ header: String?, secrets: [String]? = nil, body: Data? = nil, at: Date? = nil) -> Result<Int64, StripeSignature.Failure> {
        StripeSignature(secrets: secrets ?? [secret], tolerance: 300).verify(header: header, payload: body ?? self.body, now: at ?? now)
    }

    func failure(_ result: Result<Int64, StripeSignature.Failure>) -> StripeSignature.Failure? {
        if case .failure(let failure) = result { return failure }
        return nil
    }

    @Test("a valid signature passes and gives its timestamp")
    func valid() throws {
        let header = StripeSignature.header(payload: body, secret: secret, timestamp: t)
        #expect(try verify(header).get() == t)
        // Within the tolerance on both sides.
        #expect(failure(verify(StripeSignature.header(payload: body, secret: secret, timestamp: t - 300))) == nil)
        #expect(failure(verify(StripeSignature.header(payload: body, secret: secret, timestamp: t + 300))) == nil)
    }

    @Test("expired and future timestamps are refused")
    func tolerance() {
        #expect(failure(verify(StripeSignature.header(payload: body, secret: secret, timestamp: t - 301))) == .outsideTolerance)
        #expect(failure(verify(StripeSignature.header(payload: body, secret: secret, timestamp: t + 301))) == .outsideTolerance)
    }

    @Test("a wrong secret is refused; a rotated secret passes while both are configured")
    func secrets() {
        let byOld = StripeSignature.header(payload: body, secret: old, timestamp: t)
        #expect(failure(verify(byOld)) == .mismatch)
        #expect(failure(verify(byOld, secrets: [secret, old])) == nil)
        #expect(failure(verify(StripeSignature.header(payload: body, secret: secret, timestamp: t), secrets: [old, secret])) == nil)
        #expect(failure(verify(byOld, secrets: [])) == .mismatch)
    }

    @Test("several v1 values: any match passes; v0 and unknown schemes are ignored")
    func severalV1() {
        let good = StripeSignature.signature(payload: body, secret: secret, timestamp: t)
        let bad = String(repeating: "ab", count: 32)
        #expect(failure(verify("t=\(t),v1=\(bad),v1=\(good)")) == nil)
        #expect(failure(verify("t=\(t),v0=\(bad),v1=\(good),v2=zzz,x=1")) == nil)
        #expect(failure(verify("v1=\(good),t=\(t)")) == nil)
        #expect(failure(verify("t=\(t), v1=\(good.uppercased())")) == nil)
        #expect(failure(verify("t=\(t),v0=\(good)")) == .noV1)
        #expect(failure(verify("t=\(t),v1=\(bad),v1=\(bad)")) == .mismatch)
    }

    @Test("malformed headers are refused with their own code")
    func malformed() {
        let good = StripeSignature.signature(payload: body, secret: secret, timestamp: t)
        #expect(failure(verify(nil)) == .missing)
        #expect(failure(verify("")) == .missing)
        for header in ["v1=\(good)", "t=abc,v1=\(good)", "t=\(t)v1=\(good)", "t=\(t),,v1=\(good)", "t=,v1=\(good)", "=\(t)", "garbage",
                       "t=\(t),t=\(t),v1=\(good)", "t=-\(t),v1=\(good)", "t=\(t),v1", String(repeating: "t=1,", count: 3000)] {
            #expect(failure(verify(header)) == .malformed, "\(header.prefix(60))")
        }
        // A v1 that is not 64 hex digits matches nothing.
        #expect(failure(verify("t=\(t),v1=\(good.dropLast())")) == .noV1)
        #expect(failure(verify("t=\(t),v1=zz\(good.dropFirst(2))")) == .noV1)
    }

    @Test("a body altered by one byte is refused, wherever the byte is")
    func alteredBody() {
        let header = StripeSignature.header(payload: body, secret: secret, timestamp: t)
        for index in stride(from: 0, to: body.count, by: 7) {
            var altered = body
            altered[index] ^= 0x01
            #expect(failure(verify(header, body: altered)) == .mismatch)
        }
        var longer = body
        longer.append(0x20)
        #expect(failure(verify(header, body: longer)) == .mismatch)
        #expect(failure(verify(header, body: body.dropLast())) == .mismatch)
    }
}
