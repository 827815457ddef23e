/// Content-Transfer-Encoding decoders (RFC 2045), tolerant of what real mailers produce.
public enum MIMETransferEncoding {
    /// Decodes a body by its `Content-Transfer-Encoding` value; 7bit, 8bit, binary and unknown values pass through.
    public static func decode(_ bytes: ArraySlice<UInt8>, encoding: String?) -> [UInt8] {
        bytes.withUnsafeBufferPointer { decode($0, encoding: encoding) }
    }

    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, encoding: String?) -> [UInt8] {
        switch encoding.map(MIMEBytes.lowercased) {
        case "base64": base64(bytes)
        case "quoted-printable": quotedPrintable(bytes)
        default: Array(bytes)
        }
    }

    /// Quoted-printable: `=XX` escapes, soft line breaks (`=` at line end, CRLF or LF), trailing whitespace on a
    /// line dropped as RFC 2045 asks; a malformed `=` is kept literally.
    public static func quotedPrintable(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        bytes.withUnsafeBufferPointer(quotedPrintable)
    }

    static func quotedPrintable(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        // The output is never longer than the input.
        [UInt8](unsafeUninitializedCapacity: input.count) { output, count in
            var o = 0
            // Output index after the last byte that is not literal trailing whitespace on the current line.
            var lineContentEnd = 0
            var index = 0
            let end = input.count
            while index < end {
                let byte = input[index]
                switch byte {
                case MIMEBytes.equals:
                    var next = index + 1
                    if next + 1 < end, let high = MIMEBytes.hexValue(input[next]), let low = MIMEBytes.hexValue(input[next + 1]) {
                        output[o] = high << 4 | low
                        o += 1
                        lineContentEnd = o
                        index += 3
                        continue
                    }
                    // A soft line break: `=`, optional transport-added whitespace, then the line ending (or the end).
                    while next < end, MIMEBytes.isBlank(input[next]) { next += 1 }
                    if next == end {
                        index = end
                    } else if input[next] == MIMEBytes.lf {
                        index = next + 1
                    } else if input[next] == MIMEBytes.cr, next + 1 < end, input[next + 1] == MIMEBytes.lf {
                        index = next + 2
                    } else {
                        output[o] = byte
                        o += 1
                        lineContentEnd = o
                        index += 1
                    }
                case MIMEBytes.lf:
                    o = lineContentEnd
                    output[o] = byte
                    o += 1
                    lineContentEnd = o
                    index += 1
                case MIMEBytes.cr where index + 1 < end && input[index + 1] == MIMEBytes.lf:
                    o = lineContentEnd
                    output[o] = MIMEBytes.cr
                    output[o + 1] = MIMEBytes.lf
                    o += 2
                    lineContentEnd = o
                    index += 2
                case MIMEBytes.space, MIMEBytes.tab:
                    output[o] = byte
                    o += 1
                    index += 1
                default:
                    output[o] = byte
                    o += 1
                    lineContentEnd = o
                    index += 1
                }
            }
            count = lineContentEnd
        }
    }

    /// Base64, skipping whitespace and any byte outside the alphabet. A missing padding is fine, and so is padding
    /// in the middle (some mailers encode each line on its own).
    public static func base64(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        bytes.withUnsafeBufferPointer(base64)
    }

    static func base64(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: input.count / 4 * 3 + 3) { output, count in
            var o = 0
            var accumulator: UInt32 = 0
            var pending = 0
            base64Values.withUnsafeBufferPointer { values in
                for byte in input {
                    let value = values[Int(byte)]
                    if value == 0xFF {
                        if byte == MIMEBytes.equals {
                            flush(output, &o, accumulator, pending)
                            accumulator = 0
                            pending = 0
                        }
                        continue
                    }
                    accumulator = accumulator << 6 | UInt32(value)
                    pending += 1
                    if pending == 4 {
                        output[o] = UInt8(truncatingIfNeeded: accumulator >> 16)
                        output[o + 1] = UInt8(truncatingIfNeeded: accumulator >> 8)
                        output[o + 2] = UInt8(truncatingIfNeeded: accumulator)
                        o += 3
                        accumulator = 0
                        pending = 0
                    }
                }
            }
            flush(output, &o, accumulator, pending)
            count = o
        }
    }

    /// Two or three leftover characters carry one or two bytes; one leftover carries too few bits for a byte.
    @inline(__always)
    private static func flush(_ output: UnsafeMutableBufferPointer<UInt8>, _ o: inout Int, _ accumulator: UInt32, _ pending: Int) {
        if pending == 2 {
            output[o] = UInt8(truncatingIfNeeded: accumulator >> 4)
            o += 1
        } else if pending == 3 {
            output[o] = UInt8(truncatingIfNeeded: accumulator >> 10)
            output[o + 1] = UInt8(truncatingIfNeeded: accumulator >> 2)
            o += 2
        }
    }

    /// Each byte's base64 value; 0xFF for bytes outside the alphabet.
    private static let base64Values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(byte)] = UInt8(value)
        }
        return table
    }()
}
