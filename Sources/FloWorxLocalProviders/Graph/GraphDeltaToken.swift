import Foundation

/// The state a `$deltatoken` or `$skiptoken` carries, opaque to clients (base64url of `|`-separated fields).
///
/// A round of delta returns the folder's changes with a change number in `(since, until]`, in change order, a page
/// at a time after `after`; the round's `@odata.deltaLink` starts the next round at `until`. `initial` rounds list
/// what is in the folder and no removals.
struct GraphDeltaToken: Sendable, Equatable {
    var mailbox: String
    var generation: Int
    var folderId: String
    var initial: Bool
    var since: Int
    var until: Int
    var after: Int
    /// `$filter=receivedDateTime ge|gt ...` of the first request, as seconds since 1970 (0: none).
    var minReceived: Double
    var strictlyAfter: Bool
    /// The `$select` of the first request (empty: every property).
    var select: [String]

    func encoded() -> String {
        let fields = [mailbox, String(generation), folderId, initial ? "I" : "R", String(since), String(until), String(after),
                      String(minReceived), strictlyAfter ? "gt" : "ge", select.joined(separator: ",")]
        return Data(fields.joined(separator: "|").utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    init(mailbox: String, generation: Int, folderId: String, initial: Bool, since: Int, until: Int, after: Int,
         minReceived: Double, strictlyAfter: Bool, select: [String]) {
        self.mailbox = mailbox
        self.generation = generation
        self.folderId = folderId
        self.initial = initial
        self.since = since
        self.until = until
        self.after = after
        self.minReceived = minReceived
        self.strictlyAfter = strictlyAfter
        self.select = select
    }

    init?(_ text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let decoded = String(data: data, encoding: .utf8) else { return nil }
        let fields = decoded.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 10, let generation = Int(fields[1]), let since = Int(fields[4]), let until = Int(fields[5]),
              let after = Int(fields[6]), let minReceived = Double(fields[7]) else { return nil }
        self.init(mailbox: fields[0], generation: generation, folderId: fields[2], initial: fields[3] == "I", since: since,
                  until: until, after: after, minReceived: minReceived, strictlyAfter: fields[8] == "gt",
                  select: fields[9].isEmpty ? [] : fields[9].split(separator: ",").map(String.init))
    }
}
