import Foundation
import Testing

@testable import FloWorxIntegrations

/// The providers' documented error bodies, mapped to the kinds callers branch on.
@Suite("Provider errors from vendor bodies; Retry-After")
struct MailProviderErrorTests {
    static let now = Date(timeIntervalSince1970: 1_796_540_400)  // 2026-12-06T07:00:00Z

    static func data(_ text: String) -> Data { Data(text.utf8) }

    @Test("Gmail 401 authError is unauthorized, not retryable as is")
    func gmailUnauthorized() {
        let body = Self.data(#"{"error":{"code":401,"message":"Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.","errors":[{"message":"Invalid Credentials","domain":"global","reason":"authError","location":"Authorization","locationType":"header"}],"status":"UNAUTHENTICATED"}}"#)
        let error = MailProviderError.gmail(status: 401, body: body, retryAfterHeader: nil, operation: "users.messages.get")
        #expect(error.kind == .unauthorized)
        #expect(error.code == "authError")
        #expect(!error.isRetryable)
    }

    @Test("Gmail 429 rateLimitExceeded takes its delay from the message when there is no Retry-After header")
    func gmailRateLimitedFromMessage() {
        let body = Self.data(#"{"error":{"code":429,"message":"User-rate limit exceeded.  Retry after 2026-12-06T07:00:30.000Z","errors":[{"message":"User-rate limit exceeded.  Retry after 2026-12-06T07:00:30.000Z","domain":"usageLimits","reason":"rateLimitExceeded"}],"status":"RESOURCE_EXHAUSTED"}}"#)
        let error = MailProviderError.gmail(status: 429, body: body, retryAfterHeader: nil, operation: "users.messages.get", now: Self.now)
        #expect(error.kind == .rateLimited)
        #expect(error.code == "rateLimitExceeded")
        #expect(error.retryAfter == .seconds(30))
        #expect(error.isRetryable)
        let withHeader = MailProviderError.gmail(status: 429, body: body, retryAfterHeader: "7", operation: "users.messages.get", now: Self.now)
        #expect(withHeader.retryAfter == .seconds(7))
    }

    @Test("Gmail 403 userRateLimitExceeded is rate limiting; 403 insufficientPermissions is forbidden")
    func gmail403() {
        let limited = Self.data(#"{"error":{"errors":[{"domain":"usageLimits","reason":"userRateLimitExceeded","message":"User Rate Limit Exceeded"}],"code":403,"message":"User Rate Limit Exceeded"}}"#)
        #expect(MailProviderError.gmail(status: 403, body: limited, retryAfterHeader: nil, operation: "x").kind == .rateLimited)
        let scope = Self.data(#"{"error":{"code":403,"message":"Request had insufficient authentication scopes.","errors":[{"message":"Insufficient Permission","domain":"global","reason":"insufficientPermissions"}],"status":"PERMISSION_DENIED"}}"#)
        let error = MailProviderError.gmail(status: 403, body: scope, retryAfterHeader: nil, operation: "x")
        #expect(error.kind == .forbidden)
        #expect(!error.isRetryable)
    }

    @Test("Gmail 404 is gone for history.list (checkpoint expired) and notFound elsewhere; 409 is conflict")
    func gmail404() {
        let body = Self.data(#"{"error":{"code":404,"message":"Requested entity was not found.","errors":[{"message":"Requested entity was not found.","domain":"global","reason":"notFound"}],"status":"NOT_FOUND"}}"#)
        #expect(MailProviderError.gmail(status: 404, body: body, retryAfterHeader: nil, operation: "users.history.list", checkpoint: true).kind == .gone)
        #expect(MailProviderError.gmail(status: 404, body: body, retryAfterHeader: nil, operation: "users.messages.get").kind == .notFound)
        let conflict = Self.data(#"{"error":{"code":409,"message":"Label name exists or conflicts","errors":[{"message":"Label name exists or conflicts","domain":"global","reason":"alreadyExists"}],"status":"ABORTED"}}"#)
        #expect(MailProviderError.gmail(status: 409, body: conflict, retryAfterHeader: nil, operation: "users.labels.create").kind == .conflict)
        #expect(MailProviderError.gmail(status: 503, body: Self.data("<html>Service Unavailable</html>"), retryAfterHeader: nil, operation: "x").kind == .server)
    }

    @Test("Graph: 401, 404 ErrorItemNotFound, 409 ErrorFolderExists, 429 TooManyRequests with Retry-After, 503")
    func graphErrors() {
        let expired = Self.data(#"{"error":{"code":"InvalidAuthenticationToken","message":"Access token has expired or is not yet valid.","innerError":{"date":"2026-12-06T07:00:00","request-id":"5a3f","client-request-id":"5a3f"}}}"#)
        let unauthorized = MailProviderError.graph(status: 401, body: expired, retryAfterHeader: nil, operation: "message.get")
        #expect(unauthorized.kind == .unauthorized && unauthorized.code == "InvalidAuthenticationToken")
        let missing = Self.data(#"{"error":{"code":"ErrorItemNotFound","message":"The specified object was not found in the store."}}"#)
        #expect(MailProviderError.graph(status: 404, body: missing, retryAfterHeader: nil, operation: "message.value").kind == .notFound)
        let exists = Self.data(#"{"error":{"code":"ErrorFolderExists","message":"A folder with the specified name already exists."}}"#)
        #expect(MailProviderError.graph(status: 409, body: exists, retryAfterHeader: nil, operation: "mailFolder.createChild").kind == .conflict)
        let throttled = Self.data(#"{"error":{"code":"TooManyRequests","message":"Too many requests.","innerError":{"request-id":"1"}}}"#)
        let limited = MailProviderError.graph(status: 429, body: throttled, retryAfterHeader: "10", operation: "message.delta")
        #expect(limited.kind == .rateLimited && limited.retryAfter == .seconds(10) && limited.isRetryable)
        let concurrency = Self.data(#"{"error":{"code":"ApplicationThrottled","message":"Application is over its MailboxConcurrency limit."}}"#)
        #expect(MailProviderError.graph(status: 429, body: concurrency, retryAfterHeader: nil, operation: "x").code == "ApplicationThrottled")
        let busy = MailProviderError.graph(status: 503, body: Self.data(""), retryAfterHeader: "5", operation: "x")
        #expect(busy.kind == .server && busy.isRetryable && busy.retryAfter == .seconds(5))
    }

    @Test("Graph: 410, syncStateNotFound and resyncRequired all mean the delta token expired")
    func graphGone() {
        let state = Self.data(#"{"error":{"code":"SyncStateNotFound","message":"The sync state generation is not found. The delta token is expired and data must be synchronized again."}}"#)
        #expect(MailProviderError.graph(status: 410, body: state, retryAfterHeader: nil, operation: "message.delta").kind == .gone)
        let identity = Self.data(#"{"error":{"code":"syncStateNotFound","message":"The sync state generation is not found."}}"#)
        #expect(MailProviderError.graph(status: 400, body: identity, retryAfterHeader: nil, operation: "message.delta").kind == .gone)
        let resync = Self.data(#"{"error":{"code":"resyncRequired","message":"Resync required."}}"#)
        #expect(MailProviderError.graph(status: 410, body: resync, retryAfterHeader: nil, operation: "message.delta").kind == .gone)
        #expect(MailProviderError.graph(status: 410, body: Self.data(""), retryAfterHeader: nil, operation: "message.delta").kind == .gone)
    }

    @Test("OAuth: Google and Microsoft invalid_grant, invalid_client, temporarily_unavailable")
    func oauthErrors() {
        let google = Self.data(#"{"error": "invalid_grant", "error_description": "Token has been expired or revoked."}"#)
        let expired = MailProviderError.oauth(provider: .googleOAuth, status: 400, body: google, retryAfterHeader: nil, operation: "token.refresh")
        #expect(expired.kind == .invalidGrant && expired.code == "invalid_grant" && !expired.isRetryable)
        #expect(expired.message == "Token has been expired or revoked.")
        let microsoft = Self.data(#"{"error":"invalid_grant","error_description":"AADSTS70008: The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.\r\nTrace ID: 0b1c\r\nCorrelation ID: 7d2e\r\nTimestamp: 2026-12-06 07:00:00Z","error_codes":[70008],"timestamp":"2026-12-06 07:00:00Z","trace_id":"0b1c","correlation_id":"7d2e","error_uri":"https://login.microsoftonline.com/error?code=70008"}"#)
        let ms = MailProviderError.oauth(provider: .microsoftOAuth, status: 400, body: microsoft, retryAfterHeader: nil, operation: "token.refresh")
        #expect(ms.kind == .invalidGrant)
        #expect(!ms.message.contains("\r") && !ms.message.contains("\n"))
        let consent = Self.data(#"{"error":"interaction_required","error_description":"AADSTS65001: The user or administrator has not consented to use the application."}"#)
        #expect(MailProviderError.oauth(provider: .microsoftOAuth, status: 400, body: consent, retryAfterHeader: nil, operation: "t").kind == .invalidGrant)
        let client = Self.data(#"{"error": "invalid_client", "error_description": "Unauthorized"}"#)
        let misconfigured = MailProviderError.oauth(provider: .googleOAuth, status: 401, body: client, retryAfterHeader: nil, operation: "t")
        #expect(misconfigured.kind == .badRequest && !misconfigured.isRetryable)
        let busy = Self.data(#"{"error":"temporarily_unavailable","error_description":"AADSTS50196: The server terminated an operation because it encountered a client request loop."}"#)
        #expect(MailProviderError.oauth(provider: .microsoftOAuth, status: 400, body: busy, retryAfterHeader: nil, operation: "t").isRetryable)
    }

    @Test("Retry-After: seconds, the three HTTP-date forms, past dates, garbage, and the cap")
    func retryAfter() {
        #expect(MailProviderError.parseRetryAfter("120", now: Self.now) == .seconds(120))
        #expect(MailProviderError.parseRetryAfter(" 0 ", now: Self.now) == .zero)
        #expect(MailProviderError.parseRetryAfter("Sun, 06 Dec 2026 07:01:00 GMT", now: Self.now) == .seconds(60))
        #expect(MailProviderError.parseRetryAfter("Sunday, 06-Dec-26 07:00:45 GMT", now: Self.now) == .seconds(45))
        #expect(MailProviderError.parseRetryAfter("Sun Dec  6 07:00:05 2026", now: Self.now) == .seconds(5))
        #expect(MailProviderError.parseRetryAfter("Sun, 06 Dec 2026 06:00:00 GMT", now: Self.now) == .zero)
        #expect(MailProviderError.parseRetryAfter("soon", now: Self.now) == nil)
        #expect(MailProviderError.parseRetryAfter("-5", now: Self.now) == nil)
        #expect(MailProviderError.parseRetryAfter("", now: Self.now) == nil)
        #expect(MailProviderError.parseRetryAfter("99999999999999999999", now: Self.now) == MailProviderError.maxRetryAfter)
        #expect(MailProviderError.parseRetryAfter("604800", now: Self.now) == MailProviderError.maxRetryAfter)
    }

    @Test("an error never carries a secret the request held, even if the provider echoed it")
    func redaction() {
        let token = "ya29.a0AfB_SECRET_ACCESS_TOKEN"
        let body = Self.data(#"{"error":{"code":400,"message":"Bad token ya29.a0AfB_SECRET_ACCESS_TOKEN in header Authorization: Bearer ya29.a0AfB_SECRET_ACCESS_TOKEN","errors":[{"reason":"badRequest"}]}}"#)
        let error = MailProviderError.gmail(status: 400, body: body, retryAfterHeader: nil, operation: "x", secrets: [token])
        #expect(!"\(error)".contains("SECRET"))
        #expect("\(error)".contains("[redacted]"))
        #expect("\(error)".contains("gmail x failed: badRequest (HTTP 400, badRequest)"))
        let long = MailProviderError.graph(status: 400, body: Self.data(#"{"error":{"code":"X","message":"\#(String(repeating: "a", count: 1000))"}}"#),
                                           retryAfterHeader: nil, operation: "x")
        #expect(long.message.count <= 301)
    }
}
