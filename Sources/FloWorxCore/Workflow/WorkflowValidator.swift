import Foundation

/// Checks a workflow definition's JSON (`workflow_data`) member by member, so that every problem is reported with
/// the field it is in (`steps[3].type`), including members `Codable` would silently ignore. The database checks the
/// same shape with `schemas/workflow_data.schema.json`; this validator adds the rules a JSON Schema cannot say
/// (built-in steps once each and in pipeline order, conditions that need an earlier step, unreachable steps).
public enum WorkflowValidator {
    /// At most this many steps.
    public static let maxSteps = 50
    /// At most this many `webhook` steps (each is a job and an outbound request per email).
    public static let maxWebhookSteps = 10
    /// At most this many `forward` steps, i.e. forward addresses (each is a mail sent per email).
    public static let maxForwardSteps = 10
    /// At most this many `addLabel` steps (labels or Outlook categories added per email).
    public static let maxLabelSteps = 20
    /// At most this many problems are listed in an answer (`WorkflowProblemList`); the total is always given.
    public static let maxListedProblems = 50

    /// Every problem of `json`, in document order; empty when it is a valid definition.
    public static func validate(_ json: JSONValue) -> [WorkflowProblem] {
        var problems: [WorkflowProblem] = []
        guard let root = json.objectValue else {
            return [WorkflowProblem(field: "workflow_data", message: "must be an object")]
        }
        rejectUnknown(root, allowed: ["schemaVersion", "steps"], path: "", into: &problems)
        if let version = root["schemaVersion"], version.numberValue != Double(WorkflowDefinition.currentSchemaVersion) {
            problems.append(WorkflowProblem(field: "schemaVersion", message: "must be \(WorkflowDefinition.currentSchemaVersion)"))
        }
        guard let steps = root["steps"]?.arrayValue else {
            problems.append(WorkflowProblem(field: "steps", message: root["steps"] == nil ? "is required" : "must be an array"))
            return problems
        }
        if steps.isEmpty || steps.count > maxSteps {
            problems.append(WorkflowProblem(field: "steps", message: "must hold 1 to \(maxSteps) steps (it holds \(steps.count))"))
        }
        var seen: [WorkflowStepType: Int] = [:]
        var counts: [WorkflowStepType: Int] = [:]
        var lastRank = -1, lastRankIndex = -1
        var unconditionalStop: Int?
        // Only the allowed number of steps is examined: a definition of thousands of steps is one problem, not
        // thousands (the answer stays small and the check linear in what can be valid).
        for (index, step) in steps.prefix(maxSteps).enumerated() {
            let path = "steps[\(index)]"
            guard let members = step.objectValue else {
                problems.append(WorkflowProblem(field: path, message: "must be an object"))
                continue
            }
            guard let typeName = members["type"]?.stringValue, let type = WorkflowStepType(rawValue: typeName) else {
                let got = members["type"].map { $0.stringValue.map { "unknown step type \"\($0)\"" } ?? "must be a string" } ?? "is required"
                let known = WorkflowStepType.allCases.map(\.rawValue).joined(separator: ", ")
                problems.append(WorkflowProblem(field: "\(path).type", message: "\(got); expected one of \(known)"))
                continue
            }
            if let stop = unconditionalStop {
                problems.append(WorkflowProblem(field: path, message: "never runs: steps[\(stop)] stops every email"))
            }
            rejectUnknown(members, allowed: type.allowedMembers.union(["type"]), path: path, into: &problems)
            if let rank = type.pipelineRank {
                if let first = seen[type] {
                    problems.append(WorkflowProblem(field: "\(path).type", message: "\(typeName) appears twice (first at steps[\(first)])"))
                } else if rank < lastRank {
                    problems.append(WorkflowProblem(
                        field: "\(path).type", message: "\(typeName) must come before the \(steps[lastRankIndex].objectValue?["type"]?.stringValue ?? "") step at steps[\(lastRankIndex)]"))
                } else {
                    lastRank = rank
                    lastRankIndex = index
                }
            } else if seen[.classification] == nil {
                problems.append(WorkflowProblem(field: "\(path).type", message: "\(typeName) must come after the classification step"))
            }
            if seen[type] == nil { seen[type] = index }
            counts[type, default: 0] += 1
            if let limit = countLimit(type), counts[type]! == limit + 1 {
                problems.append(WorkflowProblem(field: "\(path).type", message: "at most \(limit) \(typeName) steps are allowed"))
            }
            checkSettings(type, members, path: path, seen: seen, into: &problems)
            if type == .stop, members["when"] == nil || members["when"] == .object([:]) { unconditionalStop = unconditionalStop ?? index }
        }
        if !steps.isEmpty, steps.first?.objectValue?["type"]?.stringValue != WorkflowStepType.loopGuard.rawValue {
            problems.append(WorkflowProblem(field: "steps[0].type", message: "must be loopGuard: automatic mail is always recognised first"))
        }
        if seen[.classification] == nil {
            problems.append(WorkflowProblem(field: "steps", message: "a classification step is required"))
        }
        return problems
    }

