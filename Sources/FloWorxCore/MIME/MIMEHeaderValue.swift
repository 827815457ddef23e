/// A header value with parameters, such as `Content-Type` or `Content-Disposition`.
public struct MIMEHeaderValue: Sendable, Hashable {
    /// The value before the parameters, lowercased, e.g. `text/plain` or `attachment`.
    public var value: String
    /// Parameters by lowercased name, RFC 2231 continuations joined and decoded; `name` and `filename` also have
    /// RFC 2047 encoded words decoded, which mailers put there although the RFC does not allow it.
    public var parameters: [String: String]

    /// Creates a value.
    public init(value: String, parameters: [String: String] = [:]) {
        self.value = value
        self.parameters = parameters
    }

    /// Parses `value; name=token; name="quoted"; name*=charset'lang'%XX; name*0*=…; name*1=…`, leniently:
    /// unquoted values may hold spaces, a missing closing quote ends at the end, junk between parameters is skipped.
    public init(parsing text: String) {
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count, bytes[index] != MIMEBytes.semicolon { index += 1 }
        value = MIMEBytes.lowercased(String(decoding: MIMEBytes.trimmed(bytes[0..<index]), as: UTF8.self))
        var plain: [String: String] = [:]
        var extended: [String: [Section]] = [:]
        while index < bytes.count {
            while index < bytes.count, bytes[index] == MIMEBytes.semicolon || MIMEBytes.isWhitespace(bytes[index]) { index += 1 }
            let nameStart = index
            while index < bytes.count, bytes[index] != MIMEBytes.equals, bytes[index] != MIMEBytes.semicolon { index += 1 }
            let name = MIMEBytes.lowercased(String(decoding: MIMEBytes.trimmed(bytes[nameStart..<index]), as: UTF8.self))
            guard index < bytes.count, bytes[index] == MIMEBytes.equals, !name.isEmpty else {
                while index < bytes.count, bytes[index] != MIMEBytes.semicolon { index += 1 }
                continue
            }
            index += 1
            while index < bytes.count, MIMEBytes.isBlank(bytes[index]) { index += 1 }
            var raw: [UInt8] = []
            if index < bytes.count, bytes[index] == MIMEBytes.quote {
                index += 1
                while index < bytes.count, bytes[index] != MIMEBytes.quote {
                    if bytes[index] == MIMEBytes.backslash, index + 1 < bytes.count { index += 1 }
                    raw.append(bytes[index])
                    index += 1
                }
                while index < bytes.count, bytes[index] != MIMEBytes.semicolon { index += 1 }
            } else {
                let valueStart = index
                while index < bytes.count, bytes[index] != MIMEBytes.semicolon { index += 1 }
                raw = Array(MIMEBytes.trimmed(bytes[valueStart..<index]))
            }
            if let star = name.firstIndex(of: "*") {
                let base = String(name[..<star])
                var marker = name[name.index(after: star)...]
                let encoded = marker.hasSuffix("*") || marker.isEmpty
                if marker.hasSuffix("*") { marker = marker.dropLast() }
                guard let number = marker.isEmpty ? 0 : Int(marker) else { continue }
                extended[base, default: []].append(Section(number: number, encoded: encoded, raw: raw))
            } else if plain[name] == nil {
                plain[name] = String(decoding: raw, as: UTF8.self)
            }
        }
        for (name, sections) in extended {
            plain[name] = Self.join(sections)
        }
        for name in ["name", "filename"] {
            if let text = plain[name] { plain[name] = MIMEEncodedWords.decode(text) }
        }
        parameters = plain
    }

    /// The parameter with this name (case-insensitive), if any.
    public subscript(parameter name: String) -> String? {
        parameters[MIMEBytes.lowercased(name)]
    }

    /// One RFC 2231 section: `name*N` or `name*N*` (encoded), or `name*` alone (section 0, encoded).
    private struct Section {
        var number: Int
        var encoded: Bool
        var raw: [UInt8]
    }

    /// Joins RFC 2231 sections in order and decodes them in the charset named by the first encoded section.
    private static func join(_ sections: [Section]) -> String {
        var bytes: [UInt8] = []
        var charset: String?
        for (position, section) in sections.sorted(by: { $0.number < $1.number }).enumerated() {
            var raw = section.raw[...]
            if position == 0, section.encoded {
                // charset'language'value; a value without both quotes is taken as it is.
                if let first = raw.firstIndex(of: MIMEBytes.apostrophe),
                    let second = raw[(first + 1)...].firstIndex(of: MIMEBytes.apostrophe)
                {
                    let name = String(decoding: raw[..<first], as: UTF8.self)
                    charset = name.isEmpty ? nil : name
                    raw = raw[(second + 1)...]
                }
            }
            if section.encoded { percentDecode(raw, into: &bytes) } else { bytes.append(contentsOf: raw) }
        }
        return MIMECharset.decode(bytes[...], charset: charset ?? "utf-8", lenient: charset != nil)
    }

    private static func percentDecode(_ raw: ArraySlice<UInt8>, into out: inout [UInt8]) {
        var index = raw.startIndex
        while index < raw.endIndex {
            if raw[index] == MIMEBytes.percent, index + 2 < raw.endIndex,
                let high = MIMEBytes.hexValue(raw[index + 1]), let low = MIMEBytes.hexValue(raw[index + 2])
            {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(raw[index])
                index += 1
            }
        }
    }
}
