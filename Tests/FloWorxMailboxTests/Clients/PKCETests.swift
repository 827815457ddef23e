import Foundation
import Testing

@testable import FloWorxIntegrations

@Suite("PKCE (RFC 7636)")
struct PKCETests {
    @Test("the S256 challenge of RFC 7636 appendix B")
    func appendixBVector() throws {
        let pkce = try #require(PKCE(verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
        #expect(pkce.challenge == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        #expect(PKCE.method == "S256")
    }

    @Test("a new verifier is 43 unreserved characters, different each time, and its challenge has no padding")
    func newVerifier() {
        let first = PKCE()
        let second = PKCE()
        #expect(first.verifier.count == 43)
        #expect(PKCE.isValidVerifier(first.verifier))
        #expect(first.verifier != second.verifier)
        #expect(first.challenge.count == 43)
        #expect(!first.challenge.contains("=") && !first.challenge.contains("+") && !first.challenge.contains("/"))
    }

    @Test("verifiers outside 43-128 unreserved characters are refused")
    func verifierGrammar() {
        #expect(PKCE(verifier: String(repeating: "a", count: 42)) == nil)
        #expect(PKCE(verifier: String(repeating: "a", count: 43)) != nil)
        #expect(PKCE(verifier: String(repeating: "a", count: 128)) != nil)
        #expect(PKCE(verifier: String(repeating: "a", count: 129)) == nil)
        #expect(PKCE(verifier: String(repeating: "a", count: 42) + "+") == nil)
        #expect(PKCE(verifier: String(repeating: "a", count: 42) + "~") != nil)
    }

    @Test("the description hides the verifier")
    func redacted() {
        let pkce = PKCE()
        #expect(!"\(pkce)".contains(pkce.verifier))
        #expect("\(pkce)".contains(pkce.challenge))
    }

    @Test("base64url round-trips with and without padding")
    func base64url() {
        let bytes = Data([0xFB, 0xFF, 0xBF, 0x00, 0x01])
        let text = Base64URL.encode(bytes)
        #expect(text == "-_-_AAE")
        #expect(Base64URL.decode(text) == bytes)
        #expect(Base64URL.decode(text + "=") == bytes)
        #expect(Base64URL.decode("+/+/AAE=") == bytes)
        #expect(Base64URL.decode("a") == nil)
        #expect(Base64URL.decode("!!!!") == nil)
    }
}
