import Foundation

/// Resolves the `secretRef` of a workflow `webhook` step to the secret itself, from the environment only: the
/// reference `crm-hook` is read from `FLOWORX_WORKFLOW_SECRET_CRM_HOOK` (upper case, every character other than a
/// letter or digit as `_`). Workflows hold only the reference, so a secret never enters the database, an export or a
/// log.
public struct WorkflowSecrets: Sendable {
    let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The environment variable that holds `reference`.
    public static func variable(for reference: String) -> String {
        let name = reference.uppercased().unicodeScalars.map { scalar -> String in
            scalar.isASCII && (CharacterSet.uppercaseLetters.contains(scalar) || CharacterSet.decimalDigits.contains(scalar)) ? String(scalar) : "_"
        }.joined()
        return "FLOWORX_WORKFLOW_SECRET_" + name
    }

    /// The secret, or nil when the variable is unset or empty.
    public func secret(_ reference: String) -> String? {
        environment[Self.variable(for: reference)].flatMap { $0.isEmpty ? nil : $0 }
    }
}
