/// One parse run over a message's bytes: header sections, multipart splitting, limits.
///
/// Entities are located by index ranges into the one input buffer, which lives only as long as the parse; bytes are
/// copied only into header values and decoded leaf bodies.
struct MIMEReader {
    let bytes: UnsafeBufferPointer<UInt8>
    let parser: MIMEParser
    private var entities = 0

    init(bytes: UnsafeBufferPointer<UInt8>, parser: MIMEParser) {
        self.bytes = bytes
        self.parser = parser
    }

    /// Parses the entity in `range`. The top-level entity (depth 0) must start with headers; a body part without
    /// the empty line after its headers is read as a body, as mail clients do.
    mutating func entity(in range: Range<Int>, depth: Int, defaultType: String) throws(MIMEError) -> MIMEEntity {
        entities += 1
        guard entities <= parser.maxParts else { throw .tooManyParts(limit: parser.maxParts) }
        let (headers, bodyStart) = try headerSection(in: range, strict: depth == 0)
        var contentType = headers["Content-Type"].map(MIMEHeaderValue.init(parsing:)) ?? MIMEHeaderValue(value: defaultType)
        if !Self.isValidType(contentType.value) { contentType.value = "text/plain" }
        let disposition = headers["Content-Disposition"].map(MIMEHeaderValue.init(parsing:))
        let body = bodyStart..<range.upperBound
        if contentType.value.hasPrefix("multipart/") {
            if let boundary = contentType[parameter: "boundary"], !boundary.isEmpty,
                let ranges = try partRanges(in: body, boundary: Array("--\(boundary)".utf8))
            {
                guard depth < parser.maxDepth else { throw .tooDeep(limit: parser.maxDepth) }
                let childType = contentType.value == "multipart/digest" ? "message/rfc822" : "text/plain"
                var children: [MIMEEntity] = []
                children.reserveCapacity(ranges.count)
                for part in ranges {
                    children.append(try entity(in: part, depth: depth + 1, defaultType: childType))
                }
                return MIMEEntity(headers: headers, contentType: contentType, disposition: disposition, children: children)
            }
            // Without a usable boundary the body cannot be split; show it as text rather than lose it.
            contentType.value = "text/plain"
        }
        let decoded = MIMETransferEncoding.decode(UnsafeBufferPointer(rebasing: bytes[body]), encoding: headers["Content-Transfer-Encoding"].map(MIMEBytes.trimmed))
        return MIMEEntity(headers: headers, contentType: contentType, disposition: disposition, body: decoded)
    }

    /// `type/subtype` with both halves non-empty and free of spaces.
    private static func isValidType(_ value: String) -> Bool {
        let parts = value.utf8.split(separator: MIMEBytes.slash, omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && !$0.contains(where: MIMEBytes.isWhitespace) }
    }

    /// The end of the line starting at `start` (the index of its LF, or the range end) and the start of the next.
    @inline(__always)
    private func line(from start: Int, before end: Int) -> (contentEnd: Int, next: Int) {
        let index = MIMEBytes.lineFeed(in: bytes, from: start, to: end)
        let next = index < end ? index + 1 : end
        let contentEnd = index > start && bytes[index - 1] == MIMEBytes.cr ? index - 1 : index
        return (contentEnd, next)
    }