    /// The definition in `data` (JSON text), or every problem with it.
    public static func parse(_ data: Data) throws(WorkflowValidationError) -> WorkflowDefinition {
        let json: JSONValue
        do {
            json = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw WorkflowValidationError(problems: [WorkflowProblem(field: "workflow_data", message: "is not JSON")])
        }
        return try parse(json)
    }

    /// The definition `json` holds, or every problem with it.
    public static func parse(_ json: JSONValue) throws(WorkflowValidationError) -> WorkflowDefinition {
        let problems = validate(json)
        guard problems.isEmpty else { throw WorkflowValidationError(problems: problems) }
        do {
            let data = try JSONEncoder().encode(json)
            return try JSONDecoder().decode(WorkflowDefinition.self, from: data)
        } catch {
            // Unreachable when validate passes; reported rather than trusted.
            throw WorkflowValidationError(problems: [WorkflowProblem(field: "workflow_data", message: "does not decode: \(error)")])
        }
    }

    /// The most steps of `type` one definition may hold; `nil`: no limit beyond `maxSteps` (built-in steps are
    /// limited to one each by their rank).
    public static func countLimit(_ type: WorkflowStepType) -> Int? {
        switch type {
        case .webhook: maxWebhookSteps
        case .forward: maxForwardSteps
        case .addLabel: maxLabelSteps
        default: nil
        }
    }

    // MARK: Settings

    private static func checkSettings(
        _ type: WorkflowStepType, _ members: [String: JSONValue], path: String, seen: [WorkflowStepType: Int], into problems: inout [WorkflowProblem]
    ) {
        switch type {
        case .loopGuard, .businessHours:
            break
        case .classification:
            number(members["threshold"], path: "\(path).threshold", range: 0...1, into: &problems)
            bool(members["llmSecondOpinion"], path: "\(path).llmSecondOpinion", into: &problems)
        case .escalation:
            if let ids = members["ruleIds"], ids != .null {
                if let array = ids.arrayValue, array.count <= 200 {
                    for (index, id) in array.enumerated() where id.stringValue.flatMap(UUID.init(uuidString:)) == nil {
                        problems.append(WorkflowProblem(field: "\(path).ruleIds[\(index)]", message: "must be a rule id (UUID)"))
                    }
                } else {
                    problems.append(WorkflowProblem(field: "\(path).ruleIds", message: "must be an array of at most 200 rule ids"))
                }
            }
        case .draft:
            categories(members["categories"], path: "\(path).categories", into: &problems)
            number(members["minConfidence"], path: "\(path).minConfidence", range: 0...1, into: &problems)
            bool(members["autoReply"], path: "\(path).autoReply", into: &problems)
        case .writeBack:
            if let mode = members["mode"], mode.stringValue.flatMap(WorkflowWriteBackStep.Mode.init(rawValue:)) == nil {
                let known = WorkflowWriteBackStep.Mode.allCases.map(\.rawValue).joined(separator: ", ")
                problems.append(WorkflowProblem(field: "\(path).mode", message: "must be one of \(known)"))
            }
        case .notifications:
            bool(members["enabled"], path: "\(path).enabled", into: &problems)
        case .webhook:
            let url = members["url"]?.stringValue
            if let url, url.count > WorkflowWebhookStep.maxURLLength {
                problems.append(WorkflowProblem(field: "\(path).url", message: "must be at most \(WorkflowWebhookStep.maxURLLength) characters"))
            } else if url.map(isWebURL) != true {
                problems.append(WorkflowProblem(field: "\(path).url", message: url == nil ? "is required (an http or https URL)" : "must be an absolute http or https URL"))
            }
            if let ref = members["secretRef"], ref != .null, ref.stringValue.map(isSecretName) != true {
                problems.append(WorkflowProblem(field: "\(path).secretRef", message: "must be a secret name (1 to 100 of A-Z a-z 0-9 _ . -)"))
            }
            integer(members["timeoutSeconds"], path: "\(path).timeoutSeconds", range: WorkflowWebhookStep.timeoutRange, into: &problems)
            integer(members["retries"], path: "\(path).retries", range: WorkflowWebhookStep.retriesRange, into: &problems)
        case .forward:
            let address = members["address"]?.stringValue
            if address.map(isEmailAddress) != true {
                problems.append(WorkflowProblem(field: "\(path).address", message: address == nil ? "is required (an email address)" : "must be an email address"))
            }
        case .addLabel:
            let label = members["label"]?.stringValue
            if label.map(isLabel) != true {
                problems.append(WorkflowProblem(field: "\(path).label", message: "must be a label name of 1 to 100 characters, without control characters or a leading or trailing /"))
            }
        case .stop:
            break
        }
        if let when = members["when"] { condition(when, path: "\(path).when", seen: seen, into: &problems) }
    }

