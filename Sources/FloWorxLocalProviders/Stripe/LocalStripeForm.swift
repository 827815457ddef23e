import Foundation

/// The parameters of one Stripe API request: the form body of a POST or the query of a GET/DELETE, with nested
/// names as Stripe's libraries send them (`line_items[0][price]`, `metadata[key]`).
struct LocalStripeForm: Sendable {
    var fields: [(name: String, value: String)]

    init(_ fields: [(name: String, value: String)]) { self.fields = fields }

    /// Parses `application/x-www-form-urlencoded` bytes.
    init(body: Data) {
        fields = LocalHTTPServer.queryItems(String(decoding: body, as: UTF8.self))
    }

    func value(_ name: String) -> String? { fields.last { $0.name == name }?.value }

    /// `prefix[key]` entries as a dictionary (an empty value unsets a key, as Stripe does).
    func dictionary(_ prefix: String) -> [String: String] {
        var result: [String: String] = [:]
        for field in fields where field.name.hasPrefix(prefix + "[") && field.name.hasSuffix("]") {
            let key = String(field.name.dropFirst(prefix.count + 1).dropLast())
            guard !key.contains("[") else { continue }
            result[key] = field.value
        }
        return result
    }

    /// The top-level parameter names (`line_items` for `line_items[0][price]`).
    var roots: [String] {
        var seen: [String] = []
        for field in fields {
            let root = String(field.name.prefix { $0 != "[" })
            if !seen.contains(root) { seen.append(root) }
        }
        return seen
    }

    /// The first root not in `allowed` (`expand` is always allowed), for Stripe's "Received unknown parameter".
    func unknown(allowed: Set<String>) -> String? {
        roots.first { !allowed.contains($0) && $0 != "expand" }
    }

    /// `name` as a positive integer within `range`, or the error Stripe answers.
    func integer(_ name: String, default fallback: Int, range: ClosedRange<Int>) -> Result<Int, LocalStripeAPIError> {
        guard let text = value(name) else { return .success(fallback) }
        guard let number = Int(text), range.contains(number) else {
            return .failure(LocalStripeAPIError(status: 400, code: "parameter_invalid_integer", param: name,
                                                message: "Invalid integer: \(text)"))
        }
        return .success(number)
    }
}

/// An error answered in Stripe's shape: `{"error": {"type", "code", "message", "param", "doc_url"}}`.
struct LocalStripeAPIError: Error, Sendable {
    var status: Int
    var type: String = "invalid_request_error"
    var code: String?
    var param: String?
    var message: String

    init(status: Int, type: String = "invalid_request_error", code: String? = nil, param: String? = nil, message: String) {
        self.status = status
        self.type = type
        self.code = code
        self.param = param
        self.message = message
    }

    static func missing(_ param: String) -> LocalStripeAPIError {
        LocalStripeAPIError(status: 400, code: "parameter_missing", param: param, message: "Missing required param: \(param).")
    }

    static func unknown(_ param: String) -> LocalStripeAPIError {
        LocalStripeAPIError(status: 400, code: "parameter_unknown", param: param,
                            message: "Received unknown parameter: \(param)")
    }

    static func noSuch(_ kind: String, _ id: String, param: String? = "id") -> LocalStripeAPIError {
        LocalStripeAPIError(status: param == "id" ? 404 : 400, code: "resource_missing", param: param, message: "No such \(kind): '\(id)'")
    }

    var json: [String: Any] {
        var error: [String: Any] = ["type": type, "message": message]
        if let code {
            error["code"] = code
            error["doc_url"] = "https://stripe.com/docs/error-codes/" + code.replacingOccurrences(of: "_", with: "-")
        }
        if let param { error["param"] = param }
        return ["error": error]
    }
}
