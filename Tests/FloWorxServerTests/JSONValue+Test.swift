import FloWorxCore

extension JSONValue {
    /// Element lookup for arrays; `nil` for anything else or an index out of range.
    subscript(index: Int) -> JSONValue? {
        guard let array = arrayValue, array.indices.contains(index) else { return nil }
        return array[index]
    }

    /// The keys of an object, sorted.
    var keys: [String] { objectValue?.keys.sorted() ?? [] }
}

extension Array where Element == JSONValue {
    /// The string values of `key` in each row, sorted.
    func strings(_ key: String) -> [String] {
        compactMap { $0[key]?.stringValue }.sorted()
    }
}