    /// Reads the header section at the start of `range`; returns the fields and where the body starts.
    private func headerSection(in range: Range<Int>, strict: Bool) throws(MIMEError) -> (MIMEHeaders, Int) {
        var fields: [MIMEHeaderField] = []
        var name = ""
        var value: [UInt8] = []
        var lineNumber = 0
        var index = range.lowerBound
        let end = range.upperBound
        func finishField() {
            guard !name.isEmpty else { return }
            fields.append(MIMEHeaderField(name: name, value: MIMEBytes.headerString(MIMEBytes.trimmed(value[...]))))
            name = ""
            value.removeAll(keepingCapacity: true)
        }
        // An mbox `From ` separator line in front of a message is not a header field.
        if strict, bytes[index...].starts(with: Self.mboxFrom) {
            index = line(from: index, before: end).next
        }
        while index < end {
            guard index - range.lowerBound <= parser.maxHeaderSize else { throw .headerTooLong(limit: parser.maxHeaderSize) }
            lineNumber += 1
            let (contentEnd, next) = line(from: index, before: end)
            if contentEnd == index {
                finishField()
                return (MIMEHeaders(fields), next)
            }
            if MIMEBytes.isBlank(bytes[index]), !name.isEmpty {
                value.append(contentsOf: bytes[index..<contentEnd])
                index = next
                continue
            }
            if let colon = fieldNameEnd(from: index, to: contentEnd) {
                finishField()
                var nameEnd = colon
                while MIMEBytes.isBlank(bytes[nameEnd - 1]) { nameEnd -= 1 }
                name = String(decoding: bytes[index..<nameEnd], as: UTF8.self)
                value.append(contentsOf: bytes[(colon + 1)..<contentEnd])
                index = next
                continue
            }
            if strict {
                throw fields.isEmpty && name.isEmpty ? .badHeader(line: lineNumber) : .noHeaderSeparator(line: lineNumber)
            }
            finishField()
            return (MIMEHeaders(fields), index)
        }
        guard end - range.lowerBound <= parser.maxHeaderSize else { throw .headerTooLong(limit: parser.maxHeaderSize) }
        finishField()
        return (MIMEHeaders(fields), end)
    }

    private static let mboxFrom = Array("From ".utf8)

    /// The index of the colon if the line starts with a field name (printable ASCII, optionally followed by blanks).
    private func fieldNameEnd(from start: Int, to end: Int) -> Int? {
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte == MIMEBytes.colon { break }
            guard byte > 0x20, byte < 0x7F else {
                // Obsolete syntax allows blanks between the name and the colon, nothing else.
                var blank = index
                while blank < end, MIMEBytes.isBlank(bytes[blank]) { blank += 1 }
                guard blank > start, index > start, blank < end, bytes[blank] == MIMEBytes.colon, MIMEBytes.isBlank(byte) else { return nil }
                return blank
            }
            index += 1
        }
        return index > start && index < end ? index : nil
    }

    /// Splits a multipart body at its boundary lines (`--boundary`, with trailing blanks allowed) up to the close
    /// delimiter (`--boundary--`); a missing close delimiter ends the last part at the end of the body. The line
    /// break before a boundary belongs to the boundary. Nil if no boundary line occurs at all.
    private func partRanges(in body: Range<Int>, boundary: [UInt8]) throws(MIMEError) -> [Range<Int>]? {
        var parts: [Range<Int>] = []
        var partStart: Int?
        var index = body.lowerBound
        let end = body.upperBound
        while index < end {
            let (contentEnd, next) = line(from: index, before: end)
            if contentEnd - index >= boundary.count, bytes[index] == MIMEBytes.dash, bytes[index..<(index + boundary.count)].elementsEqual(boundary) {
                var rest = index + boundary.count
                var closing = false
                if rest + 1 < contentEnd, bytes[rest] == MIMEBytes.dash, bytes[rest + 1] == MIMEBytes.dash {
                    closing = true
                    rest += 2
                }
                while rest < contentEnd, MIMEBytes.isBlank(bytes[rest]) { rest += 1 }
                if rest == contentEnd {
                    if let start = partStart {
                        var partEnd = index
                        if partEnd > start, bytes[partEnd - 1] == MIMEBytes.lf { partEnd -= 1 }
                        if partEnd > start, bytes[partEnd - 1] == MIMEBytes.cr { partEnd -= 1 }
                        parts.append(start..<partEnd)
                        guard parts.count <= parser.maxParts else { throw .tooManyParts(limit: parser.maxParts) }
                    }
                    if closing { return parts }
                    partStart = next
                }
            }
            index = next
        }
        if let start = partStart { parts.append(start..<end) }
        return partStart == nil ? nil : parts
    }
}
