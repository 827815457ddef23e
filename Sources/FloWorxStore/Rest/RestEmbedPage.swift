/// `table.order=…`, `table.limit=…`, `table.offset=…`: the page of an embedded resource's rows.
public struct RestEmbedPage: Sendable, Hashable {
    public var order: [RestOrder]
    public var limit: Int?
    public var offset: Int?

    public init(order: [RestOrder] = [], limit: Int? = nil, offset: Int? = nil) {
        self.order = order
        self.limit = limit
        self.offset = offset
    }
}
