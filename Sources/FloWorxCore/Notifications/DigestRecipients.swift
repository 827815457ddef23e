import Foundation

/// Who receives a business's daily digest.
public enum DigestRecipients {
    /// One recipient of a digest.
    public struct Recipient: Sendable, Hashable {
        /// The address, trimmed and lower-cased: the dedupe key holds it.
        public var email: String
        public var name: String?

        public init(email: String, name: String? = nil) {
            self.email = email
            self.name = name
        }
    }

    /// The managers with the `owner` role; when there is none, the profile's own address (`contactEmail`, the
    /// business's contact in `client_config`, else `accountEmail`, the account's sign-in address); when that is missing
    /// too, the first manager. Addresses are compared case-insensitively and listed once.
    public static func resolve(managers: [Manager], contactEmail: String? = nil, accountEmail: String?) -> [Recipient] {
        func clean(_ email: String) -> String? {
            let address = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            // A usable mailbox address and nothing that could break a header.
            guard address.count <= 320, address.contains("@"), !address.contains(where: { $0.isWhitespace || $0.isNewline || $0 == "," }) else { return nil }
            return address
        }
        func name(_ text: String) -> String? {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : String(trimmed.prefix(200))
        }
        var seen = Set<String>()
        var owners: [Recipient] = []
        for manager in managers where manager.roles.contains(.owner) {
            if let email = clean(manager.email), seen.insert(email).inserted {
                owners.append(Recipient(email: email, name: name(manager.name)))
            }
        }
        if !owners.isEmpty { return owners }
        if let own = contactEmail.flatMap(clean) ?? accountEmail.flatMap(clean) { return [Recipient(email: own)] }
        if let first = managers.first, let email = clean(first.email) { return [Recipient(email: email, name: name(first.name))] }
        return []
    }
}
