import Foundation
import NIOCore
import PostgresNIO

extension PipelineConnection {
    /// Which of `keys` (inserted or updated rows of one table) each group may read, in one pipeline and one round trip:
    /// per group, the role-and-claims statement every data API read runs (`SetRequestClaims`: role,
    /// `request.jwt.claims`, `request.jwt.claim.sub` with `set_config(…, true)`), then the group's row statement
    /// (`statements[i]`, written by `floworx.realtime_row_statement`, migration 0067) with the keys and the group's
    /// filter values; one `Sync` after the last group. Everything before the `Sync` is one implicit transaction: each
    /// group's settings hold for its own read (the next group's replace them) and all of them end with the `Sync`, on
    /// success and on error alike. Row-level security decides in PostgreSQL, as each group; Swift only reads the rows.
    ///
    /// Against `floworx.realtime_visible`, which runs the same reads inside one PL/pgSQL call, the backend skips the
    /// per-group dynamic `EXECUTE` and SPI calls: ~30 instead of ~90 µs of its CPU per group (docs/performance.md).
    /// `tenants[i]`, when set, is the business group `i`'s row statement is pinned to (its third parameter).
    func realtimeVisible(keys: [String], groups: [RealtimeSubscriberGroup], statements: [String], tenants: [String?]) async throws -> [RealtimeVisibleRow] {
        precondition(groups.count == statements.count && groups.count == tenants.count, "one row statement per group")
        try postgres.ensureOpen()
        let keysLiteral = PipelineWire.arrayLiteral(keys)
        var messages = ByteBufferAllocator().buffer(capacity: 64 + groups.count * (keysLiteral.utf8.count + 320))
        var parsedHere: [String] = []
        for (index, (group, sql)) in zip(groups, statements).enumerated() {
            let identity = group.identity
            PipelineWire.bind(&messages, statement: Self.claimsName, values: [
                identity.role.rawValue, identity.claimsJSON, identity.userId?.uuidString.lowercased() ?? "", "force_generic_plan", "",
            ])
            PipelineWire.execute(&messages)
            let (name, isNew, evicted) = statementName(sql)
            if let evicted { PipelineWire.close(&messages, statement: evicted) }
            if isNew {
                PipelineWire.parse(&messages, name: name, sql: sql, types: [PipelineWire.textArrayType, PipelineWire.textArrayType])
                parsedHere.append(name)
            }
            var values = [keysLiteral, PipelineWire.arrayLiteral(group.filters.map(\.value))]
            if let tenant = tenants[index] { values.append(tenant) }
            PipelineWire.bind(&messages, statement: name, values: values)
            PipelineWire.execute(&messages)
        }
        PipelineWire.sync(&messages)

        let replies: PipelineReplies
        do {
            replies = try await send(messages)
        } catch {
            for name in parsedHere { forget(name) }
            // The protocol state is unknown: the connection is not used again.
            try? await postgres.close()
            throw error
        }
        // Parses succeed in order; after an error the server skipped the rest.
        for name in parsedHere.dropFirst(replies.parsed) { forget(name) }
        if let error = replies.error { throw error }
        guard replies.results.count == 2 * groups.count else {
            throw PostgresServerError(sqlState: "XX000", message: "realtime read: \(replies.results.count) results for \(2 * groups.count) statements")
        }
        var rows: [RealtimeVisibleRow] = []
        for index in groups.indices {
            for row in replies.results[2 * index + 1] {
                guard row.count == 4, let key = row[0], let keyJSON = row[1] else { continue }
                rows.append(RealtimeVisibleRow(
                    group: index, deleted: false, key: String(buffer: key), keyJSON: String(buffer: keyJSON),
                    record: row[2].map { String(buffer: $0) }, matches: Self.booleans(row[3])
                ))
            }
        }
        return rows
    }

    /// A `boolean[]` in text format (`{t,f}`, `{}`); NULL or an element other than `t` reads as false.
    static func booleans(_ text: ByteBuffer?) -> [Bool] {
        guard let text, text.readableBytes > 2 else { return [] }
        return text.readableBytesView.dropFirst().dropLast().split(separator: UInt8(ascii: ",")).map { $0.first == UInt8(ascii: "t") && $0.count == 1 }
    }
}
