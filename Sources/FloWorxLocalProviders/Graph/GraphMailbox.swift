import Foundation

/// One mailbox (user) of the local Graph server: its folders, messages and change log.
struct GraphMailbox: Sendable {
    var userId: String
    var email: String
    var displayName: String
    var folders: [String: GraphFolder] = [:]
    /// Messages by immutable id.
    var messages: [String: GraphMessage] = [:]
    /// Default ("REST") id -> immutable id. A REST id that changed on a move is removed.
    var restIndex: [String: String] = [:]
    /// The change sequence: every created, updated, moved or removed message takes the next number.
    var seq = 0
    /// Per folder: messages that left it (deleted or moved away) and the sequence number of their leaving.
    var removals: [String: [String: Int]] = [:]
    /// The default id a message had when it left a folder (delta reports removals by the id the client knew).
    var removedRestIds: [String: String] = [:]
    /// Delta tokens carry the generation they were issued in; `expireDelta` moves it on, so older tokens are gone.
    var deltaGeneration = 1
    /// The 410 code `expireDelta` chose.
    var expiredDeltaCode = "SyncStateNotFound"
    /// Requests in flight (the per-mailbox concurrency limit).
    var inFlight = 0
    /// Arrival times of recent requests (the per-mailbox rate limit).
    var recentRequests: [Date] = []
    /// Operation name -> calls.
    var counters: [String: Int] = [:]
    /// The root of the folder tree (`msgfolderroot`).
    var rootId: String

    static let wellKnown: [(name: String, displayName: String)] = [
        ("inbox", "Inbox"), ("drafts", "Drafts"), ("sentitems", "Sent Items"), ("deleteditems", "Deleted Items"),
        ("archive", "Archive"), ("junkemail", "Junk Email"), ("outbox", "Outbox"),
    ]

    init(email: String, displayName: String) {
        self.userId = UUID().uuidString.lowercased()
        self.email = email
        self.displayName = displayName
        self.rootId = GraphIds.folder()
        folders[rootId] = GraphFolder(id: rootId, displayName: "Top of Information Store", parentFolderId: "", wellKnownName: "msgfolderroot")
        for (name, display) in Self.wellKnown {
            let id = GraphIds.folder()
            folders[id] = GraphFolder(id: id, displayName: display, parentFolderId: rootId, wellKnownName: name)
        }
    }

    /// Resolves a folder id or a well-known name (case-insensitive), as Graph does in paths.
    func folderId(_ reference: String) -> String? {
        if folders[reference] != nil { return reference }
        let lower = reference.lowercased()
        return folders.values.first { $0.wellKnownName == lower }?.id
    }

    /// Resolves a message by either id form.
    func messageId(_ reference: String) -> String? {
        if messages[reference] != nil { return reference }
        return restIndex[reference]
    }

    mutating func nextSeq() -> Int {
        seq += 1
        return seq
    }

    /// Records that a message left `folder` (for delta's `@removed`).
    mutating func recordRemoval(of immutableId: String, restId: String, from folder: String) {
        let number = nextSeq()
        removedRestIds[immutableId] = restId
        removals[folder, default: [:]][immutableId] = number
    }

    /// Stores a message (new or changed), giving it the next change number and a fresh change key.
    mutating func touch(_ message: inout GraphMessage, now: Date = Date()) {
        message.changeSeq = nextSeq()
        message.lastModifiedDateTime = now
        message.changeKey = GraphIds.changeKey()
        removals[message.folderId]?[message.immutableId] = nil
        messages[message.immutableId] = message
        restIndex[message.restId] = message.immutableId
    }

    mutating func count(_ operation: String) {
        counters[operation, default: 0] += 1
    }
}

/// Identifier shapes like Exchange's (base64 text, `=` padded), unique per call.
enum GraphIds {
    static func random(_ bytes: Int) -> String {
        var data = Data(count: bytes)
        for index in 0..<bytes { data[index] = UInt8.random(in: 0...255) }
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }

    /// A default message id (`AAMkAD...=`).
    static func rest() -> String { "AAMkAD" + random(49) }
    /// An immutable message id (`AAkALg...=`).
    static func immutable() -> String { "AAkALg" + random(49) }
    /// A folder id.
    static func folder() -> String { "AAMkADAu" + random(34) }
    static func changeKey() -> String { "CQAAABYAAA" + random(18) }
    static func conversation() -> String { "AAQkAD" + random(37) }
    static func token(_ bytes: Int = 24) -> String { random(bytes).replacingOccurrences(of: "=", with: "") }
}
