import NIOCore

/// Splits the server's bytes into replies: lines `NNN-text` continue a reply, `NNN text` (or `NNN`) ends it
/// (RFC 5321 §4.2.1). Bounded: a line over 4 KiB or a reply over 1,000 lines is a protocol violation, not memory.
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply

    static let maxLineBytes = 4096
    static let maxLines = 1000

    private var code: Int?
    private var lines: [String] = []

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maxLineBytes { throw SMTPError(.protocolViolation, step: "reply", message: "a reply line longer than \(Self.maxLineBytes) bytes", isRetryable: true) }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex
        var bytes = buffer.readBytes(length: length + 1)!.dropLast()
        if bytes.last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
        guard bytes.count >= 3, bytes.prefix(3).allSatisfy({ (0x30...0x39).contains($0) }),
              bytes.count == 3 || bytes[bytes.startIndex + 3] == UInt8(ascii: " ") || bytes[bytes.startIndex + 3] == UInt8(ascii: "-"),
              let lineCode = Int(String(decoding: bytes.prefix(3), as: UTF8.self)), (200...599).contains(lineCode) else {
            throw SMTPError(.protocolViolation, step: "reply", message: "the server sent a line that is no SMTP reply: \"\(String(decoding: bytes.prefix(80), as: UTF8.self))\"", isRetryable: true)
        }
        if let code, code != lineCode {
            throw SMTPError(.protocolViolation, step: "reply", message: "a multi-line reply changed its code from \(code) to \(lineCode)", isRetryable: true)
        }
        code = lineCode
        lines.append(String(decoding: bytes.dropFirst(4), as: UTF8.self))
        if lines.count > Self.maxLines { throw SMTPError(.protocolViolation, step: "reply", message: "a reply of more than \(Self.maxLines) lines", isRetryable: true) }
        let continues = bytes.count > 3 && bytes[bytes.startIndex + 3] == UInt8(ascii: "-")
        if !continues {
            context.fireChannelRead(Self.wrapInboundOut(SMTPReply(code: lineCode, lines: lines)))
            code = nil
            lines = []
        }
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}
