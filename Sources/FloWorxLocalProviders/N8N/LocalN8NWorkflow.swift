import Foundation

/// One workflow held by a `LocalN8NServer`: what n8n's public API stores and returns for it. Nodes, connections,
/// settings and static data are kept as the client sent them (n8n echoes them back unchanged).
public struct LocalN8NWorkflow: Sendable, Hashable {
    public var id: String
    public var name: String
    public var active: Bool
    public var createdAt: Date
    public var updatedAt: Date
    var nodes: [LocalN8NJSON]
    var connections: LocalN8NJSON
    var settings: LocalN8NJSON
    var staticData: LocalN8NJSON

    /// The `type` of each node, in order (for assertions).
    public var nodeTypes: [String] {
        nodes.map { node in
            if case .object(let fields) = node, case .string(let type)? = fields["type"] { return type }
            return ""
        }
    }

    /// The workflow's body fields from a validated create or update request.
    mutating func replace(with body: [String: LocalN8NJSON]) {
        if case .string(let name)? = body["name"] { self.name = name }
        if case .array(let nodes)? = body["nodes"] { self.nodes = nodes }
        connections = body["connections"] ?? .object([:])
        settings = body["settings"] ?? .object([:])
        staticData = body["staticData"] ?? .null
    }

    /// The workflow as n8n's API renders it (the public API's `workflow` schema).
    var json: LocalN8NJSON {
        .object([
            "id": .string(id), "name": .string(name), "active": .bool(active),
            "createdAt": .string(Self.timestamp(createdAt)), "updatedAt": .string(Self.timestamp(updatedAt)),
            "nodes": .array(nodes), "connections": connections, "settings": settings, "staticData": staticData, "tags": .array([]),
        ])
    }

    /// ISO 8601 with milliseconds, as n8n renders dates (`2022-04-29T11:02:29.842Z`).
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// 16 random letters and digits: the shape of n8n's workflow ids (`2tUt1wbLX592XDdX`).
    static func randomId() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
