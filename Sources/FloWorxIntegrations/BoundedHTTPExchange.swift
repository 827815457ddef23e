import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One HTTP exchange answered within a deadline, body included, with the body capped. AsyncHTTPClient's own deadline
/// ends when the response head arrives, so a server dripping the body would hold a call forever: the exchange races
/// a timer instead (cancelling the request cancels the body stream). Shared by the Twilio and Stripe clients, which
/// turn the two failures below into their own errors.
enum BoundedHTTPExchange {
    /// The body was larger than the cap; `status` is what the server answered.
    struct TooLarge: Error { let status: Int }
    /// No complete answer within the deadline.
    struct TimedOut: Error {}

    static func execute(_ client: HTTPClient, _ request: HTTPClientRequest, timeout: Duration,
                        limit: Int) async throws -> (status: Int, headers: HTTPHeaders, body: Data) {
        try await withThrowingTaskGroup(of: (Int, HTTPHeaders, Data)?.self) { group in
            group.addTask {
                let response = try await client.execute(request, timeout: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000
                    + timeout.components.attoseconds / 1_000_000_000))
                let status = Int(response.status.code)
                do {
                    let buffer = try await response.body.collect(upTo: limit)
                    return (status, response.headers, Data(buffer.readableBytesView))
                } catch is NIOTooManyBytesError {
                    throw TooLarge(status: status)
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let result = first else { throw TimedOut() }
            return (result.0, result.1, result.2)
        }
    }
}
