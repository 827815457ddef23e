import Hummingbird
import Logging

/// Logs unexpected errors and answers them with a JSON 500 that says nothing internal.
struct ErrorLoggingMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError {
            throw error
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            throw HTTPError(.internalServerError, message: "internal error")
        }
    }
}
