import FloWorxStore
import Hummingbird
import Logging
import PostgresNIO

/// Logs unexpected errors and answers them with a JSON error that says nothing internal: 503 when the database could
/// not be reached or gave up (a stopped or restarting database is an outage, not a bug), 500 for anything else.
struct ErrorLoggingMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError {
            throw error
        } catch where DatabaseOutage.matches(error) {
            context.logger.warning("database unavailable", metadata: ["error": "\(PostgresErrorText.describe(error))", "path": "\(request.uri.path)"])
            return RequestLimitsMiddleware.refusal(request, .serviceUnavailable, "PGRST000", "database_unavailable", "Database client error: the database is unreachable")
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            throw HTTPError(.internalServerError, message: "internal error")
        }
    }
}