    private static func condition(_ json: JSONValue, path: String, seen: [WorkflowStepType: Int], into problems: inout [WorkflowProblem]) {
        guard let members = json.objectValue else {
            problems.append(WorkflowProblem(field: path, message: "must be an object"))
            return
        }
        rejectUnknown(members, allowed: ["categories", "escalated"], path: path, into: &problems)
        categories(members["categories"], path: "\(path).categories", into: &problems)
        bool(members["escalated"], path: "\(path).escalated", into: &problems)
        if members["escalated"] != nil, seen[.escalation] == nil {
            problems.append(WorkflowProblem(field: "\(path).escalated", message: "needs the escalation step before this step"))
        }
    }

    // MARK: Values

    private static func rejectUnknown(_ members: [String: JSONValue], allowed: Set<String>, path: String, into problems: inout [WorkflowProblem]) {
        for key in members.keys.sorted() where !allowed.contains(key) {
            problems.append(WorkflowProblem(field: path.isEmpty ? key : "\(path).\(key)", message: "unknown member"))
        }
    }

    private static func number(_ value: JSONValue?, path: String, range: ClosedRange<Double>, into problems: inout [WorkflowProblem]) {
        guard let value, value != .null else { return }
        guard let number = value.numberValue, range.contains(number) else {
            problems.append(WorkflowProblem(field: path, message: "must be a number from \(range.lowerBound) to \(range.upperBound)"))
            return
        }
    }

    private static func integer(_ value: JSONValue?, path: String, range: ClosedRange<Int>, into problems: inout [WorkflowProblem]) {
        guard let value else { return }
        guard let number = value.numberValue, number.rounded() == number, range.contains(Int(exactly: number) ?? Int.min) else {
            problems.append(WorkflowProblem(field: path, message: "must be an integer from \(range.lowerBound) to \(range.upperBound)"))
            return
        }
    }

    private static func bool(_ value: JSONValue?, path: String, into problems: inout [WorkflowProblem]) {
        guard let value, value.boolValue == nil else { return }
        problems.append(WorkflowProblem(field: path, message: "must be true or false"))
    }

    private static func categories(_ value: JSONValue?, path: String, into problems: inout [WorkflowProblem]) {
        guard let value, value != .null else { return }
        guard let array = value.arrayValue, !array.isEmpty, array.count <= 50 else {
            problems.append(WorkflowProblem(field: path, message: "must be an array of 1 to 50 categories"))
            return
        }
        for (index, item) in array.enumerated() where item.stringValue.flatMap(Category.init(rawValue:)) == nil {
            let known = Category.allCases.map(\.rawValue).joined(separator: ", ")
            problems.append(WorkflowProblem(field: "\(path)[\(index)]", message: "unknown category; expected one of \(known)"))
        }
    }

    static func isWebURL(_ text: String) -> Bool {
        guard text.count <= WorkflowWebhookStep.maxURLLength, let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty else { return false }
        return true
    }

    static func isSecretName(_ text: String) -> Bool {
        (1...100).contains(text.utf8.count) && text.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x2E || c == 0x2D
        }
    }

    static func isEmailAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return text.utf8.count <= 320 && parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".") && !text.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" })
    }

    static func isLabel(_ text: String) -> Bool {
        (1...100).contains(text.count) && !text.hasPrefix("/") && !text.hasSuffix("/")
            && !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
    }
}
