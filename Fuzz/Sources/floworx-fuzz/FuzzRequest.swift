import HTTPTypes
import Hummingbird
import NIOCore

/// Builds the Hummingbird requests the data API parsers read, as the router would hand them over.
enum FuzzRequest {
    /// A GET of `/rest/v1/fuzz` with the given query string and header fields.
    static func make(query: String = "", headers: HTTPFields = [:]) -> Request {
        let path = query.isEmpty ? "/rest/v1/fuzz" : "/rest/v1/fuzz?" + query
        let head = HTTPRequest(method: .get, scheme: "http", authority: "127.0.0.1", path: path, headerFields: headers)
        return Request(head: head, body: .init(buffer: ByteBuffer()))
    }
}
