import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Sends SMS through Twilio's Messages API: `POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json`, form
/// encoded, HTTP basic auth. One request per call, no retries (the notification queue retries what
/// `TwilioError.isRetryable` says may succeed) and no logging: errors carry Twilio's code and message, never a
/// credential.
public struct TwilioClient: Sendable {
    public let configuration: TwilioConfiguration
    let client: HTTPClient
    /// Twilio's Message resource is a few KB; anything much larger is not one.
    static let maxResponseBytes = 1024 * 1024
    /// Twilio refuses bodies over 1,600 characters (error 21617).
    public static let maxBodyCharacters = 1_600

    public init(configuration: TwilioConfiguration, client: HTTPClient = .shared) {
        self.configuration = configuration
        self.client = client
    }

    var messagesURL: String {
        TwilioConfiguration.trimmedBase(configuration.baseURL) + "/2010-04-01/Accounts/" + MailHTTP.percentEncode(configuration.accountSid) + "/Messages"
    }

    /// Sends `body` to `to` (E.164) from the configured sender. `statusCallback` overrides the configured status
    /// callback URL (`.some(nil)` asks for none). Returns the created message (status `queued` or `accepted`): its
    /// `sid` is what status callbacks report on.
    public func send(to: String, body: String, statusCallback: String?? = .none) async throws(TwilioError) -> TwilioMessage {
        var fields: [(String, String)] = [("To", to)]
        if let service = configuration.sender.messagingServiceSid { fields.append(("MessagingServiceSid", service)) }
        if let from = configuration.sender.from { fields.append(("From", from)) }
        fields.append(("Body", body))
        let callback: String? = statusCallback ?? configuration.statusCallbackURL
        if let callback { fields.append(("StatusCallback", callback)) }
        let response = try await exchange(.POST, messagesURL + ".json", form: fields)
        return try decode(response)
    }

    /// `GET .../Messages/{sid}.json`: the message's current status.
    public func message(sid: String) async throws(TwilioError) -> TwilioMessage {
        let response = try await exchange(.GET, messagesURL + "/" + MailHTTP.percentEncode(sid) + ".json", form: nil)
        return try decode(response)
    }

    private func decode(_ response: (status: Int, body: Data)) throws(TwilioError) -> TwilioMessage {
        do {
            return try JSONDecoder().decode(TwilioMessage.self, from: response.body)
        } catch {
            throw TwilioError(kind: .invalidResponse, status: response.status, message: "unexpected response body: \(MailHTTP.describe(error))")
        }
    }

    private func exchange(_ method: HTTPMethod, _ url: String, form: [(String, String)]?) async throws(TwilioError) -> (status: Int, body: Data) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        let auth = configuration.basicAuth
        request.headers.add(name: "Authorization", value: "Basic " + Data("\(auth.user):\(auth.password)".utf8).base64EncodedString())
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "FloWorx")
        if let form {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(bytes: MailHTTP.form(form)))
        }
        let status: Int
        let body: Data
        let retryAfter: String?
        do {
            (status, body, retryAfter) = try await execute(request)
        } catch let error as TwilioError {
            throw error
        } catch {
            throw TwilioError(kind: .transport, message: MailProviderError.sanitize("\(error)", secrets: configuration.secrets))
        }
        guard (200..<300).contains(status) else {
            let parsed = try? JSONDecoder().decode(TwilioErrorBody.self, from: body)
            let message = parsed?.message ?? "HTTP \(status) without a Twilio error body"
            throw TwilioError.classify(status: status, code: parsed?.code, message: MailProviderError.sanitize(message, secrets: configuration.secrets),
                                       moreInfo: parsed?.moreInfo, retryAfter: retryAfter.flatMap(Int.init).map { .seconds($0) })
        }
        return (status, body)
    }

    /// The answer within the timeout, body included and capped.
    private func execute(_ request: HTTPClientRequest) async throws -> (Int, Data, String?) {
        do {
            let answer = try await BoundedHTTPExchange.execute(client, request, timeout: configuration.timeout, limit: Self.maxResponseBytes)
            return (answer.status, answer.body, answer.headers.first(name: "Retry-After"))
        } catch let error as BoundedHTTPExchange.TooLarge {
            throw TwilioError(kind: (200..<300).contains(error.status) ? .invalidResponse : .transport, status: error.status,
                              message: "response body larger than \(Self.maxResponseBytes) bytes")
        } catch is BoundedHTTPExchange.TimedOut {
            throw TwilioError(kind: .transport, message: "no complete response within \(configuration.timeout)")
        }
    }
}
