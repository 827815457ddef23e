import Foundation

/// The plans FloWorx sells, read from a validated plans file (`FLOWORX_BILLING_PLANS_FILE`, else the built-in
/// `PlanCatalog.builtIn`), and the plan of a business without a subscription (`freePlanId`).
///
/// The file is `{"free_plan": "free", "plans": [{"id", "name", "price_cents", "currency", "interval",
/// "stripe_price_id", "limits": {"emails_per_month", "mailboxes", "drafts_per_month", "llm_tokens_per_month",
/// "managers"}, "features": [...]}]}`; every limit must be present, a non-negative integer or `null` (unlimited).
public struct PlanCatalog: Sendable, Hashable {
    /// The plans, in file order.
    public var plans: [Plan]
    /// The plan of a business without a subscription (and of one whose subscription names an unknown plan).
    public var freePlanId: String

    /// The free plan.
    public var freePlan: Plan { plans.first { $0.id == freePlanId }! }

    /// The plan `id`, if the catalog has it.
    public func plan(id: String) -> Plan? { plans.first { $0.id == id } }

    /// The plan Checkout sells with the Stripe price `priceId`.
    public func plan(stripePriceId priceId: String) -> Plan? { plans.first { $0.stripePriceId == priceId } }

    /// The catalog in `data`, validated; throws `PlanCatalogError` listing every problem by field.
    public static func parse(_ data: Data) throws -> PlanCatalog {
        guard let root = try? JSONDecoder().decode(JSONValue.self, from: data) else {
            throw PlanCatalogError(problems: [.init(field: "$", message: "is not JSON")])
        }
        var problems: [PlanCatalogError.Problem] = []
        func problem(_ field: String, _ message: String) { problems.append(.init(field: field, message: message)) }
        guard let object = root.objectValue else { throw PlanCatalogError(problems: [.init(field: "$", message: "must be an object")]) }
        for key in object.keys where key != "free_plan" && key != "plans" { problem(key, "is not a known field") }
        let freeId = object["free_plan"]?.stringValue
        if freeId == nil { problem("free_plan", "must be the id of one plan") }
        var plans: [Plan] = []
        guard let items = object["plans"]?.arrayValue, !items.isEmpty else {
            problem("plans", "must be a non-empty array")
            throw PlanCatalogError(problems: problems)
        }
        for (index, item) in items.enumerated() {
            let path = "plans[\(index)]"
            guard let fields = item.objectValue else { problem(path, "must be an object"); continue }
            let known: Set = ["id", "name", "price_cents", "currency", "interval", "stripe_price_id", "limits", "features"]
            for key in fields.keys.sorted() where !known.contains(key) { problem("\(path).\(key)", "is not a known field") }
            let id = fields["id"]?.stringValue ?? ""
            if id.isEmpty || id.count > 40 || !id.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == "_") }) {
                problem("\(path).id", "must be 1-40 characters of a-z, 0-9, '-' and '_'")
            } else if plans.contains(where: { $0.id == id }) {
                problem("\(path).id", "repeats the plan id '\(id)'")
            }
            let name = fields["name"]?.stringValue ?? ""
            if name.trimmingCharacters(in: .whitespaces).isEmpty || name.count > 100 { problem("\(path).name", "must be 1-100 characters") }
            let price = integer(fields["price_cents"])
            if price == nil || price! < 0 { problem("\(path).price_cents", "must be a non-negative integer (the smallest currency unit)") }
            let currency = fields["currency"]?.stringValue ?? ""
            if currency.count != 3 || !currency.allSatisfy({ $0.isASCII && $0.isLetter }) { problem("\(path).currency", "must be a 3-letter ISO 4217 code") }
            let interval = fields["interval"]?.stringValue ?? ""
            if interval != "month" && interval != "year" { problem("\(path).interval", "must be 'month' or 'year'") }
            var priceId: String?
            switch fields["stripe_price_id"] {
            case nil, .null?: priceId = nil
            case .string(let value)? where !value.isEmpty && value.count <= 255: priceId = value
            default: problem("\(path).stripe_price_id", "must be a Stripe price id or null")
            }
            if let priceId, plans.contains(where: { $0.stripePriceId == priceId }) {
                problem("\(path).stripe_price_id", "repeats the Stripe price '\(priceId)'")
            }
            if priceId == nil, (price ?? 0) > 0 { problem("\(path).stripe_price_id", "is required for a plan with a price") }
            var limits = PlanLimits(emailsPerMonth: nil, mailboxes: nil, draftsPerMonth: nil, llmTokensPerMonth: nil, managers: nil)
            if let limitFields = fields["limits"]?.objectValue {
                let keys: [(String, WritableKeyPath<PlanLimits, Int?>)] = [
                    ("emails_per_month", \.emailsPerMonth), ("mailboxes", \.mailboxes), ("drafts_per_month", \.draftsPerMonth),
                    ("llm_tokens_per_month", \.llmTokensPerMonth), ("managers", \.managers),
                ]
                for key in limitFields.keys.sorted() where !keys.contains(where: { $0.0 == key }) { problem("\(path).limits.\(key)", "is not a known limit") }
                for (key, keyPath) in keys {
                    switch limitFields[key] {
                    case nil: problem("\(path).limits.\(key)", "is required (an integer >= 0, or null for unlimited)")
                    case .null?: limits[keyPath: keyPath] = nil
                    case let value?:
                        if let number = integer(value), number >= 0 { limits[keyPath: keyPath] = number } else {
                            problem("\(path).limits.\(key)", "must be an integer >= 0, or null for unlimited")
                        }
                    }
                }
            } else {
                problem("\(path).limits", "must be an object")
            }
            var features: [String] = []
            switch fields["features"] {
            case nil: break
            case .array(let values)?:
                for (featureIndex, value) in values.enumerated() {
                    if let feature = value.stringValue, !feature.isEmpty { features.append(feature) } else {
                        problem("\(path).features[\(featureIndex)]", "must be a non-empty string")
                    }
                }
            default: problem("\(path).features", "must be an array of strings")
            }
            plans.append(Plan(id: id, name: name, priceCents: price ?? 0, currency: currency.uppercased(), interval: interval,
                              stripePriceId: priceId, limits: limits, features: features))
        }
        if let freeId {
            if let free = plans.first(where: { $0.id == freeId }) {
                if free.stripePriceId != nil || free.priceCents != 0 { problem("free_plan", "must name a plan without a price or Stripe price") }
            } else {
                problem("free_plan", "names no plan of the file ('\(freeId)')")
            }
        }
        if !problems.isEmpty { throw PlanCatalogError(problems: problems) }
        return PlanCatalog(plans: plans, freePlanId: freeId!)
    }

    /// An integer JSON number (2.0 is 2; 2.5 is not an integer).
    private static func integer(_ value: JSONValue?) -> Int? {
        guard let number = value?.numberValue, number.rounded() == number, abs(number) < 9e15 else { return nil }
        return Int(number)
    }

    /// The catalog FloWorx ships (also documented in docs/billing.md): `free` for businesses without a subscription,
    /// `starter` and `pro` sold through Stripe. Operators replace it with `FLOWORX_BILLING_PLANS_FILE`.
    public static let builtIn: PlanCatalog = try! parse(Data(builtInJSON.utf8))

    /// The built-in plans file.
    public static let builtInJSON = """
        {
          "free_plan": "free",
          "plans": [
            {"id": "free", "name": "Free", "price_cents": 0, "currency": "USD", "interval": "month", "stripe_price_id": null,
             "limits": {"emails_per_month": 500, "mailboxes": 1, "drafts_per_month": 50, "llm_tokens_per_month": 50000, "managers": 2},
             "features": ["sorting", "escalation", "drafts"]},
            {"id": "starter", "name": "Starter", "price_cents": 4900, "currency": "USD", "interval": "month", "stripe_price_id": "price_floworx_starter",
             "limits": {"emails_per_month": 5000, "mailboxes": 2, "drafts_per_month": 1000, "llm_tokens_per_month": 1000000, "managers": 5},
             "features": ["sorting", "escalation", "drafts", "sms_alerts", "digest"]},
            {"id": "pro", "name": "Pro", "price_cents": 14900, "currency": "USD", "interval": "month", "stripe_price_id": "price_floworx_pro",
             "limits": {"emails_per_month": 50000, "mailboxes": 10, "drafts_per_month": 10000, "llm_tokens_per_month": 10000000, "managers": 25},
             "features": ["sorting", "escalation", "drafts", "sms_alerts", "digest", "second_opinion"]}
          ]
        }
        """
}
