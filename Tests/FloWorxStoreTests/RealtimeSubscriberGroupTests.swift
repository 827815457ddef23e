import FloWorxStore
import Foundation
import Testing

/// Realtime groups subscribers whose tokens differ only in their lifetime: one visibility read serves them all.
@Suite struct RealtimeSubscriberGroupTests {
    static func claims(_ identity: RequestIdentity) throws -> [String: String] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(identity.claimsJSON.utf8)) as? [String: Any])
        return object.mapValues { "\($0)" }
    }

    @Test func tokensOfOneSessionDifferingInLifetimeShareAGroup() throws {
        let user = UUID()
        let sub = user.uuidString.lowercased()
        let first = RequestIdentity(role: .authenticated, userId: user,
                                    claimsJSON: #"{"sub":"\#(sub)","role":"authenticated","aal":"aal1","session_id":"s1","iat":1000,"exp":4600}"#)
        let refreshed = RequestIdentity(role: .authenticated, userId: user,
                                        claimsJSON: #"{"exp":8200,"iat":4600,"nbf":4600,"session_id":"s1","aal":"aal1","role":"authenticated","sub":"\#(sub)"}"#)
        let a = RealtimeSubscriberGroup.visibilityIdentity(first)
        let b = RealtimeSubscriberGroup.visibilityIdentity(refreshed)
        #expect(a == b)
        #expect(try Self.claims(a) == ["sub": sub, "role": "authenticated", "aal": "aal1", "session_id": "s1"])
        // Every other claim still separates groups: another session, another assurance level, another user.
        let otherSession = RequestIdentity(role: .authenticated, userId: user,
                                           claimsJSON: #"{"sub":"\#(sub)","role":"authenticated","aal":"aal1","session_id":"s2","iat":1000,"exp":4600}"#)
        #expect(RealtimeSubscriberGroup.visibilityIdentity(otherSession) != a)
        let mfa = RequestIdentity(role: .authenticated, userId: user,
                                  claimsJSON: #"{"sub":"\#(sub)","role":"authenticated","aal":"aal2","session_id":"s1","iat":1000,"exp":4600}"#)
        #expect(RealtimeSubscriberGroup.visibilityIdentity(mfa) != a)
        // Without lifetime claims, or unreadable claims: unchanged.
        #expect(RealtimeSubscriberGroup.visibilityIdentity(.anonymous) == .anonymous)
        let odd = RequestIdentity(role: .anon, userId: nil, claimsJSON: "not json")
        #expect(RealtimeSubscriberGroup.visibilityIdentity(odd) == odd)
    }
}
