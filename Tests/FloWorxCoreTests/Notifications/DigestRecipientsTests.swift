import FloWorxCore
import Testing

/// Who gets the digest: the owners, else the account, else the first manager.
@Suite struct DigestRecipientsTests {
    @Test func ownersFirstEachOnce() {
        let managers = [
            Manager(name: "Dispatch", email: "dispatch@acme.test", roles: [.dispatch]),
            Manager(name: "Ann", email: " Ann@Acme.test ", roles: [.owner, .sales]),
            Manager(name: "Ann again", email: "ann@acme.test", roles: [.owner]),
            Manager(name: "Bo", email: "bo@acme.test", roles: [.owner]),
        ]
        let recipients = DigestRecipients.resolve(managers: managers, accountEmail: "account@acme.test")
        #expect(recipients == [.init(email: "ann@acme.test", name: "Ann"), .init(email: "bo@acme.test", name: "Bo")])
    }

    @Test func withoutAnOwnerTheProfilesOwnAddressThenTheFirstManager() {
        let managers = [Manager(name: "Dispatch", email: "dispatch@acme.test", roles: [.dispatch])]
        #expect(DigestRecipients.resolve(managers: managers, contactEmail: "office@acme.test", accountEmail: "account@acme.test")
            == [.init(email: "office@acme.test")], "the business's contact address comes before the sign-in address")
        #expect(DigestRecipients.resolve(managers: managers, accountEmail: "Account@Acme.test") == [.init(email: "account@acme.test")])
        #expect(DigestRecipients.resolve(managers: managers, accountEmail: nil) == [.init(email: "dispatch@acme.test", name: "Dispatch")])
        #expect(DigestRecipients.resolve(managers: [], accountEmail: "not an address").isEmpty)
    }
}
