import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where a tenant-configured webhook may be sent. A workflow's `webhook` step names any URL, so without this check a
/// tenant could make FloWorx's workers POST into the operator's own network (cloud metadata at 169.254.169.254, the
/// database host, admin ports on loopback). By default the host must resolve only to public addresses; an operator
/// who runs receivers on a private network opts in (`FLOWORX_WORKFLOW_WEBHOOK_ALLOW_PRIVATE`).
///
/// The check resolves the name itself, so a rebinding DNS server could still answer differently to the connection;
/// redirects are not followed (`WebhookClient`), so a public receiver cannot bounce the request inward.
public enum WebhookDestination {
    /// Why `host` may not receive webhooks, or nil when every address it resolves to is public.
    public static func refusal(host: String) -> String? {
        let addresses = resolve(host)
        guard !addresses.isEmpty else { return "the host \(host) does not resolve" }
        if let inward = addresses.first(where: { !isPublic($0) }) {
            return "the host \(host) resolves to \(inward), a private, loopback or link-local address"
        }
        return nil
    }

    /// Why `host` may not receive webhooks judged from its text alone, without resolving it: an IP literal that is
    /// not public, or `localhost` (and names under it). Used when a workflow is saved, so an obvious inward address is
    /// refused at once; `refusal(host:)` at send time stays the guarantee (a name may resolve inward later).
    public static func literalRefusal(host: String) -> String? {
        var name = host.lowercased()
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        while name.hasSuffix(".") { name.removeLast() }
        if name == "localhost" || name.hasSuffix(".localhost") { return "\(host) is this machine (localhost)" }
        if let address = canonicalLiteral(name), !isPublic(address) { return "\(host) is \(address), a private, loopback or link-local address" }
        return nil
    }

    /// The canonical text of an IP literal in any form the resolver accepts (`127.1`, `0x7f000001`, `2130706433`,
    /// `0:0:0:0:0:0:0:1`), or nil when `name` is not one.
    static func canonicalLiteral(_ name: String) -> String? {
        let bare = String(name.split(separator: "%", maxSplits: 1).first ?? "")
        var v6 = in6_addr()
        if bare.contains(":"), inet_pton(AF_INET6, bare, &v6) == 1 {
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            guard inet_ntop(AF_INET6, &v6, &buffer, socklen_t(buffer.count)) != nil else { return nil }
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        // inet_aton takes the classic forms (hex, octal, fewer than four parts) that getaddrinfo takes too; only
        // names made of digits, dots and hex digits after 0x can be such literals.
        guard !bare.isEmpty, bare.allSatisfy({ $0.isHexDigit || $0 == "." || $0 == "x" }), bare.first?.isNumber == true else { return nil }
        var v4 = in_addr()
        guard inet_aton(bare, &v4) != 0 else { return nil }
        let octets = withUnsafeBytes(of: v4.s_addr) { Array($0) }
        return octets.map(String.init).joined(separator: ".")
    }

    /// The numeric addresses of `host` (an IP literal resolves to itself).
    static func resolve(_ host: String) -> [String] {
        let name = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &result) == 0, let first = result else { return [] }
        defer { freeaddrinfo(result) }
        var addresses: [String] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(info.pointee.ai_addr, info.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                addresses.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
            cursor = info.pointee.ai_next
        }
        return addresses
    }

    /// Whether a numeric IPv4 or IPv6 address is publicly routable.
    static func isPublic(_ address: String) -> Bool {
        if let v4 = ipv4(address) { return isPublicV4(v4) }
        let lower = address.lowercased().split(separator: "%").first.map(String.init) ?? address.lowercased()
        if lower == "::" || lower == "::1" { return false }
        if lower.hasPrefix("::ffff:"), let v4 = ipv4(String(lower.dropFirst(7))) { return isPublicV4(v4) }
        guard let head = lower.split(separator: ":", omittingEmptySubsequences: false).first, let first = UInt16(head, radix: 16) else { return false }
        if first & 0xffc0 == 0xfe80 { return false }  // link-local fe80::/10
        if first & 0xfe00 == 0xfc00 { return false }  // unique local fc00::/7
        if first & 0xff00 == 0xff00 { return false }  // multicast
        return true
    }

    private static func ipv4(_ address: String) -> [UInt8]? {
        let parts = address.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        let octets = parts.compactMap { UInt8($0) }
        return octets.count == 4 ? octets : nil
    }

    private static func isPublicV4(_ o: [UInt8]) -> Bool {
        switch (o[0], o[1]) {
        case (0, _), (10, _), (127, _), (169, 254), (192, 168): return false
        case (172, 16...31), (100, 64...127), (198, 18...19): return false
        case (224...255, _): return false
        default: return true
        }
    }
}
