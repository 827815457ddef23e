import Foundation
import NIOCore

/// One client's SMTP session on a `LocalSMTPServer`: a line-based state machine on the channel's event loop.
final class LocalSMTPSession: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum AuthStep { case none, plain, loginUser, loginPassword(String) }

    private let server: LocalSMTPServer
    private var pending: [UInt8] = []
    private var greeted = false
    private var user: String?
    private var auth = AuthStep.none
    private var mailFrom: String?
    private var recipients: [String] = []
    private var inData = false
    private var data: [UInt8] = []
    private var oversize = false
    private var silent = false

    /// The longest command line read before the session is ended (RFC 5321 allows 512 octets; AUTH lines are longer).
    static let maxCommandBytes = 8192

    init(server: LocalSMTPServer) { self.server = server }

    func channelActive(context: ChannelHandlerContext) {
        server.opened(context.channel)
        let configuration = server.configuration
        silent = configuration.silent
        if !silent { reply(context, "220 \(configuration.hostname) ESMTP FloWorx local SMTP") }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        server.closed(context.channel)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !silent else { return }
        var buffer = unwrapInboundIn(data)
        pending += buffer.readBytes(length: buffer.readableBytes) ?? []
        while let newline = pending.firstIndex(of: 10) {
            var line = Array(pending[..<newline])
            pending.removeSubrange(...newline)
            if line.last == 13 { line.removeLast() }
            if inData { dataLine(context, line) } else { command(context, String(decoding: line, as: UTF8.self)) }
            guard context.channel.isActive else { return }
        }
        if !inData && pending.count > Self.maxCommandBytes {
            reply(context, "500 5.5.6 Line too long")
            context.close(promise: nil)
        }
    }

    private func reply(_ context: ChannelHandlerContext, _ text: String) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text + "\r\n")), promise: nil)
    }

    private func resetTransaction() {
        mailFrom = nil
        recipients = []
        data = []
        oversize = false
    }

    // MARK: Commands

    private func command(_ context: ChannelHandlerContext, _ line: String) {
        let configuration = server.configuration
        switch auth {
        case .none: break
        case .plain: return finishPlain(context, line, configuration)
        case .loginUser:
            if line == "*" { auth = .none; return reply(context, "501 5.7.0 Authentication cancelled") }
            auth = .loginPassword(Self.base64(line) ?? "")
            return reply(context, "334 UGFzc3dvcmQ6")
        case .loginPassword(let name):
            auth = .none
            if line == "*" { return reply(context, "501 5.7.0 Authentication cancelled") }
            return authenticated(context, name: name, password: Self.base64(line), configuration)
        }
        let verb = line.prefix { $0 != " " }.uppercased()
        let argument = line.dropFirst(verb.count).trimmingCharacters(in: .whitespaces)
        switch verb {
        case "EHLO":
            if configuration.refuseEHLO { return reply(context, "502 5.5.2 Command not recognized") }
            greeted = true
            resetTransaction()
            var lines = [configuration.hostname, "SIZE \(configuration.maxMessageBytes)", "8BITMIME", "ENHANCEDSTATUSCODES"]
            if configuration.credentials != nil { lines.append("AUTH PLAIN LOGIN") }
            lines.append("HELP")
            let text = lines.enumerated().map { "250\($0.offset == lines.count - 1 ? " " : "-")\($0.element)" }.joined(separator: "\r\n")
            reply(context, text)
        case "HELO":
            greeted = true
            resetTransaction()
            reply(context, "250 \(configuration.hostname)")
        case "AUTH":
            startAuth(context, argument, configuration)
        case "MAIL":
            guard greeted else { return reply(context, "503 5.5.1 Say EHLO first") }
            guard mailFrom == nil else { return reply(context, "503 5.5.1 Nested MAIL command") }
            guard configuration.credentials == nil || user != nil else { return reply(context, "530 5.7.0 Authentication required") }
            guard let address = Self.path(argument, prefix: "FROM:") else { return reply(context, "501 5.5.4 Syntax: MAIL FROM:<address>") }
            if configuration.temporaryFailure == .mailFrom { return reply(context, "\(configuration.temporaryFailureCode) 4.3.0 Try again later") }
            if let size = Self.parameter("SIZE", in: argument).flatMap(Int.init), size > configuration.maxMessageBytes {
                return reply(context, "552 5.3.4 Message too big")
            }
            mailFrom = address
            reply(context, "250 2.1.0 Ok")
        case "RCPT":
            guard mailFrom != nil else { return reply(context, "503 5.5.1 Need MAIL command") }
            guard let address = Self.path(argument, prefix: "TO:"), !address.isEmpty else { return reply(context, "501 5.5.4 Syntax: RCPT TO:<address>") }
            if configuration.temporaryFailure == .rcptTo { return reply(context, "\(configuration.temporaryFailureCode) 4.3.0 Try again later") }
            if configuration.rejectedRecipients.contains(address.lowercased()) { return reply(context, "550 5.1.1 <\(address)>: Recipient address rejected: mailbox unavailable") }
            guard recipients.count < configuration.maxRecipients else { return reply(context, "452 4.5.3 Too many recipients") }
            recipients.append(address)
            reply(context, "250 2.1.5 Ok")
        case "DATA":
            guard mailFrom != nil, !recipients.isEmpty else { return reply(context, "503 5.5.1 Need RCPT command") }
            if configuration.temporaryFailure == .data { return reply(context, "\(configuration.temporaryFailureCode) 4.3.0 Try again later") }
            inData = true
            reply(context, "354 End data with <CR><LF>.<CR><LF>")
        case "RSET":
            resetTransaction()
            reply(context, "250 2.0.0 Ok")
        case "NOOP":
            reply(context, "250 2.0.0 Ok")
        case "VRFY":
            reply(context, "252 2.1.5 Cannot VRFY user")
        case "STARTTLS":
            reply(context, "454 4.7.0 TLS not available on the local server")
        case "QUIT":
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "221 2.0.0 Bye\r\n"))).whenComplete { _ in bound.value.close(promise: nil) }
        default:
            reply(context, "500 5.5.2 Command not recognized")
        }
    }

    private func dataLine(_ context: ChannelHandlerContext, _ line: [UInt8]) {
        if line == [UInt8(ascii: ".")] {
            inData = false
            let configuration = server.configuration
            defer { resetTransaction() }
            if oversize { return reply(context, "552 5.3.4 Message too big") }
            if configuration.temporaryFailure == .endOfData { return reply(context, "\(configuration.temporaryFailureCode) 4.3.0 Try again later") }
            let id = server.store(mailFrom: mailFrom ?? "", recipients: recipients, raw: data, user: user)
            return reply(context, "250 2.0.0 Ok: queued as \(id)")
        }
        guard !oversize else { return }
        // Dot-unstuffing (RFC 5321 §4.5.2).
        let content = line.first == UInt8(ascii: ".") ? line.dropFirst() : line[...]
        data += content
        data += [13, 10]
        if data.count > server.configuration.maxMessageBytes {
            oversize = true
            data = []
        }
    }

    // MARK: AUTH

    private func startAuth(_ context: ChannelHandlerContext, _ argument: String, _ configuration: LocalSMTPConfiguration) {
        guard configuration.credentials != nil else { return reply(context, "503 5.5.1 AUTH not offered") }
        guard greeted else { return reply(context, "503 5.5.1 Say EHLO first") }
        guard user == nil else { return reply(context, "503 5.5.1 Already authenticated") }
        let words = argument.split(separator: " ").map(String.init)
        switch words.first?.uppercased() {
        case "PLAIN":
            if words.count > 1 { return finishPlain(context, words[1], configuration) }
            auth = .plain
            reply(context, "334 ")
        case "LOGIN":
            if words.count > 1 {
                auth = .loginPassword(Self.base64(words[1]) ?? "")
                return reply(context, "334 UGFzc3dvcmQ6")
            }
            auth = .loginUser
            reply(context, "334 VXNlcm5hbWU6")
        default:
            reply(context, "504 5.5.4 Unrecognized authentication type")
        }
    }

    private func finishPlain(_ context: ChannelHandlerContext, _ line: String, _ configuration: LocalSMTPConfiguration) {
        auth = .none
        if line == "*" { return reply(context, "501 5.7.0 Authentication cancelled") }
        guard let decoded = Self.base64(line) else { return reply(context, "501 5.5.2 Cannot decode response") }
        let parts = decoded.split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else { return reply(context, "501 5.5.2 Cannot decode response") }
        authenticated(context, name: parts[1], password: parts[2], configuration)
    }

    private func authenticated(_ context: ChannelHandlerContext, name: String, password: String?, _ configuration: LocalSMTPConfiguration) {
        guard let password, configuration.accepts(username: name, password: password) else {
            return reply(context, "535 5.7.8 Authentication credentials invalid")
        }
        user = name
        reply(context, "235 2.7.0 Authentication successful")
    }

    // MARK: Parsing

    static func base64(_ text: String) -> String? {
        Data(base64Encoded: text.trimmingCharacters(in: .whitespaces)).flatMap { String(data: $0, encoding: .utf8) }
    }

    /// The address of `FROM:<a@b> SIZE=…` (`<>` gives the empty null sender).
    static func path(_ argument: String, prefix: String) -> String? {
        guard argument.uppercased().hasPrefix(prefix) else { return nil }
        let rest = argument.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
        guard rest.hasPrefix("<"), let close = rest.firstIndex(of: ">") else { return nil }
        return String(rest[rest.index(after: rest.startIndex)..<close])
    }

    /// The value of an ESMTP parameter such as `SIZE=1234`.
    static func parameter(_ name: String, in argument: String) -> String? {
        for word in argument.split(separator: " ") {
            let pair = word.split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0].uppercased() == name { return String(pair[1]) }
        }
        return nil
    }
}
