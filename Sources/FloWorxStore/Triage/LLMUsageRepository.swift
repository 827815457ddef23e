import Foundation
import PostgresNIO

/// The LLM second opinion's daily budget per client and its token accounting (`floworx.llm_usage`, 0028).
///
/// `reserve` takes one request of today's (UTC) budget before the provider is called — check and count are one
/// statement under the row's lock, shared by every worker process — and `record` adds what the call cost afterwards.
public struct LLMUsageRepository: Sendable {
    let database: ServiceDatabase

    /// The daily budget of one client.
    public struct Budget: Sendable, Hashable {
        /// Requests per client and UTC day (`FLOWORX_LLM_DAILY_REQUESTS_PER_CLIENT`, default 200); 0 disables the calls.
        public var requestsPerDay: Int
        /// Tokens (prompt + completion) per client and UTC day (`FLOWORX_LLM_DAILY_TOKENS_PER_CLIENT`); 0: no token limit.
        public var tokensPerDay: Int

        public static let defaultRequestsPerDay = 200
        public static let defaultTokensPerDay = 0

        public init(requestsPerDay: Int = defaultRequestsPerDay, tokensPerDay: Int = defaultTokensPerDay) {
            self.requestsPerDay = requestsPerDay
            self.tokensPerDay = tokensPerDay
        }
    }

    /// A reserved request: the client and the UTC day it counts on.
    public struct Reservation: Sendable, Hashable {
        public var client: UUID
        /// `yyyy-MM-dd`, UTC.
        public var day: String
    }

    /// One client's usage of one day.
    public struct DailyUsage: Sendable, Hashable {
        public var requests: Int
        public var promptTokens: Int
        public var completionTokens: Int
        public var failures: Int

        public init(requests: Int, promptTokens: Int, completionTokens: Int, failures: Int) {
            self.requests = requests
            self.promptTokens = promptTokens
            self.completionTokens = completionTokens
            self.failures = failures
        }
    }

    public init(database: ServiceDatabase) {
        self.database = database
    }

    /// Reserves one request of `client`'s budget for today; `nil` when the budget is spent.
    public func reserve(client: UUID, budget: Budget) async throws -> Reservation? {
        let rows = try await database.query("""
            SELECT to_char(floworx.reserve_llm_request(\(client), \(budget.requestsPerDay)::integer, \(Int64(budget.tokensPerDay))::bigint), 'YYYY-MM-DD')
            """)
        for try await day in rows.decode(String?.self) {
            return day.map { Reservation(client: client, day: $0) }
        }
        return nil
    }

    /// Adds the tokens one reserved call was billed; `failed` counts a call that gave no usable answer.
    public func record(_ reservation: Reservation, promptTokens: Int, completionTokens: Int, failed: Bool) async throws {
        try await database.query("""
            SELECT floworx.record_llm_usage(\(reservation.client), \(reservation.day)::date, \(Int64(promptTokens))::bigint, \(Int64(completionTokens))::bigint, \(failed))
            """)
    }

    /// `client`'s usage on `day` (`yyyy-MM-dd`, UTC); zeros when it made no request.
    public func usage(client: UUID, day: String) async throws -> DailyUsage {
        let rows = try await database.query("""
            SELECT requests, prompt_tokens, completion_tokens, failures FROM floworx.llm_usage WHERE client_id = \(client) AND day = \(day)::date
            """)
        for try await (requests, prompt, completion, failures) in rows.decode((Int, Int64, Int64, Int).self) {
            return DailyUsage(requests: requests, promptTokens: Int(prompt), completionTokens: Int(completion), failures: failures)
        }
        return DailyUsage(requests: 0, promptTokens: 0, completionTokens: 0, failures: 0)
    }
}
