import Foundation

/// One page of a message delta round (`/me/mailFolders/{id}/messages/delta`). Follow `nextLink` until a page
/// carries `deltaLink`; store that link and call it for the next round. A page never carries both.
public struct GraphDeltaPage: Sendable, Hashable, Codable {
    /// The rows, in order: changed or new messages, and removed ones (`removed` set).
    public var value: [GraphMessage]
    public var nextLink: String?
    public var deltaLink: String?

    public init(value: [GraphMessage], nextLink: String? = nil, deltaLink: String? = nil) {
        self.value = value
        self.nextLink = nextLink
        self.deltaLink = deltaLink
    }

    enum CodingKeys: String, CodingKey {
        case value
        case nextLink = "@odata.nextLink"
        case deltaLink = "@odata.deltaLink"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        value = try container.decodeIfPresent([GraphMessage].self, forKey: .value) ?? []
        nextLink = try container.decodeIfPresent(String.self, forKey: .nextLink)
        deltaLink = try container.decodeIfPresent(String.self, forKey: .deltaLink)
    }

    /// The rows that are messages present in the folder.
    public var messages: [GraphMessage] { value.filter { $0.removed == nil } }
    /// The ids of rows marked `@removed`.
    public var removedIds: [String] { value.filter { $0.removed != nil }.map(\.id) }
}
