import Foundation

/// One mailbox of the local Gmail server: messages, labels, drafts, the history log and the watch.
/// Every change appends one history record and moves `historyId` forward, as Gmail's history does.
struct GmailMailbox: Sendable {
    struct Message: Sendable {
        var id: String
        var threadID: String
        var labelIDs: [String]
        var raw: Data
        var internalDate: Int64
        var historyID: UInt64
        var mime: GmailMIME
    }

    struct Label: Sendable {
        var id: String
        var name: String
        var type: String
        var messageListVisibility: String?
        var labelListVisibility: String?
        var color: [String: String]?
    }

    struct Draft: Sendable {
        var id: String
        var messageID: String
        /// Edited by the owner since FloWorx created or last updated it.
        var editedByOwner: Bool
    }

    /// One history record: what happened to one message.
    struct HistoryRecord: Sendable {
        var id: UInt64
        var messageID: String
        var threadID: String
        /// The message's labels after the change (before it, for a deletion).
        var labelIDs: [String]
        var added = false
        var deleted = false
        var labelsAdded: [String] = []
        var labelsRemoved: [String] = []
    }

    struct Watch: Sendable {
        var topicName: String
        var labelIDs: [String]
        var excludeLabels: Bool
        var expiration: Date
    }

    static let systemLabels: [Label] = [
        Label(id: "INBOX", name: "INBOX", type: "system", messageListVisibility: "hide", labelListVisibility: "labelShow"),
        Label(id: "SENT", name: "SENT", type: "system", messageListVisibility: "hide", labelListVisibility: "labelHide"),
        Label(id: "DRAFT", name: "DRAFT", type: "system", messageListVisibility: "hide", labelListVisibility: "labelShow"),
        Label(id: "SPAM", name: "SPAM", type: "system", messageListVisibility: "hide", labelListVisibility: "labelHide"),
        Label(id: "TRASH", name: "TRASH", type: "system", messageListVisibility: "hide", labelListVisibility: "labelHide"),
        Label(id: "UNREAD", name: "UNREAD", type: "system"),
        Label(id: "STARRED", name: "STARRED", type: "system"),
        Label(id: "IMPORTANT", name: "IMPORTANT", type: "system"),
        Label(id: "CHAT", name: "CHAT", type: "system", messageListVisibility: "hide", labelListVisibility: "labelHide"),
        Label(id: "CATEGORY_PERSONAL", name: "CATEGORY_PERSONAL", type: "system"),
        Label(id: "CATEGORY_SOCIAL", name: "CATEGORY_SOCIAL", type: "system"),
        Label(id: "CATEGORY_PROMOTIONS", name: "CATEGORY_PROMOTIONS", type: "system"),
        Label(id: "CATEGORY_UPDATES", name: "CATEGORY_UPDATES", type: "system"),
        Label(id: "CATEGORY_FORUMS", name: "CATEGORY_FORUMS", type: "system"),
    ]

    let email: String
    var historyID: UInt64
    /// `startHistoryId` values below this are out of the retained window (404).
    var historyFloor: UInt64
    var history: [HistoryRecord] = []
    var messages: [String: Message] = [:]
    /// Message ids in the order they were added (lists answer newest first).
    var messageOrder: [String] = []
    var labels: [String: Label] = [:]
    var labelOrder: [String] = []
    var drafts: [String: Draft] = [:]
    var draftOrder: [String] = []
    var watch: Watch?
    var quota: GmailQuota
    var calls: [String: Int] = [:]
    var units = 0
    var nextUserLabel = 1

    init(email: String, firstHistoryID: UInt64, unitsPerSecond: Int?, quotaWindowSeconds: TimeInterval = 1) {
        self.email = email
        self.historyID = firstHistoryID
        self.historyFloor = firstHistoryID
        self.quota = GmailQuota(unitsPerSecond: unitsPerSecond, windowSeconds: quotaWindowSeconds)
        for label in Self.systemLabels {
            labels[label.id] = label
            labelOrder.append(label.id)
        }
    }

    // MARK: Changes (each one history record)

    @discardableResult
    mutating func record(_ message: Message, _ change: (inout HistoryRecord) -> Void) -> UInt64 {
        historyID += 1
        var record = HistoryRecord(id: historyID, messageID: message.id, threadID: message.threadID, labelIDs: message.labelIDs)
        change(&record)
        history.append(record)
        return historyID
    }

    /// Adds a message (delivered, drafted or sent) and records `messageAdded`.
    mutating func add(id: String, threadID: String, raw: Data, labelIDs: [String], date: Date = Date()) -> Message {
        var message = Message(
            id: id, threadID: threadID, labelIDs: labelIDs, raw: raw, internalDate: Int64(date.timeIntervalSince1970 * 1000),
            historyID: 0, mime: GmailMIME(raw))
        message.historyID = historyID + 1
        messages[id] = message
        messageOrder.append(id)
        record(message) { $0.added = true }
        return message
    }

    /// Deletes a message permanently and records `messageDeleted`.
    mutating func delete(messageID: String) {
        guard let message = messages.removeValue(forKey: messageID) else { return }
        messageOrder.removeAll { $0 == messageID }
        record(message) { $0.deleted = true }
    }

    /// Applies label changes; records one history record with the labels actually added and removed.
    mutating func modify(messageID: String, add: [String], remove: [String]) {
        guard var message = messages[messageID] else { return }
        let added = add.filter { !message.labelIDs.contains($0) && !remove.contains($0) }
        let removed = remove.filter { message.labelIDs.contains($0) }
        guard !added.isEmpty || !removed.isEmpty else { return }
        message.labelIDs.removeAll { removed.contains($0) }
        message.labelIDs.append(contentsOf: added)
        message.historyID = historyID + 1
        messages[messageID] = message
        record(message) {
            $0.labelsAdded = added
            $0.labelsRemoved = removed
        }
    }

    /// The thread a new message joins: `threadID` when given and its subject matches (Gmail's rule), else the
    /// thread of a message it refers to (`In-Reply-To`/`References`) with the same subject, else a new thread.
    func threadFor(_ mime: GmailMIME, requested: String?, newID: String) -> String {
        let subject = mime.normalizedSubject
        if let requested, let first = messages.values.first(where: { $0.threadID == requested }) {
            return first.mime.normalizedSubject == subject ? requested : newID
        }
        let references = Set(mime.referencedMessageIDs)
        if !references.isEmpty,
            let parent = messages.values.first(where: { message in
                message.mime.header("Message-ID").map { references.contains($0) } == true && message.mime.normalizedSubject == subject
            })
        {
            return parent.threadID
        }
        return newID
    }

    func threadExists(_ threadID: String) -> Bool {
        messages.values.contains { $0.threadID == threadID }
    }

    /// Whether a change to a message with these labels is reported by the watch.
    func watchReports(_ labelIDs: [String], now: Date = Date()) -> Bool {
        guard let watch, watch.expiration > now else { return false }
        guard !watch.labelIDs.isEmpty else { return true }
        let matches = labelIDs.contains { watch.labelIDs.contains($0) }
        return watch.excludeLabels ? !matches : matches
    }

    /// Labels by id or by name (case-insensitive) among user labels.
    func userLabel(named name: String) -> Label? {
        labels.values.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }
}
