/// A custom step that POSTs the email's outcome to a URL, signed with HMAC-SHA256 by the secret named `secretRef`
/// (run by the `workflow.webhook` job).
public struct WorkflowWebhookStep: Sendable, Hashable, Codable {
    /// Bounds of the settings, shared by the validator and the JSON Schema.
    public static let timeoutRange = 1...60
    public static let retriesRange = 0...10
    /// The longest `url`, in characters (the JSON Schema's `maxLength`).
    public static let maxURLLength = 2000

    /// An absolute `http` or `https` URL.
    public var url: String
    /// The name of the secret that signs the body (never the secret itself); `nil` sends it unsigned.
    public var secretRef: String?
    /// How long one attempt may take.
    public var timeoutSeconds: Int
    /// How many times a failed call is tried again.
    public var retries: Int
    /// When the step applies; `nil`: always.
    public var when: WorkflowCondition?

    /// Creates the settings.
    public init(url: String, secretRef: String? = nil, timeoutSeconds: Int = 10, retries: Int = 3, when: WorkflowCondition? = nil) {
        self.url = url
        self.secretRef = secretRef
        self.timeoutSeconds = timeoutSeconds
        self.retries = retries
        self.when = when
    }

    private enum CodingKeys: String, CodingKey { case url, secretRef, timeoutSeconds, retries, when }

    /// Decodes the settings; absent `timeoutSeconds` is 10 and `retries` 3.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        url = try container.decode(String.self, forKey: .url)
        secretRef = try container.decodeIfPresent(String.self, forKey: .secretRef)
        timeoutSeconds = try container.decodeIfPresent(Int.self, forKey: .timeoutSeconds) ?? 10
        retries = try container.decodeIfPresent(Int.self, forKey: .retries) ?? 3
        when = try container.decodeIfPresent(WorkflowCondition.self, forKey: .when)
    }
}
