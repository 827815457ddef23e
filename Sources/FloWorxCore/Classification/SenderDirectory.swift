/// Who a sender is to the client: one of its managers, one of its suppliers, or someone on its own domain.
enum SenderDirectory {
    /// Whether `domain` (lowercased) is the business's own mail domain or a subdomain of it.
    static func isInternal(domain: String, profile: ClientProfile) -> Bool {
        guard let own = profile.config.business?.emailDomain?.lowercased(), !own.isEmpty, !domain.isEmpty else { return false }
        return domain == own || domain.hasSuffix("." + own)
    }

    /// The manager whose address is `email` (case-insensitive).
    static func manager(email: String, profile: ClientProfile) -> Manager? {
        let email = email.lowercased()
        return profile.managers.first { $0.email.lowercased() == email }
    }

    /// The supplier that sends from `email` or from its domain (or a subdomain of one of its domains).
    static func supplier(email: String, domain: String, profile: ClientProfile) -> Supplier? {
        let email = email.lowercased()
        return profile.suppliers.first { supplier in
            if let address = supplier.email?.lowercased(), address == email { return true }
            return supplier.domains.contains { listed in
                let listed = listed.lowercased()
                return !listed.isEmpty && (domain == listed || domain.hasSuffix("." + listed))
            }
        }
    }
}
