import Foundation
import Synchronization

/// The Messages resource: create, fetch, list.
extension LocalTwilioServer {
    func create(_ request: LocalHTTPRequest) -> LocalHTTPResponse {
        let form = LocalHTTPServer.queryItems(String(data: request.body, encoding: .utf8))
        func field(_ name: String) -> String? { form.first { $0.name == name }?.value }
        guard let to = field("To"), !to.isEmpty else { return Self.error(400, 21604, "A 'To' phone number is required.") }
        let from = field("From").flatMap { $0.isEmpty ? nil : $0 }
        let service = field("MessagingServiceSid").flatMap { $0.isEmpty ? nil : $0 }
        guard from != nil || service != nil else { return Self.error(400, 21603, "A 'From' phone number is required.") }
        guard let body = field("Body"), !body.isEmpty else { return Self.error(400, 21602, "Message body is required.") }
        guard Self.isE164(to) else { return Self.error(400, 21211, "Invalid 'To' Phone Number: \(to)") }
        if let service, !configuration.messagingServices.contains(service) {
            return Self.error(400, 21701, "The Messaging Service Sid \(service) is invalid.")
        }
        if service == nil, let from, !configuration.ownedNumbers.contains(from) {
            return Self.error(400, 21606, "The From phone number \(from) is not a valid, SMS-capable inbound phone number or short code for your account.")
        }
        if body.unicodeScalars.count > 1600 {
            return Self.error(400, 21617, "The concatenated message body exceeds the 1600 character limit.")
        }
        if configuration.disabledRegionPrefixes.contains(where: { to.hasPrefix($0) }) {
            return Self.error(400, 21408, "Permission to send an SMS has not been enabled for the region indicated by the 'To' number: \(to)")
        }
        let behavior = state.withLock { $0.recipients[to] } ?? .deliver
        if behavior == .unsubscribed { return Self.error(400, 21610, "Attempt to send to unsubscribed recipient") }
        let callback = field("StatusCallback").flatMap { $0.isEmpty ? nil : $0 }
        if let callback, !(callback.hasPrefix("http://") || callback.hasPrefix("https://")) {
            return Self.error(400, 21609, "Invalid StatusCallback URL: \(callback)")
        }
        let now = Date()
        let message = LocalTwilioMessage(
            sid: LocalTwilioConfiguration.randomSid("SM"), accountSid: configuration.accountSid, to: to,
            from: service == nil ? from : nil, messagingServiceSid: service, body: body,
            // Through a Messaging Service, Twilio answers before a sender is picked: 0 segments, status accepted.
            numSegments: service == nil ? LocalTwilioSegments.count(body) : 0, status: service == nil ? "queued" : "accepted",
            statusCallback: callback, dateCreated: now, dateUpdated: now)
        state.withLock { $0.messages.append(message) }
        let answer = LocalHTTPResponse.json(201, Self.json(message.json))
        deliver(message, behavior: behavior)
        return answer
    }

    /// Moves the message through `sent` to its final status, POSTing each step to its status callback in order.
    func deliver(_ message: LocalTwilioMessage, behavior: LocalTwilioRecipientBehavior) {
        let sender = configuration.ownedNumbers.sorted().first
        var steps: [(status: String, errorCode: Int?)] = [("sent", nil)]
        switch behavior {
        case .fail(let status, let code): steps.append((status, code))
        case .deliver, .unsubscribed: steps.append(("delivered", nil))
        }
        let sequence = steps
        callbacks.run { [self] post in
            for step in sequence {
                let updated = state.withLock { state -> LocalTwilioMessage? in
                    guard let index = state.messages.firstIndex(where: { $0.sid == message.sid }) else { return nil }
                    var current = state.messages[index]
                    current.status = step.status
                    current.dateUpdated = Date()
                    if step.status == "sent" {
                        current.dateSent = current.dateUpdated
                        if current.from == nil { current.from = sender }
                        if current.numSegments == 0 { current.numSegments = LocalTwilioSegments.count(current.body) }
                    }
                    current.errorCode = step.errorCode
                    current.errorMessage = step.errorCode.map { Self.deliveryErrors[$0] ?? "Delivery failed" }
                    state.messages[index] = current
                    return current
                }
                guard let updated, let url = updated.statusCallback else { continue }
                var fields: [(String, String)] = [
                    ("SmsSid", updated.sid), ("SmsStatus", updated.status), ("MessageStatus", updated.status), ("To", updated.to),
                    ("MessageSid", updated.sid), ("AccountSid", updated.accountSid), ("From", updated.from ?? ""), ("ApiVersion", "2010-04-01"),
                ]
                if let service = updated.messagingServiceSid { fields.append(("MessagingServiceSid", service)) }
                if let code = updated.errorCode { fields.append(("ErrorCode", String(code))) }
                await post(url, fields)
            }
        }
    }

    static let deliveryErrors: [Int: String] = [
        30003: "Unreachable destination handset", 30005: "Unknown destination handset", 30006: "Landline or unreachable carrier",
        30007: "Message filtered", 30008: "Unknown error",
    ]

    func fetch(sid: String) -> LocalHTTPResponse {
        guard let message = state.withLock({ $0.messages.first { $0.sid == sid } }) else {
            return Self.error(404, 20404, "The requested resource /2010-04-01/Accounts/\(configuration.accountSid)/Messages/\(sid).json was not found")
        }
        return .json(200, Self.json(message.json))
    }

    func list(_ request: LocalHTTPRequest) -> LocalHTTPResponse {
        let pageSize = request.queryValue("PageSize").flatMap(Int.init) ?? 50
        let page = request.queryValue("Page").flatMap(Int.init) ?? 0
        guard (1...1000).contains(pageSize), page >= 0 else { return Self.error(400, 20001, "Invalid paging parameters") }
        let to = request.queryValue("To"), from = request.queryValue("From")
        // Newest first, as Twilio lists.
        let all = state.withLock { $0.messages }.reversed().filter { message in
            (to == nil || message.to == to) && (from == nil || message.from == from)
        }
        let start = page * pageSize
        let slice = start < all.count ? Array(all[start..<min(all.count, start + pageSize)]) : []
        let base = "/2010-04-01/Accounts/\(configuration.accountSid)/Messages.json"
        var filters = ""
        if let to { filters += "&To=" + Self.encode(to) }
        if let from { filters += "&From=" + Self.encode(from) }
        func uri(_ page: Int) -> String { base + "?PageSize=\(pageSize)&Page=\(page)" + filters }
        let hasNext = start + pageSize < all.count
        let envelope: [String: Any] = [
            "messages": slice.map(\.json), "uri": uri(page), "first_page_uri": uri(0),
            "next_page_uri": hasNext ? uri(page + 1) as Any : NSNull(),
            "previous_page_uri": page > 0 ? uri(page - 1) as Any : NSNull(),
            "page": page, "page_size": pageSize, "start": start, "end": max(start, start + slice.count - 1),
        ]
        return .json(200, Self.json(envelope))
    }

    /// `+` and 8 to 15 digits, no leading zero: what Twilio accepts as a `To` number here.
    static func isE164(_ number: String) -> Bool {
        guard number.hasPrefix("+") else { return false }
        let digits = number.dropFirst()
        return (8...15).contains(digits.count) && digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber) && digits.first != "0"
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
