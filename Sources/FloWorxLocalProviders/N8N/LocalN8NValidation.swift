import Foundation

/// The request-body checks n8n's public API makes on a workflow (its OpenAPI `workflow`, `node` and
/// `workflowSettings` schemas, enforced by express-openapi-validator), with n8n's messages: `request/body must have
/// required property 'settings'`, `request/body must NOT have additional properties`, `request/body/active is
/// read-only`, `request/body/settings/saveDataErrorExecution must be equal to one of the allowed values`...
enum LocalN8NValidation {
    static let workflowKeys: Set<String> = ["name", "nodes", "connections", "settings", "staticData"]
    static let readOnlyKeys: Set<String> = ["id", "active", "createdAt", "updatedAt", "tags"]
    static let required = ["name", "nodes", "connections", "settings"]
    static let nodeKeys: [String: String] = [
        "id": "string", "name": "string", "webhookId": "string", "disabled": "boolean", "notesInFlow": "boolean", "notes": "string",
        "type": "string", "typeVersion": "number", "executeOnce": "boolean", "alwaysOutputData": "boolean", "retryOnFail": "boolean",
        "maxTries": "number", "waitBetweenTries": "number", "continueOnFail": "boolean", "onError": "string", "position": "array",
        "parameters": "object", "credentials": "object",
    ]
    static let settingsKeys: [String: String] = [
        "saveExecutionProgress": "boolean", "saveManualExecutions": "boolean", "saveDataErrorExecution": "string",
        "saveDataSuccessExecution": "string", "executionTimeout": "number", "errorWorkflow": "string", "timezone": "string",
        "executionOrder": "string",
    ]

    /// The body's fields when it is a valid workflow, else n8n's 400 message.
    static func workflow(_ body: Data) -> Result<[String: LocalN8NJSON], Message> {
        guard case .object(let object)? = try? JSONDecoder().decode(LocalN8NJSON.self, from: body) else {
            return .failure(Message("request/body must be object"))
        }
        for key in required where object[key] == nil {
            return .failure(Message("request/body must have required property '\(key)'"))
        }
        for key in object.keys.sorted() where readOnlyKeys.contains(key) {
            return .failure(Message("request/body/\(key) is read-only"))
        }
        if object.keys.contains(where: { !workflowKeys.contains($0) }) {
            return .failure(Message("request/body must NOT have additional properties"))
        }
        guard case .string = object["name"] else { return .failure(Message("request/body/name must be string")) }
        guard case .array(let nodes)? = object["nodes"] else { return .failure(Message("request/body/nodes must be array")) }
        for (index, item) in nodes.enumerated() {
            guard case .object(let node) = item else { return .failure(Message("request/body/nodes/\(index) must be object")) }
            if let problem = check(node, against: nodeKeys, at: "request/body/nodes/\(index)") { return .failure(problem) }
            if case .array(let position)? = node["position"], let bad = position.firstIndex(where: { $0.type != "number" }) {
                return .failure(Message("request/body/nodes/\(index)/position/\(bad) must be number"))
            }
        }
        guard case .object = object["connections"] else { return .failure(Message("request/body/connections must be object")) }
        guard case .object(let settings)? = object["settings"] else { return .failure(Message("request/body/settings must be object")) }
        if let problem = check(settings, against: settingsKeys, at: "request/body/settings") { return .failure(problem) }
        for key in ["saveDataErrorExecution", "saveDataSuccessExecution"] {
            if case .string(let value)? = settings[key], !["all", "none"].contains(value) {
                return .failure(Message("request/body/settings/\(key) must be equal to one of the allowed values: all, none"))
            }
        }
        if let staticData = object["staticData"], !["null", "string", "object"].contains(staticData.type) {
            return .failure(Message("request/body/staticData must match a schema in anyOf"))
        }
        return .success(object)
    }

    /// n8n refuses to activate a workflow without a node that can start it (a trigger, poller or webhook).
    static func hasTrigger(_ nodes: [LocalN8NJSON]) -> Bool {
        nodes.contains { item in
            guard case .object(let node) = item, case .string(let type)? = node["type"] else { return false }
            if case .bool(true)? = node["disabled"] { return false }
            let name = type.split(separator: ".").last.map(String.init) ?? type
            return name.hasSuffix("Trigger") || name == "webhook" || name == "cron" || name == "interval"
        }
    }

    private static func check(_ object: [String: LocalN8NJSON], against keys: [String: String], at path: String) -> Message? {
        for (key, value) in object.sorted(by: { $0.key < $1.key }) {
            guard let type = keys[key] else { return Message("\(path) must NOT have additional properties") }
            if value.type != type { return Message("\(path)/\(key) must be \(type)") }
        }
        return nil
    }

    /// A validation failure: n8n's `message`.
    struct Message: Error {
        var text: String
        init(_ text: String) { self.text = text }
    }
}

/// A JSON value with its JSON type kept (Foundation's `JSONSerialization` cannot tell `true` from `1` on Linux).
enum LocalN8NJSON: Codable, Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([LocalN8NJSON])
    case object([String: LocalN8NJSON])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([LocalN8NJSON].self) { self = .array(value) }
        else { self = .object(try container.decode([String: LocalN8NJSON].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The JSON Schema type name.
    var type: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// Compact JSON, keys sorted.
    var data: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data("null".utf8)
    }
}
