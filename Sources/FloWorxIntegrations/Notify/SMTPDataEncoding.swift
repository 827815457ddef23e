/// The message as it goes after `DATA` (RFC 5321 §4.5.2): every line ending CRLF (a bare LF or CR becomes CRLF), a
/// line starting with "." gets a second one (dot-stuffing), and the terminating `.` line.
enum SMTPDataEncoding {
    static func encode(_ message: [UInt8]) -> [UInt8] {
        let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n"), dot = UInt8(ascii: ".")
        var out: [UInt8] = []
        out.reserveCapacity(message.count + message.count / 50 + 8)
        var atLineStart = true
        var index = 0
        while index < message.count {
            let byte = message[index]
            if byte == cr || byte == lf {
                out.append(cr)
                out.append(lf)
                // CRLF is one line end; a lone CR or LF is one too.
                index += (byte == cr && index + 1 < message.count && message[index + 1] == lf) ? 2 : 1
                atLineStart = true
                continue
            }
            if atLineStart && byte == dot { out.append(dot) }
            out.append(byte)
            atLineStart = false
            index += 1
        }
        if !atLineStart { out += [cr, lf] }
        out += [dot, cr, lf]
        return out
    }

    /// Whether the message has bytes over 127 (then `BODY=8BITMIME` is declared when the server offers it).
    static func hasEightBit(_ message: [UInt8]) -> Bool { message.contains { $0 >= 0x80 } }
}
