/// A workflow as n8n's public API creates and updates it (`POST /api/v1/workflows`, `PUT /api/v1/workflows/{id}`):
/// exactly the four members its `workflow` request schema requires and nothing read-only (n8n refuses `id`,
/// `active`, `tags`... in a request body).
public struct N8NWorkflowDocument: Sendable, Hashable, Codable {
    /// The workflow's name in n8n (FloWorx's stable key for finding it again, `N8NExport.name`).
    public var name: String
    /// The nodes, each an object of n8n's `node` schema.
    public var nodes: [JSONValue]
    /// `{source node name: {"main": [[{"node", "type": "main", "index"}]]}}`.
    public var connections: JSONValue
    /// Members of n8n's `workflowSettings` schema.
    public var settings: JSONValue

    /// Creates a document.
    public init(name: String, nodes: [JSONValue], connections: JSONValue, settings: JSONValue) {
        self.name = name
        self.nodes = nodes
        self.connections = connections
        self.settings = settings
    }

    /// The node named `name`, when there is one.
    public func node(named name: String) -> [String: JSONValue]? {
        for node in nodes {
            if case .object(let fields) = node, fields["name"] == .string(name) { return fields }
        }
        return nil
    }
}
