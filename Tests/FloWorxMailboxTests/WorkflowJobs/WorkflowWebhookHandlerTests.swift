import FloWorxCore
import FloWorxIntegrations
import FloWorxStore
import FloWorxTestSupport
import FloWorxWorker
import Foundation
import Logging
import Synchronization
import Testing

/// `workflow.webhook` jobs against a real HTTP endpoint: signed bodies, retries with the queue's backoff, no retry
/// after a 4xx, and a missing secret never sends unsigned.
@Suite struct WorkflowWebhookHandlerTests {
    static let secret = "whsec-test-0123456789abcdef"
    // The receivers run on 127.0.0.1: allowed explicitly, as an operator with private receivers would.
    let handler = WorkflowWebhookHandler(
        client: WebhookClient(allowPrivateNetworks: true),
        secrets: WorkflowSecrets(environment: ["FLOWORX_WORKFLOW_SECRET_CRM_HOOK": WorkflowWebhookHandlerTests.secret]), logger: Logger(label: "test"))

    /// A receiver answering the statuses in order (the last one repeats).
    static func answering(_ statuses: [Int]) -> @Sendable (RequestShapeTests.Captured) -> (Int, String) {
        let count = Mutex(0)
        return { _ in
            let index = count.withLock { value in defer { value += 1 }; return value }
            return (statuses[min(index, statuses.count - 1)], "{}")
        }
    }

    @Test func theBodyIsSignedWithTheReferencedSecret() async throws {
        try await TestDatabase.with { db in
            let business = try await WorkflowJobFixture.business(db)
            try await RequestShapeTests.withCapture(Self.answering([200])) { base, captured in
                let job = try WorkflowJobFixture.webhookJob(business, url: base + "/hooks/floworx?token=abc", secretRef: "crm-hook", attempts: 3)
                try await JobQueue(database: db.database.service).enqueue([job])
                #expect(try await WorkflowJobFixture.drain(db, handler) == 1)
                let requests = captured()
                #expect(requests.count == 1)
                let request = try #require(requests.first)
                #expect(request.method == "POST")
                #expect(request.uri == "/hooks/floworx?token=abc")
                let body = Data(request.body.utf8)
                let timestamp = request.header("X-FloWorx-Timestamp").first
                let signature = request.header("X-FloWorx-Signature").first
                #expect(WebhookSignature.isValid(signature, body: body, timestamp: timestamp, secret: Self.secret))
                #expect(!WebhookSignature.isValid(signature, body: body + Data(" ".utf8), timestamp: timestamp, secret: Self.secret))
                #expect(!WebhookSignature.isValid(signature, body: body, timestamp: timestamp, secret: "another secret"))
                #expect(request.header("X-FloWorx-Event-Id") == ["\(business.emailLogId.uuidString.lowercased()):8"])
                let json = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
                #expect(json["event"] as? String == "email.processed")
                #expect(json["category"] as? String == "URGENT")
                #expect(json["email_log_id"] as? String == business.emailLogId.uuidString)
                #expect(try await WorkflowJobFixture.job(db, kind: WorkflowJobKind.webhook).status == "completed")
            }
        }
    }

    @Test func serverErrorsAreRetriedUntilTheReceiverTakesIt() async throws {
        try await TestDatabase.with { db in
            let business = try await WorkflowJobFixture.business(db)
            try await RequestShapeTests.withCapture(Self.answering([503, 500, 202])) { base, captured in
                try await JobQueue(database: db.database.service).enqueue([try WorkflowJobFixture.webhookJob(business, url: base + "/in", secretRef: nil, attempts: 4)])
                #expect(try await WorkflowJobFixture.drain(db, handler) == 3)
                #expect(captured().count == 3)
                // Unsigned when the step names no secret; the event id is the same on every attempt.
                #expect(captured().allSatisfy { $0.header("X-FloWorx-Signature").isEmpty })
                #expect(Set(captured().flatMap { $0.header("X-FloWorx-Event-Id") }).count == 1)
                let job = try await WorkflowJobFixture.job(db, kind: WorkflowJobKind.webhook)
                #expect(job.status == "completed")
                #expect(job.attempts == 3)
            }
        }
    }

    @Test func retriesStopWhenTheAttemptsRunOut() async throws {
        try await TestDatabase.with { db in
            let business = try await WorkflowJobFixture.business(db)
            try await RequestShapeTests.withCapture(Self.answering([500])) { base, captured in
                try await JobQueue(database: db.database.service).enqueue([try WorkflowJobFixture.webhookJob(business, url: base + "/in", secretRef: nil, attempts: 2)])
                _ = try await WorkflowJobFixture.drain(db, handler)
                #expect(captured().count == 2)
                let job = try await WorkflowJobFixture.job(db, kind: WorkflowJobKind.webhook)
                #expect(job.status == "dead")
                #expect(job.error?.contains("HTTP 500") == true)
            }
        }
    }

    @Test func aClientErrorIsNotRetried() async throws {
        try await TestDatabase.with { db in
            let business = try await WorkflowJobFixture.business(db)
            try await RequestShapeTests.withCapture(Self.answering([422, 200])) { base, captured in
                try await JobQueue(database: db.database.service).enqueue([try WorkflowJobFixture.webhookJob(business, url: base + "/in", secretRef: "crm-hook", attempts: 5)])
                _ = try await WorkflowJobFixture.drain(db, handler)
                #expect(captured().count == 1)
                let job = try await WorkflowJobFixture.job(db, kind: WorkflowJobKind.webhook)
                #expect(job.status == "dead")
                #expect(job.attempts == 1)
                #expect(job.error?.contains(Self.secret) == false)
            }
        }
    }

    @Test func aMissingSecretSendsNothing() async throws {
        try await TestDatabase.with { db in
            let business = try await WorkflowJobFixture.business(db)
            try await RequestShapeTests.withCapture(Self.answering([200])) { base, captured in
                try await JobQueue(database: db.database.service).enqueue([try WorkflowJobFixture.webhookJob(business, url: base + "/in", secretRef: "not-configured", attempts: 3)])
                _ = try await WorkflowJobFixture.drain(db, handler)
                #expect(captured().isEmpty)
                let job = try await WorkflowJobFixture.job(db, kind: WorkflowJobKind.webhook)
                #expect(job.status == "dead")
                #expect(job.error?.contains("FLOWORX_WORKFLOW_SECRET_NOT_CONFIGURED") == true)
            }
        }
    }

    @Test func theSignatureIsTheDocumentedHMAC() {
        // HMAC-SHA256("key", "1700000000.{}"), computed independently (Python: hmac.new(b"key", b"1700000000.{}", "sha256")).
        let signature = WebhookSignature.sign(body: Data("{}".utf8), timestamp: 1_700_000_000, secret: "key")
        #expect(signature == "v1=9d713ed406bb7076d4123f0dc2c39d2df5c654ed4b0cd56b52c8b4c940bd63ae")
        #expect(WebhookSignature.isValid(signature, body: Data("{}".utf8), timestamp: "1700000000", secret: "key", now: Date(timeIntervalSince1970: 1_700_000_100)))
        // Too old: a replay.
        #expect(!WebhookSignature.isValid(signature, body: Data("{}".utf8), timestamp: "1700000000", secret: "key", now: Date(timeIntervalSince1970: 1_700_000_400)))
    }
}
