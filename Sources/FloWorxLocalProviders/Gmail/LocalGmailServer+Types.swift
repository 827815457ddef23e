import Foundation

extension LocalGmailServer {
    /// Settings of the local Gmail server.
    public struct Configuration: Sendable {
        /// Address to listen on (loopback).
        public var host: String
        /// Port; 0 picks a free one.
        public var port: Int
        /// Quota units per user per second before `429 userRateLimitExceeded` (Google: 250); `nil` = unlimited.
        public var unitsPerUserPerSecond: Int?
        /// Length of the quota window in seconds (Google's limit is per second; a longer window makes a test's
        /// budget independent of timing).
        public var quotaWindowSeconds: TimeInterval
        /// How many times a push is attempted while the receiver answers non-2xx or fails (Pub/Sub retries).
        public var maxPushAttempts: Int
        /// Delay before the first push retry; doubled at each retry (Pub/Sub's exponential backoff, shortened).
        public var pushRetryDelay: Duration
        /// How long a watch lasts (Gmail: 7 days).
        public var watchLifetime: TimeInterval
        /// Largest `maxResults` honoured by list methods (Gmail: 500).
        public var maxPageSize: Int

        /// Defaults: loopback, ephemeral port, Google's quota and watch lifetime, 5 push attempts from 200 ms.
        public init(
            host: String = "127.0.0.1", port: Int = 0, unitsPerUserPerSecond: Int? = 250, maxPushAttempts: Int = 5,
            pushRetryDelay: Duration = .milliseconds(200), watchLifetime: TimeInterval = 7 * 24 * 3600,
            maxPageSize: Int = 500, quotaWindowSeconds: TimeInterval = 1
        ) {
            self.quotaWindowSeconds = quotaWindowSeconds
            self.host = host
            self.port = port
            self.unitsPerUserPerSecond = unitsPerUserPerSecond
            self.maxPushAttempts = maxPushAttempts
            self.pushRetryDelay = pushRetryDelay
            self.watchLifetime = watchLifetime
            self.maxPageSize = maxPageSize
        }
    }

    /// A mailbox created by ``LocalGmailServer/addMailbox(email:)``: its address and the tokens to reach it.
    public struct MailboxAccess: Sendable, Equatable {
        /// The email address (also accepted as `userId` besides `me`).
        public var email: String
        /// Bearer token for the Gmail API.
        public var accessToken: String
        /// Refresh token for `POST /token`.
        public var refreshToken: String
        /// The mailbox's `historyId` when created.
        public var historyId: UInt64
    }

    /// Where the Pub/Sub topic named in `users.watch` pushes, and how it signs (an authenticated push subscription).
    public struct PushRoute: Sendable, Equatable {
        /// `projects/{project}/topics/{topic}`, as passed to `users.watch`.
        public var topicName: String
        /// The push endpoint URL (FloWorx's `POST /api/v1/webhooks/gmail`).
        public var endpoint: String
        /// The OIDC token's `aud`; Pub/Sub uses the endpoint URL when not set.
        public var audience: String?
        /// The service account the token is issued for (its `email` claim).
        public var serviceAccountEmail: String
        /// `projects/{project}/subscriptions/{subscription}` in the push body.
        public var subscription: String

        /// Creates a route for `topicName` to `endpoint`.
        public init(
            topicName: String, endpoint: String, audience: String? = nil,
            serviceAccountEmail: String = "gmail-push@floworx-local.iam.gserviceaccount.com",
            subscription: String = "projects/floworx-local/subscriptions/gmail-push"
        ) {
            self.topicName = topicName
            self.endpoint = endpoint
            self.audience = audience
            self.serviceAccountEmail = serviceAccountEmail
            self.subscription = subscription
        }
    }

    /// One attempt to deliver a push.
    public struct PushAttempt: Sendable, Equatable {
        /// The mailbox the notification is about.
        public var email: String
        /// The `historyId` in the notification.
        public var historyId: UInt64
        /// The Pub/Sub `messageId` (the same across retries).
        public var messageId: String
        /// 1 for the first attempt.
        public var attempt: Int
        /// The receiver's status, or `nil` when the request failed.
        public var status: Int?
    }

    /// A message as stored (state reader).
    public struct MessageSnapshot: Sendable, Equatable {
        /// Message id.
        public var id: String
        /// Thread id.
        public var threadId: String
        /// Label ids in the order applied.
        public var labelIds: [String]
        /// The RFC 5322 bytes.
        public var raw: Data
        /// The history id of its last change.
        public var historyId: UInt64
    }

    /// A draft as stored (state reader).
    public struct DraftSnapshot: Sendable, Equatable {
        /// Draft id.
        public var id: String
        /// Id of the draft's current message (changes on every update).
        public var messageId: String
        /// Thread id.
        public var threadId: String
        /// The draft's RFC 5322 bytes.
        public var raw: Data
        /// Whether the owner edited it through ``LocalGmailServer/editDraft(email:draftId:raw:)``.
        public var editedByOwner: Bool
    }

    /// A label (state reader).
    public struct LabelSnapshot: Sendable, Equatable {
        /// Label id (`INBOX`, `Label_3`...).
        public var id: String
        /// Display name (`/` nests).
        public var name: String
        /// `system` or `user`.
        public var type: String
    }

    /// Paths of the Google endpoints served by one running server.
    public struct Endpoints: Sendable, Equatable {
        /// `http://127.0.0.1:<port>`: the Gmail API root (`rootUrl`; methods are under `/gmail/v1/`).
        public var root: String
        /// `GET` authorization endpoint (`/o/oauth2/v2/auth`).
        public var authorize: String
        /// `POST` token endpoint (`/token`).
        public var token: String
        /// `POST` revocation endpoint (`/revoke`).
        public var revoke: String
        /// JWKS of the push signer (`/oauth2/v3/certs`).
        public var jwks: String
    }

    /// One change in a mailbox (one history record), as ``LocalGmailServer/changes()`` reports it.
    public struct Change: Sendable, Equatable {
        /// The mailbox.
        public var email: String
        /// The history record's id (the mailbox's historyId after the change).
        public var historyId: UInt64
        /// The message changed.
        public var messageId: String
        /// Its thread.
        public var threadId: String
        /// A message was added (delivered, drafted, sent).
        public var messageAdded: Bool
        /// A message was deleted.
        public var messageDeleted: Bool
        /// Labels added to the message.
        public var labelsAdded: [String]
        /// Labels removed from the message.
        public var labelsRemoved: [String]
        /// The message's labels after the change (before it, for a deletion).
        public var labelIds: [String]
        /// `true` when an API client made the change, `false` for the owner (control surface).
        public var byClient: Bool
        /// When the server recorded it.
        public var at: Date
    }
}
