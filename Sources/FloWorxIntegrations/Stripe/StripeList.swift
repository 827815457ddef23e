/// A page of a Stripe list (`{"object": "list", "data": [...], "has_more"}`) or search result (`"search_result"`,
/// with `next_page`).
public struct StripeList<Element: Decodable & Sendable>: Decodable, Sendable {
    public var data: [Element]
    public var hasMore: Bool
    /// The cursor of the next search page (`page=`), for search results.
    public var nextPage: String?

    public init(data: [Element], hasMore: Bool = false, nextPage: String? = nil) {
        self.data = data
        self.hasMore = hasMore
        self.nextPage = nextPage
    }
}

extension StripeList: Equatable where Element: Equatable {}
extension StripeList: Hashable where Element: Hashable {}
