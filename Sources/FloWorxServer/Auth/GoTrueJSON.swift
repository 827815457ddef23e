import FloWorxCore
import FloWorxStore
import Foundation
import Hummingbird
import HTTPTypes
import NIOCore

/// GoTrue's JSON shapes: users, sessions and errors.
enum GoTrueJSON {
    /// A user as GoTrue returns it: `identities` holds the email identity (when email is among its providers) and
    /// its OAuth identities, oldest first.
    static func user(_ user: AuthUser) -> [String: Any] {
        let id = user.id.uuidString.lowercased()
        let created = ISO8601.format(user.createdAt)
        let appMetadata = parseObject(user.appMetadataJSON)
        let userMetadata = parseObject(user.userMetadataJSON)
        var identities: [Any] = []
        let providers = (appMetadata as? [String: Any])?["providers"] as? [String]
        if providers?.contains("email") ?? true {
            identities.append([
                "identity_id": id, "id": id, "user_id": id, "provider": "email", "email": user.email,
                "identity_data": ["email": user.email, "sub": id, "email_verified": user.emailConfirmedAt != nil],
                "created_at": created, "updated_at": ISO8601.format(user.updatedAt),
                "last_sign_in_at": user.lastSignInAt.map { ISO8601.format($0) as Any } ?? NSNull(),
            ] as [String: Any])
        }
        identities += (try? JSONSerialization.jsonObject(with: Data(user.identitiesJSON.utf8))) as? [Any] ?? []
        var object: [String: Any] = [
            "id": id,
            "aud": user.aud,
            "role": user.role,
            "email": user.email,
            "phone": "",
            "app_metadata": appMetadata,
            "user_metadata": userMetadata,
            "identities": identities,
            "created_at": created,
            "updated_at": ISO8601.format(user.updatedAt),
            "is_anonymous": false,
        ]
        object["email_confirmed_at"] = user.emailConfirmedAt.map { ISO8601.format($0) as Any } ?? NSNull()
        object["confirmed_at"] = user.emailConfirmedAt.map { ISO8601.format($0) as Any } ?? NSNull()
        object["last_sign_in_at"] = user.lastSignInAt.map { ISO8601.format($0) as Any } ?? NSNull()
        return object
    }

    /// A session: tokens plus the user.
    static func session(user: AuthUser, accessToken: String, expiresAt: Date, lifetime: Duration, refreshToken: String) -> [String: Any] {
        [
            "access_token": accessToken,
            "token_type": "bearer",
            "expires_in": Int(lifetime.components.seconds),
            "expires_at": Int(expiresAt.timeIntervalSince1970),
            "refresh_token": refreshToken,
            "user": Self.user(user),
        ]
    }

    static func parseObject(_ text: String) -> Any {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [String: Any]()
    }

    /// A JSON response.
    static func response(_ object: Any, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// GoTrue's error body: `{"code": <status>, "error_code": "...", "msg": "..."}`.
    static func error(_ status: HTTPResponse.Status, _ errorCode: String, _ message: String, extra: [String: Any] = [:], retryAfter: Int? = nil) -> Response {
        var object: [String: Any] = ["code": status.code, "error_code": errorCode, "msg": message]
        object.merge(extra) { $1 }
        var response = response(object, status: status)
        if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }
}

/// A GoTrue-style failure inside an auth handler.
struct GoTrueError: Error {
    var status: HTTPResponse.Status
    var errorCode: String
    var message: String
    var weakPasswordReasons: [String]?
    var retryAfter: Int?

    var response: Response {
        let extra: [String: Any] = weakPasswordReasons.map { ["weak_password": ["reasons": $0]] } ?? [:]
        return GoTrueJSON.error(status, errorCode, message, extra: extra, retryAfter: retryAfter)
    }
}
