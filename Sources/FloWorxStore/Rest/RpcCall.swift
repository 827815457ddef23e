/// `POST /rest/v1/rpc/{fn}` or `GET /rest/v1/rpc/{fn}?arg=value`, parsed: the function, its arguments, and how to
/// read its result (filters, `select`, `order`, `limit`/`offset`, counting — for functions that return rows).
public struct RpcCall: Sendable, Hashable {
    /// How the arguments were given.
    public enum Arguments: Sendable, Hashable {
        /// By name: the names and a JSON object text holding their values (the POST body, or the query's values as
        /// strings). `body` says it came from a POST body, which may also go whole to one unnamed json/jsonb parameter.
        case named(names: [String], json: String, body: Bool)
        /// `Prefer: params=single-object`: the whole body is the one json/jsonb parameter's value.
        case singleObject(json: String)
    }

    public var function: String
    public var arguments: Arguments
    /// A GET: the function must not be volatile, and runs in a read-only transaction.
    public var readOnly: Bool
    /// How to read the result; its `table` is ignored (the function's result stands in).
    public var read: RestRead

    public init(function: String, arguments: Arguments, readOnly: Bool, read: RestRead) {
        self.function = function
        self.arguments = arguments
        self.readOnly = readOnly
        self.read = read
    }
}
