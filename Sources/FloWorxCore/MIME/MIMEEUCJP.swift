/// EUC-JP to Shift_JIS, because Foundation on Linux decodes Shift_JIS but not EUC-JP.
///
/// Both encode JIS X 0208, so the conversion is arithmetic. Half-width katakana (`0x8E xx`) become their single
/// Shift_JIS bytes; JIS X 0212 characters (`0x8F xx yy`), which Shift_JIS cannot hold, and stray bytes become `?`.
enum MIMEEUCJP {
    static func shiftJIS(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        let end = bytes.endIndex
        while index < end {
            let byte = bytes[index]
            if byte < 0x80 {
                out.append(byte)
                index += 1
            } else if byte == 0x8E, index + 1 < end, (0xA1...0xDF).contains(bytes[index + 1]) {
                out.append(bytes[index + 1])
                index += 2
            } else if byte == 0x8F, index + 2 < end {
                out.append(MIMEBytes.question)
                index += 3
            } else if (0xA1...0xFE).contains(byte), index + 1 < end, (0xA1...0xFE).contains(bytes[index + 1]) {
                let row = byte - 0x80, cell = bytes[index + 1] - 0x80
                out.append((row + 1) / 2 + (row <= 0x5E ? 0x70 : 0xB0))
                if row & 1 == 1 {
                    let second = cell + 0x1F
                    out.append(second >= 0x7F ? second + 1 : second)
                } else {
                    out.append(cell + 0x7E)
                }
                index += 2
            } else {
                out.append(MIMEBytes.question)
                index += 1
            }
        }
        return out
    }
}
