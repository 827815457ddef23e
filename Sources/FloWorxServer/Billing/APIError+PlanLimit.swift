import FloWorxStore
import Foundation
import HTTPTypes

extension APIError {
    /// A plan's mailbox or manager limit refusal (`PlanLimitError`, SQLSTATE FW402 from migration 0049's triggers) as
    /// the API's 402 `plan_limit_reached`, naming the limit, the plan and the way to upgrade.
    init(planLimit refusal: PlanLimitError) {
        self.init(.paymentRequired, PlanLimitError.code, refusal.message + (refusal.hint.isEmpty ? "" : " " + refusal.hint), details: refusal.details)
    }

    /// Runs `body`; a plan limit refusal it throws (from the repository's check or from a trigger) becomes
    /// `APIError(planLimit:)`, so that routes that answer `APIError`s in their own way (the OAuth callback's redirect
    /// back to the web app) answer it too. Other errors pass unchanged.
    static func mappingPlanLimit<Result: Sendable>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let refusal as PlanLimitError {
            throw APIError(planLimit: refusal)
        } catch {
            if let refusal = PlanLimitError(error) { throw APIError(planLimit: refusal) }
            throw error
        }
    }
}

extension HTTPResponse.Status {
    /// 402 Payment Required: the plan does not allow this; upgrading does (HTTPTypes names no constant for it).
    static let paymentRequired = HTTPResponse.Status(code: 402, reasonPhrase: "Payment Required")
}
