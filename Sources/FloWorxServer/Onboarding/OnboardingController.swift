import FloWorxCore
import FloWorxStore
import Foundation
import Hummingbird
import HTTPTypes
import Logging
import NIOCore

/// `POST /api/v1/onboarding`: the signed-in owner sets up its business in one call — client config, managers,
/// suppliers, business hours with one time zone, a communication style (the document's, or one derived from the
/// industry) and its own escalation rules, on top of the safety defaults every business gets.
///
/// The body is the `ClientSetup` document (see docs/json-shapes.md). Answers: 201 with what was created;
/// 422 `onboarding_invalid` listing every problem by its path; 409 `already_onboarded` when the profile has a
/// business already; 401 without a signed-in user; 403 `owner_only` for the service key (operators use
/// `floworx clients add`). Nothing is written unless everything is.
struct OnboardingController: Sendable {
    let onboarding: OnboardingRepository
    let authenticator: RequestAuthenticator

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("api/v1/onboarding") { request, context in
            await APIError.handle(request) {
                do {
                    return try await onboard(request, context)
                } catch let error as OnboardingError {
                    return Self.response(error)
                }
            }
        }
    }

    private func onboard(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let caller = try await authenticator.authenticate(request)
        switch caller.identity.role {
        case .anon:
            throw AuthError.noUser
        case .serviceRole:
            throw APIError(.forbidden, "owner_only", "onboarding through the API sets up the signed-in owner's business; operators create businesses with `floworx clients add FILE.json`")
        case .authenticated:
            break
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: OnboardingDocument.maximumBytes)
        } catch {
            throw APIError(.contentTooLarge, "onboarding_too_large", "the onboarding document must be at most \(OnboardingDocument.maximumBytes) bytes")
        }
        if let type = request.headers[.contentType], !type.lowercased().hasPrefix("application/json") {
            throw APIError(.unsupportedMediaType, "unsupported_media_type", "send the onboarding document as application/json")
        }
        let document = try await onboarding.validate(Data(buffer.readableBytesView))
        let result = try await onboarding.onboard(document, as: caller.identity)
        context.logger.info("business onboarded", metadata: ["client": "\(result.clientId)", "rules": "\(result.rules.count)"])
        return APIError.json(Self.describe(result), status: .created)
    }

    /// The 201 body.
    static func describe(_ result: OnboardingResult) -> [String: Any] {
        [
            "client_id": result.clientId.uuidString.lowercased(),
            "timezone": result.timezone,
            "communication_style": ["name": result.styleName, "derived_from_industry": result.styleDerived] as [String: Any],
            "escalation_rules": result.rules,
        ]
    }

    /// An onboarding refusal in the API's error shape. A 422 adds `errors`, every problem as `{"path", "message"}`,
    /// so that a form can mark each field; `details` says the same in one text.
    static func response(_ error: OnboardingError) -> Response {
        switch error {
        case .invalid(let problems):
            let count = problems.count
            return APIError.json([
                "code": "onboarding_invalid",
                "message": count == 1 ? "the onboarding document has a problem: \(problems[0])" : "the onboarding document has \(count) problems",
                "details": problems.map(\.description).joined(separator: "\n"),
                "hint": "Each problem names its field by its path in the document; see docs/json-shapes.md.",
                "errors": problems.map { ["path": $0.path, "message": $0.message] },
            ], status: .unprocessableContent)
        case .alreadyOnboarded(let id):
            return APIError(.conflict, "already_onboarded", "this business is set up already (client \(id.uuidString.lowercased())); change it through /rest/v1").response
        case .profileMissing:
            return APIError(.notFound, "profile_not_found", "the signed-in user has no profile").response
        case .emailTaken(let email):
            return APIError(.conflict, "email_taken", "an account with the address \(email) exists already").response
        }
    }
}
