import Foundation
import PostgresNIO

/// A write refused because it would take a business past its plan's standing limit (connected mailboxes or
/// managers): SQLSTATE `FW402`, raised by the triggers of migration 0049 (`floworx.raise_plan_limit`). The API answers
/// it with 402 `plan_limit_reached`; nothing was written.
public struct PlanLimitError: Error, Sendable, Hashable {
    /// The SQLSTATE the database raises.
    public static let sqlState = "FW402"
    /// The API's error code.
    public static let code = "plan_limit_reached"

    /// `mailboxes` or `managers`.
    public var limit: String
    /// The plan's id and name.
    public var planId: String
    public var planName: String
    /// How many the plan allows, and how many the business has.
    public var allowed: Int
    public var current: Int
    /// The database's message (names the limit, the plan and that upgrading allows more).
    public var message: String
    /// The way out (the billing page, the checkout route, or removing one).
    public var hint: String
    /// The structured detail as the database sent it (JSON).
    public var details: String

    public init(limit: String, planId: String, planName: String, allowed: Int, current: Int, message: String, hint: String, details: String) {
        self.limit = limit
        self.planId = planId
        self.planName = planName
        self.allowed = allowed
        self.current = current
        self.message = message
        self.hint = hint
        self.details = details
    }

    /// The refusal in `error` (a server error with SQLSTATE FW402), else nil.
    public init?(_ error: any Error) {
        guard let server = (error as? PSQLError)?.serverInfo, server[.sqlState] == Self.sqlState else { return nil }
        self.init(message: server[.message], detail: server[.detail], hint: server[.hint])
    }

    /// The refusal from the fields of a server error.
    public init(message: String?, detail: String?, hint: String?) {
        let object = detail.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) } as? [String: Any] ?? [:]
        self.init(
            limit: object["limit"] as? String ?? "", planId: object["plan"] as? String ?? "", planName: object["plan_name"] as? String ?? "",
            allowed: object["allowed"] as? Int ?? 0, current: object["current"] as? Int ?? 0,
            message: message ?? "plan limit reached", hint: hint ?? "", details: detail ?? "{}")
    }
}
