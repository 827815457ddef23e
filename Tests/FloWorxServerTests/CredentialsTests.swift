import FloWorxCore
import FloWorxStore
import FloWorxTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing

/// `POST` and `DELETE /api/v1/integrations/{id}/credentials`: OAuth tokens stored AES-256-GCM encrypted, never
/// returned, only by the integration's tenant (or the operator), and re-encrypted when the key rotates.
@Suite struct CredentialsTests {
    /// Distinctive fake OAuth tokens, so that a leak anywhere is unambiguous.
    struct Tokens {
        /// The access token.
        var access = "ya29.floworx-test-\(UUID().uuidString)"
        /// The refresh token.
        var refresh = "1//floworx-refresh-\(UUID().uuidString)"
        /// The token document a client posts.
        var json: String {
            #"{"access_token": "\#(access)", "refresh_token": "\#(refresh)", "expires_in": 3599, "scope": ["https://mail.google.com/"], "token_type": "Bearer", "id_token": null}"#
        }
        /// Whether either token appears in `text`.
        func leaks(into text: String) -> Bool { text.contains(access) || text.contains(refresh) }
    }

    /// A new gmail integration of `user`, made through the data API.
    static func integration(_ app: TestApp, _ user: Session) async throws -> String {
        let response = try await app.request(
            .post, "/rest/v1/integrations", as: .user(user), headers: WorkflowFixture.representation,
            json: #"{"client_id": "\#(user.id)", "provider": "gmail"}"#
        )
        try #require(response.status == .created, "\(response.text)")
        return try #require(try response.rows().first?["id"]?.stringValue)
    }

    /// The id of a keyring's first key.
    static func keyId(_ keyring: String) -> String { String(keyring.prefix { $0 != ":" }) }

    @Test func credentialsAreStoredEncryptedAndNeverReturned() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let id = try await Self.integration(app, user)
            let tokens = Tokens()
            var bodies: [String] = []

            let stored = try await app.request(.post, "/api/v1/integrations/\(id)/credentials", as: .user(user), json: tokens.json)
            bodies.append(stored.text)
            #expect(stored.status == .ok, "\(stored.text)")
            let summary = try stored.json()
            #expect(summary.keys == ["has_credentials", "id", "key_id", "provider", "status", "updated_at"])
            #expect(summary["id"] == .string(id))
            #expect(summary["provider"] == .string("gmail"))
            #expect(summary["status"] == .string("active"))
            #expect(summary["has_credentials"] == .bool(true))
            #expect(summary["key_id"] == .string(Self.keyId(app.keyring)))
            #expect(summary["updated_at"]?.stringValue.flatMap(ISO8601.parse) != nil)

            // The column holds an envelope: key id, 96-bit nonce, ciphertext and 128-bit tag; never the tokens.
            let integrationId = try #require(UUID(uuidString: id))
            let column = try #require(try await app.db.text("SELECT credentials::text FROM public.integrations WHERE id = \(integrationId)"))
            #expect(!tokens.leaks(into: column))
            let envelope = try JSONDecoder().decode(JSONValue.self, from: Data(column.utf8))
            #expect(envelope.keys == ["alg", "ct", "iv", "kid", "tag", "v"])
            #expect(envelope["v"] == .number(1))
            #expect(envelope["alg"] == .string("A256GCM"))
            #expect(envelope["kid"] == .string(Self.keyId(app.keyring)))
            #expect(envelope["iv"]?.stringValue.flatMap { Data(base64Encoded: $0) }?.count == 12)
            #expect(envelope["tag"]?.stringValue.flatMap { Data(base64Encoded: $0) }?.count == 16)
            #expect(envelope["ct"]?.stringValue.flatMap { Data(base64Encoded: $0) }?.count == tokens.json.utf8.count)

            // It decrypts, with the application's key, to exactly what was posted.
            let repository = CredentialsRepository(database: app.db.database.service, cipher: try CredentialCipher(keyring: app.keyring))
            let plaintext = try #require(try await repository.credentials(integrationId: integrationId))
            #expect(try JSONDecoder().decode(JSONValue.self, from: plaintext) == JSONDecoder().decode(JSONValue.self, from: Data(tokens.json.utf8)))

