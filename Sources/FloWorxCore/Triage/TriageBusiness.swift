/// What the triage model needs to know of the business a message was sent to.
public struct TriageBusiness: Sendable, Hashable {
    /// The industry key of DOMAIN.md (`hvac`, `roofing`, …); selects which extra categories are allowed.
    public var industry: String
    /// The business's own email domain, lower-cased (`acme-plumbing.com`).
    public var domain: String
    /// The managers' addresses, lower-cased.
    public var managers: Set<String>
    /// The suppliers' email domains, lower-cased.
    public var supplierDomains: [String]

    /// Lower-cases every address and domain, as the reference implementation does.
    public init(industry: String, domain: String, managers: some Sequence<String>, supplierDomains: some Sequence<String>) {
        self.industry = industry
        self.domain = domain.lowercased()
        self.managers = Set(managers.map { $0.lowercased() })
        self.supplierDomains = supplierDomains.map { $0.lowercased() }
    }
}

extension TriageBusiness {
    /// The business context of a client profile, as Training/train.py `biz_context` builds it from the same fields:
    /// `client_config.business.type` and `email_domain`, the managers' addresses, the suppliers' `domains` (a supplier's
    /// `email` alone does not make its domain a supplier domain). Missing values give an empty industry/domain, which
    /// masks every extra category and never matches a sender.
    public init(profile: ClientProfile) {
        self.init(
            industry: profile.industry?.rawValue ?? "", domain: profile.config.business?.emailDomain ?? "",
            managers: profile.managers.map(\.email), supplierDomains: profile.suppliers.flatMap(\.domains))
    }
}
