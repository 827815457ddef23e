import Foundation

/// Turns a FloWorx workflow version into an n8n workflow that runs it through FloWorx's API (pure; no I/O).
///
/// The n8n workflow has a Webhook trigger (`POST <n8n>/webhook/floworx/<business>/<workflow>`) that receives an
/// email as FloWorx's ingestion API takes it, and an HTTP Request node that hands it to `POST /api/v1/emails` for the
/// business. FloWorx then runs the version's steps on it: they need FloWorx's data (rules, profiles, the mailbox
/// connection), so they run there, not as n8n logic that could drift from the native pipeline. After the call, one
/// node per step shows the version's steps in order, with their settings as the node's notes (n8n's No Operation
/// node: it passes FloWorx's answer through and does nothing else, so nothing runs twice).
///
/// The service key is never in the export: the HTTP node reads it from n8n's environment
/// (`{{ $env.FLOWORX_SERVICE_KEY }}`), and a webhook step shows only the *name* of its signing secret.
public enum N8NExport {
    /// The n8n node types and versions the export uses (all in n8n's base package).
    public static let webhookNodeType = "n8n-nodes-base.webhook"
    public static let httpRequestNodeType = "n8n-nodes-base.httpRequest"
    public static let noOpNodeType = "n8n-nodes-base.noOp"
    static let triggerName = "FloWorx email in"
    static let ingestName = "Run in FloWorx"

    /// The name FloWorx gives the n8n workflow of a business's workflow: `floworx:<business id>:<workflow name>`.
    /// Deploying finds the workflow by this name, so every version of one workflow updates the same n8n workflow.
    public static func name(businessId: UUID, workflowName: String) -> String {
        "floworx:\(businessId.uuidString.lowercased()):\(workflowName)"
    }

    /// The n8n workflow for version `version` of the business's workflow `workflowName` with `steps`, calling the
    /// FloWorx API at `floworxURL` (e.g. `https://floworx.example.com`).
    public static func document(businessId: UUID, workflowName: String, version: Int, steps: [WorkflowStep], floworxURL: String) -> N8NWorkflowDocument {
        let name = name(businessId: businessId, workflowName: workflowName)
        var base = floworxURL
        while base.hasSuffix("/") { base.removeLast() }
        let business = businessId.uuidString.lowercased()
        let webhookPath = "floworx/\(business)/\(slug(workflowName))"
        var nodes: [JSONValue] = [
            node(
                name: triggerName, type: webhookNodeType, version: 2, x: 0, id: stableId(name + "#trigger"),
                parameters: ["httpMethod": .string("POST"), "path": .string(webhookPath), "responseMode": .string("onReceived"), "options": .object([:])],
                extra: ["webhookId": .string(stableId(name + "#webhook"))]),
            node(
                name: ingestName, type: httpRequestNodeType, version: 4.2, x: 220, id: stableId(name + "#ingest"),
                parameters: [
                    "method": .string("POST"),
                    "url": .string("\(base)/api/v1/emails?client_id=\(business)"),
                    "sendHeaders": .bool(true),
                    "headerParameters": .object(["parameters": .array([
                        .object(["name": .string("Authorization"), "value": .string("=Bearer {{ $env.FLOWORX_SERVICE_KEY }}")]),
                    ])]),
                    "sendBody": .bool(true),
                    "specifyBody": .string("json"),
                    "jsonBody": .string("={{ JSON.stringify($json.body) }}"),
                    "options": .object([:]),
                ],
                extra: ["notes": .string("Hands the email to FloWorx, which runs the business's active version (exported: version \(version) of \(workflowName))."), "notesInFlow": .bool(true)]),
        ]
        var names = [triggerName, ingestName]
        for (index, step) in steps.enumerated() {
            let stepName = "\(index + 1). \(title(step))"
            names.append(stepName)
            nodes.append(node(
                name: stepName, type: noOpNodeType, version: 1, x: 440 + 220 * index, id: stableId(name + "#step\(index)"),
                parameters: [:], extra: ["notes": .string(notes(step)), "notesInFlow": .bool(true)]))
        }
        var connections: [String: JSONValue] = [:]
        for (from, to) in zip(names, names.dropFirst()) {
            connections[from] = .object(["main": .array([.array([.object(["node": .string(to), "type": .string("main"), "index": .number(0)])])])])
        }
        return N8NWorkflowDocument(
            name: name, nodes: nodes, connections: .object(connections),
            settings: .object(["executionOrder": .string("v1"), "saveDataErrorExecution": .string("all"), "saveDataSuccessExecution": .string("none")]))
    }

    private static func node(
        name: String, type: String, version: Double, x: Int, id: String, parameters: [String: JSONValue], extra: [String: JSONValue]
    ) -> JSONValue {
        var fields: [String: JSONValue] = [
            "id": .string(id), "name": .string(name), "type": .string(type), "typeVersion": .number(version),
            "position": .array([.number(Double(x)), .number(0)]), "parameters": .object(parameters),
        ]
        fields.merge(extra) { _, new in new }
        return .object(fields)
    }

    /// The step's node title.
    static func title(_ step: WorkflowStep) -> String {
        switch step {
        case .loopGuard: "Loop guard"
        case .classification: "Classification"
        case .businessHours: "Business hours"
        case .escalation: "Escalation rules"
        case .draft: "Draft reply"
        case .writeBack: "Mailbox write-back"
        case .notifications: "Notifications"
        case .webhook: "Call webhook"
        case .forward: "Forward"
        case .addLabel(let settings): "Add label \(settings.label)"
        case .stop: "Stop"
        }
    }

    /// The step's settings as the node's notes: its JSON without secrets (a webhook step holds only a secret's name).
    static func notes(_ step: WorkflowStep) -> String {
        let encoder = JSONCoding.encoder()
        let json = (try? encoder.encode(step)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return "Runs in FloWorx: \(json)"
    }

    /// Lowercase letters, digits and dashes: a URL path segment that stays the same for the same name.
    static func slug(_ text: String) -> String {
        var slug = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        while slug.hasPrefix("-") { slug.removeFirst() }
        return slug.isEmpty ? "workflow" : slug
    }

    /// A UUID-shaped id derived from `seed` (64-bit FNV-1a twice): the same export always has the same node ids, so
    /// re-deploying an unchanged version changes nothing in n8n.
    static func stableId(_ seed: String) -> String {
        func fnv(_ text: String, basis: UInt64) -> UInt64 {
            var hash = basis
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            return hash
        }
        let hex = String(format: "%016llx%016llx", fnv(seed, basis: 0xcbf2_9ce4_8422_2325), fnv(seed, basis: 0x8422_2325_cbf2_9ce4))
        let chars = Array(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(chars[$0]) }.joined(separator: "-")
    }
}
