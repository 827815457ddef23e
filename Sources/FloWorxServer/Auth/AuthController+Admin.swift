import FloWorxCore
import FloWorxStore
import Foundation
import Hummingbird
import HTTPTypes
import Logging

/// GoTrue's `/admin/users`: user administration for the service role only. Other callers get 403 `not_admin`,
/// as GoTrue answers them. Responses are GoTrue's user JSON, which never holds the password hash.
extension AuthController {
    /// The default and the largest `per_page` of the list (GoTrue's default is 50).
    static let defaultPageSize = 50
    static let maximumPageSize = 1000

    func addAdminRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("admin/users") { request, _ in await handle { try await adminCreate(request) } }
        group.get("admin/users") { request, _ in await handle { try await adminList(request) } }
        group.get("admin/users/:id") { request, context in await handle { try await adminGet(request, context) } }
        group.put("admin/users/:id") { request, context in await handle { try await adminUpdate(request, context) } }
        group.delete("admin/users/:id") { request, context in await handle { try await adminDelete(request, context) } }
    }

    private func requireAdmin(_ request: Request) async throws {
        let caller = try await authenticator.authenticate(request)
        guard caller.identity.role == .serviceRole else {
            throw GoTrueError(status: .forbidden, errorCode: "not_admin", message: "User not allowed")
        }
    }

    private func adminCreate(_ request: Request) async throws -> Response {
        try await requireAdmin(request)
        let body = try await JSONObjectBody(request)
        let email = try validEmail(body.string("email"))
        let password = try body.string("password").map(validPassword)
        let confirm = try optionalBool(body, "email_confirm") ?? false
        let userMetadata = try optionalObject(body, "user_metadata") ?? [:]
        let appMetadata = try optionalObject(body, "app_metadata") ?? [:]
        let hash: String? = if let password { try await hasher.hash(password) } else { nil }
        do {
            let user = try await users.createUser(
                email: email, passwordHash: hash, confirmed: confirm, userMetadataJSON: try jsonText(userMetadata), appMetadataJSON: try jsonText(appMetadata))
            logger.info("user created by the service role", metadata: ["user": "\(user.id)"])
            return GoTrueJSON.response(GoTrueJSON.user(user))
        } catch is AuthRepository.EmailTaken {
            throw Self.emailExists
        }
    }

    private func adminList(_ request: Request) async throws -> Response {
        try await requireAdmin(request)
        let page = try pagination(request, "page", default: 1, maximum: Int(Int32.max))
        let perPage = try pagination(request, "per_page", default: Self.defaultPageSize, maximum: Self.maximumPageSize)
        // The offset must stay an int the database accepts.
        guard page <= Int(Int32.max) / perPage else {
            throw GoTrueError(status: .badRequest, errorCode: "validation_failed", message: "Bad Pagination Parameters: page is too large")
        }
        let (found, total) = try await users.users(page: page, perPage: perPage)
        var response = GoTrueJSON.response(["users": found.map(GoTrueJSON.user), "aud": "authenticated"])
        // GoTrue's pagination headers: the total, and Link with rel="next" (when there is a next page) and rel="last".
        let lastPage = max(1, (total + perPage - 1) / perPage)
        var links: [String] = []
        if page < lastPage { links.append(#"</admin/users?page=\#(page + 1)&per_page=\#(perPage)>; rel="next""#) }
        links.append(#"</admin/users?page=\#(lastPage)&per_page=\#(perPage)>; rel="last""#)
        response.headers[Self.totalCountHeader] = String(total)
        response.headers[Self.linkHeader] = links.joined(separator: ", ")
        return response
    }

    private func adminGet(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try await requireAdmin(request)
        guard let user = try await users.user(id: userId(context)) else { throw Self.userNotFound }
        return GoTrueJSON.response(GoTrueJSON.user(user))
    }

    private func adminUpdate(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try await requireAdmin(request)
        let id = try userId(context)
        let body = try await JSONObjectBody(request)
        let password = try body.string("password").map(validPassword)
        var change = AuthUserChange(
            email: try body.string("email").map(validEmail),
            emailConfirmed: try optionalBool(body, "email_confirm"),
            userMetadataJSON: try optionalObject(body, "user_metadata").map(jsonText),
            appMetadataJSON: try optionalObject(body, "app_metadata").map(jsonText))
        if let password { change.passwordHash = try await hasher.hash(password) }
        let updated: AuthUser?
        do {
            updated = try await users.updateUser(id: id, change)
        } catch is AuthRepository.EmailTaken {
            throw Self.emailExists
        }
        guard let updated else { throw Self.userNotFound }
        return GoTrueJSON.response(GoTrueJSON.user(updated))
    }

    private func adminDelete(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try await requireAdmin(request)
        let id = try userId(context)
        guard try await users.deleteUser(id: id) else { throw Self.userNotFound }
        logger.info("user deleted by the service role", metadata: ["user": "\(id)"])
        return GoTrueJSON.response([String: Any]())
    }

    // MARK: Helpers

    static let totalCountHeader = HTTPField.Name("X-Total-Count")!
    static let linkHeader = HTTPField.Name("Link")!
    static let userNotFound = GoTrueError(status: .notFound, errorCode: "user_not_found", message: "User not found")
    static let emailExists = GoTrueError(status: .unprocessableContent, errorCode: "email_exists", message: "A user with this email address has already been registered")

    private func userId(_ context: AppRequestContext) throws -> UUID {
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else {
            throw GoTrueError(status: .notFound, errorCode: "validation_failed", message: "user_id must be an UUID")
        }
        return id
    }

    private func pagination(_ request: Request, _ name: String, default value: Int, maximum: Int) throws -> Int {
        guard let text = request.uri.queryParameters.get(name) else { return value }
        guard let number = Int(text), number >= 1, number <= maximum else {
            throw GoTrueError(status: .badRequest, errorCode: "validation_failed", message: "Bad Pagination Parameters: \(name) must be a whole number from 1 to \(maximum)")
        }
        return number
    }

    /// A boolean field, if present; anything else there is a 400.
    func optionalBool(_ body: JSONObjectBody, _ key: String) throws -> Bool? {
        guard let value = body.object[key], !(value is NSNull) else { return nil }
        guard let flag = value as? Bool else {
            throw GoTrueError(status: .badRequest, errorCode: "validation_failed", message: "\(key) must be true or false")
        }
        return flag
    }

    /// An object field, if present; anything else there is a 400.
    func optionalObject(_ body: JSONObjectBody, _ key: String) throws -> [String: Any]? {
        guard let value = body.object[key], !(value is NSNull) else { return nil }
        guard let object = value as? [String: Any] else {
            throw GoTrueError(status: .badRequest, errorCode: "validation_failed", message: "\(key) must be a JSON object")
        }
        return object
    }
}
