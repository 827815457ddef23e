import Foundation

/// The part of Gmail's search syntax (`q`) the local server understands: `in:<label>`, `label:<name>`,
/// `is:unread|read|starred`, `after:`/`before:` (`yyyy/mm/dd` or epoch seconds) and `newer_than:<n>d|h|m`.
/// Other terms are ignored (they match everything), which only widens a list.
struct GmailQuery {
    private var labels: [String] = []
    private var excluded: [String] = []
    private var after: Int64?
    private var before: Int64?

    init(_ q: String, labels mailbox: GmailMailbox) throws {
        for term in q.split(separator: " ") {
            let pair = term.split(separator: ":", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            let value = pair[1]
            switch pair[0].lowercased() {
            case "in", "label":
                let id = mailbox.labels[value.uppercased()]?.id ?? mailbox.userLabel(named: value)?.id ?? value
                labels.append(id)
            case "is":
                switch value.lowercased() {
                case "unread": labels.append("UNREAD")
                case "starred": labels.append("STARRED")
                case "read": excluded.append("UNREAD")
                default: break
                }
            case "after": after = Self.epochMillis(value)
            case "before": before = Self.epochMillis(value)
            case "newer_than":
                if let amount = Int64(value.dropLast()) {
                    let unit: Int64 = switch value.last { case "h": 3600; case "m": 60 * 60 * 24 * 30; default: 86400 }
                    after = (Int64(Date().timeIntervalSince1970) - amount * unit) * 1000
                }
            default: continue
            }
        }
    }

    func matches(_ message: GmailMailbox.Message) -> Bool {
        if !labels.allSatisfy({ message.labelIDs.contains($0) }) { return false }
        if excluded.contains(where: { message.labelIDs.contains($0) }) { return false }
        if let after, message.internalDate <= after { return false }
        if let before, message.internalDate >= before { return false }
        return true
    }

    static func epochMillis(_ value: String) -> Int64? {
        if let seconds = Int64(value) { return seconds * 1000 }
        let parts = value.split(separator: "/").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        var components = DateComponents()
        components.year = parts[0]; components.month = parts[1]; components.day = parts[2]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        return calendar.date(from: components).map { Int64($0.timeIntervalSince1970 * 1000) }
    }
}
