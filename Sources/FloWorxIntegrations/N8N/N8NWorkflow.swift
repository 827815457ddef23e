import FloWorxCore
import Foundation

/// A workflow as n8n's public API returns it (the fields FloWorx reads).
public struct N8NWorkflow: Sendable, Hashable, Decodable {
    public var id: String
    public var name: String
    public var active: Bool
    public var nodes: [JSONValue]
    public var connections: JSONValue
    public var settings: JSONValue?
    public var updatedAt: String?

    /// Whether the workflow already holds `document` (same nodes, connections and settings): updating it would
    /// change nothing.
    public func holds(_ document: N8NWorkflowDocument) -> Bool {
        name == document.name && nodes == document.nodes && connections == document.connections && settings == document.settings
    }
}

/// One page of `GET /api/v1/workflows`.
public struct N8NWorkflowPage: Sendable, Hashable, Decodable {
    public var data: [N8NWorkflow]
    /// The `cursor` of the next page; nil on the last.
    public var nextCursor: String?
}