            // No read gives the tokens back: not the tenant's, not even the operator's.
            let tenantRead = try await app.request(.get, "/rest/v1/integrations", as: .user(user))
            bodies.append(tenantRead.text)
            #expect(try tenantRead.rows().first?.keys == ["client_id", "created_at", "id", "provider", "status", "updated_at"])
            #expect(try tenantRead.rows().first?["status"] == .string("active"))
            let serviceRead = try await app.request(.get, "/rest/v1/integrations?select=credentials", as: .service)
            bodies.append(serviceRead.text)
            #expect(try serviceRead.rows().first?["credentials"]?["kid"] == .string(Self.keyId(app.keyring)))
            bodies.append(try await app.request(.get, "/rest/v1/", as: .service).text)
            let cleared = try await app.request(.delete, "/api/v1/integrations/\(id)/credentials", as: .user(user))
            bodies.append(cleared.text)
            #expect(bodies.allSatisfy { !tokens.leaks(into: $0) })
        }
    }

    /// Storing again replaces the envelope (a fresh nonce every time).
    @Test func storingAgainReplacesTheCredentials() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let id = try await Self.integration(app, user)
            let integrationId = try #require(UUID(uuidString: id))
            let first = Tokens()
            #expect(try await app.request(.post, "/api/v1/integrations/\(id)/credentials", as: .user(user), json: first.json).status == .ok)
            let firstEnvelope = try await app.db.text("SELECT credentials->>'iv' FROM public.integrations WHERE id = \(integrationId)")
            let second = Tokens()
            #expect(try await app.request(.post, "/api/v1/integrations/\(id)/credentials", as: .user(user), json: second.json).status == .ok)
            #expect(try await app.db.text("SELECT credentials->>'iv' FROM public.integrations WHERE id = \(integrationId)") != firstEnvelope)

            let repository = CredentialsRepository(database: app.db.database.service, cipher: try CredentialCipher(keyring: app.keyring))
            let plaintext = try #require(try await repository.credentials(integrationId: integrationId))
            #expect(String(decoding: plaintext, as: UTF8.self).contains(second.access))
        }
    }

    @Test func deleteForgetsTheCredentials() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let id = try await Self.integration(app, user)
            let integrationId = try #require(UUID(uuidString: id))
            #expect(try await app.request(.post, "/api/v1/integrations/\(id)/credentials", as: .user(user), json: Tokens().json).status == .ok)

            let response = try await app.request(.delete, "/api/v1/integrations/\(id)/credentials", as: .user(user))
            #expect(response.status == .ok)
            let summary = try response.json()
            #expect(summary["has_credentials"] == .bool(false))
            #expect(summary["key_id"] == .null)
            #expect(summary["status"] == .string("revoked"))
            #expect(try await app.db.text("SELECT credentials::text FROM public.integrations WHERE id = \(integrationId)") == "{}")
            let repository = CredentialsRepository(database: app.db.database.service, cipher: try CredentialCipher(keyring: app.keyring))
            #expect(try await repository.credentials(integrationId: integrationId) == nil)
        }
    }

    /// Another tenant's integration looks exactly like a missing one, for storing and for deleting.
    @Test func anotherTenantsIntegrationIsNotFound() async throws {
        try await TestApp.with { app in
            let owner = try await app.signUp()
            let intruder = try await app.signUp()
            let id = try await Self.integration(app, owner)
            let integrationId = try #require(UUID(uuidString: id))
            #expect(try await app.request(.post, "/api/v1/integrations/\(id)/credentials", as: .user(owner), json: Tokens().json).status == .ok)
            let before = try await app.db.text("SELECT credentials::text || status FROM public.integrations WHERE id = \(integrationId)")

            let store = try await app.request(.post, "/api/v1/integrations/\(id)/credentials", as: .user(intruder), json: Tokens().json)
            let notFound = try expectRestError(store, .notFound, code: "integration_not_found")
            #expect(notFound["message"]?.stringValue?.lowercased() == "no integration \(id)")
            let clear = try await app.request(.delete, "/api/v1/integrations/\(id)/credentials", as: .user(intruder))
            try expectRestError(clear, .notFound, code: "integration_not_found")
            let missing = UUID().uuidString.lowercased()
            let unknown = try await app.request(.post, "/api/v1/integrations/\(missing)/credentials", as: .user(intruder), json: Tokens().json)
            #expect(unknown.text.lowercased() == store.text.lowercased().replacingOccurrences(of: id, with: missing), "indistinguishable from a missing integration")

            #expect(try await app.db.text("SELECT credentials::text || status FROM public.integrations WHERE id = \(integrationId)") == before)
        }
    }

    /// Error messages should quote the id as the API writes ids everywhere else (lowercase, as sent); they print
    /// Swift's uppercase `UUID.description` instead.
    @Test
    func theNotFoundMessageQuotesTheIdAsSent() async throws {
        try await TestApp.with { app in
            let id = UUID().uuidString.lowercased()
            let response = try await app.request(.post, "/api/v1/integrations/\(id)/credentials", as: .service, json: Tokens().json)
            #expect(response.status == .notFound)
            let message = try response.json()["message"]
            #expect(message == .string("no integration \(id)"))
        }
    }

    @Test func credentialsNeedAUserOrTheServiceKey() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let id = try await Self.integration(app, user)
            let json = Tokens().json
            try expectRestError(
                try await app.request(.post, "/api/v1/integrations/\(id)/credentials", as: .anon, json: json), .unauthorized,
                code: "not_signed_in", message: "storing credentials requires a signed-in user or the service key"
            )
            try expectRestError(try await app.request(.delete, "/api/v1/integrations/\(id)/credentials", as: .anon), .unauthorized, code: "not_signed_in")
            try expectRestError(try await app.request(.post, "/api/v1/integrations/\(id)/credentials", as: .nobody, json: json), .unauthorized, code: "PGRST302")
            try expectRestError(
                try await app.request(.post, "/api/v1/integrations/not-a-uuid/credentials", as: .user(user), json: json), .badRequest,
                code: "invalid_id", message: "the integration id must be a UUID"
            )
            #expect(try await app.db.text("SELECT status FROM public.integrations") == "pending")

            // The operator may store for any tenant; a missing integration is 404 for it too.
            let service = try await app.request(.post, "/api/v1/integrations/\(id)/credentials", as: .service, json: json)
            #expect(service.status == .ok)
            try expectRestError(try await app.request(.post, "/api/v1/integrations/\(UUID())/credentials", as: .service, json: json), .notFound, code: "integration_not_found")
        }
    }

    @Test(arguments: [
        ("not json", "the body must be a JSON object of OAuth tokens, e.g. {\"access_token\": …, \"refresh_token\": …}"),
        ("{}", "the body must be a JSON object of OAuth tokens, e.g. {\"access_token\": …, \"refresh_token\": …}"),
        ("[]", "the body must be a JSON object of OAuth tokens, e.g. {\"access_token\": …, \"refresh_token\": …}"),
        (#"{"scope": "mail"}"#, "access_token or refresh_token (a string) is required"),
        (#"{"access_token": 12345}"#, "access_token or refresh_token (a string) is required"),
        (#"{"access_token": "x", "extra": {"nested": true}}"#, "extra: token fields must be strings, numbers or lists"),
    ])
    func invalidTokenDocumentsAreRefused(body: String, message: String) async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let id = try await Self.integration(app, user)
            let response = try await app.request(.post, "/api/v1/integrations/\(id)/credentials", as: .user(user), json: body)
            try expectRestError(response, .badRequest, code: "invalid_credentials", message: message)
            #expect(try await app.db.text("SELECT credentials::text || ' ' || status FROM public.integrations") == "{} pending")
        }
    }

    @Test func anOversizedTokenDocumentIsRefused() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let id = try await Self.integration(app, user)
            let huge = #"{"access_token": "\#(String(repeating: "x", count: 17 * 1024))"}"#
            let response = try await app.request(.post, "/api/v1/integrations/\(id)/credentials", as: .user(user), json: huge)
            try expectRestError(response, .contentTooLarge, code: "credentials_too_large", message: "credentials must be at most 16384 bytes")
            #expect(try await app.db.text("SELECT credentials::text FROM public.integrations") == "{}")
        }
    }

    /// `CredentialsRepository.rotate` re-encrypts every envelope under the new current key; the old key is then
    /// no longer needed, and the envelopes stay bound to their rows.
    @Test func rotationReencryptsToTheNewKey() async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let first = try await Self.integration(app, user)
            let outlook = try await app.request(
                .post, "/rest/v1/integrations", as: .user(user), headers: WorkflowFixture.representation,
                json: #"{"client_id": "\#(user.id)", "provider": "outlook"}"#
            )
            let second = try #require(try outlook.rows().first?["id"]?.stringValue)
            let tokens = [first: Tokens(), second: Tokens()]
            for (id, document) in tokens {
                #expect(try await app.request(.post, "/api/v1/integrations/\(id)/credentials", as: .user(user), json: document.json).status == .ok)
            }
            let oldKeyring = app.keyring
            let newKey = "knew:" + Data((0..<32).map { _ in UInt8.random(in: .min ... .max) }).base64EncodedString()
            let service = app.db.database.service

            let rotated = CredentialsRepository(database: service, cipher: try CredentialCipher(keyring: "\(newKey),\(oldKeyring)"))
            #expect(try await rotated.rotate(batchSize: 1) == 2)
            #expect(try await app.db.texts("SELECT DISTINCT credentials->>'kid' FROM public.integrations") == ["knew"])
            #expect(try await rotated.rotate() == 0, "nothing left to rotate")

            // The new key alone decrypts everything; the old key alone no longer does.
            let newOnly = CredentialsRepository(database: service, cipher: try CredentialCipher(keyring: newKey))
            let oldOnly = CredentialsRepository(database: service, cipher: try CredentialCipher(keyring: oldKeyring))
            for (id, document) in tokens {
                let integrationId = try #require(UUID(uuidString: id))
                let plaintext = try #require(try await newOnly.credentials(integrationId: integrationId))
                #expect(String(decoding: plaintext, as: UTF8.self) == document.json)
                await #expect(throws: StoreError.self) { _ = try await oldOnly.credentials(integrationId: integrationId) }
            }

            // An envelope copied onto another row does not decrypt there.
            let firstId = try #require(UUID(uuidString: first))
            let secondId = try #require(UUID(uuidString: second))
            try await app.db.execute("UPDATE public.integrations SET credentials = (SELECT credentials FROM public.integrations WHERE id = \(firstId)) WHERE id = \(secondId)")
            await #expect(throws: StoreError.self) { _ = try await newOnly.credentials(integrationId: secondId) }
        }
    }
}
