import FloWorxCore
import FloWorxStore
import Foundation
import Logging
import ServiceLifecycle

/// Realtime's state: the connected sockets and their channels. It answers the clients' messages (join, leave,
/// heartbeat, access_token, broadcast) and, as a service, runs the change feed and the dispatcher that turns
/// committed changes into `postgres_changes` messages for the subscribers RLS lets read them.
actor RealtimeHub: Service {
    /// One connected socket.
    struct Socket {
        let outbox: RealtimeOutbox
        /// The `apikey` the socket connected with: the token of a join that carries none.
        let apiKey: String
        var channels: [String: RealtimeChannel] = [:]
    }

    let repository: RealtimeRepository
    let feed: RealtimeChangeFeed
    let tokens: TokenService
    let configuration: RealtimeConfiguration
    let logger: Logger
    nonisolated let changes = RealtimeChangeBuffer()

    /// Every change to a socket or a channel drops the cached dispatch plans.
    var sockets: [Int: Socket] = [:] {
        didSet { plans = [:] }
    }
    /// When each socket last sent a message (apart from `sockets`, so a heartbeat keeps the plans).
    private var lastSeen: [Int: ContinuousClock.Instant] = [:]
    /// The dispatch plan of each table, while no socket or channel changed and no channel of it expired.
    private var plans: [String: Plan] = [:]
    private var nextSocketID = 0
    private var nextBindingID = 0
    /// Published tables and their columns, loaded on first use.
    private var tables: [String: [RealtimeRepository.Column]]?
    /// `columns` of each table as JSON, for the messages.
    private var columnsJSON: [String: String] = [:]
    private var listening = false
    private var listeningWaiters: [CheckedContinuation<Void, Never>] = []

    init(database: Database, tokens: TokenService, configuration: RealtimeConfiguration, logger: Logger) {
        // Batches are read in one pipeline per call on the data API's pipelined connections; behind a transaction
        // pooler (no named statements) through floworx.realtime_visible.
        repository = RealtimeRepository(database: database.service, reads: database.pooler.unnamedStatementsOnly ? nil : database.pipelinedReads)
        feed = RealtimeChangeFeed(database: database, logger: logger)
        self.tokens = tokens
        self.configuration = configuration
        self.logger = logger
    }

    // MARK: Service

    func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            let changes = changes
            group.addTask { [feed] in
                await feed.run(listening: { Task { await self.markListening() } }) { change in changes.append(change) }
            }
            group.addTask { await self.dispatchLoop() }
            group.addTask { await self.sweepLoop() }
            try? await gracefulShutdown()
            group.cancelAll()
            for socket in sockets.values { socket.outbox.close() }
        }
    }

    private func markListening() {
        listening = true
        for waiter in listeningWaiters { waiter.resume() }
        listeningWaiters = []
    }

    /// Waits until the change feed listens (at most `timeout`), so a change committed after a join is never missed
    /// because the server had only just started.
    private func waitUntilListening(timeout: Duration = .seconds(5)) async {
        if listening { return }
        let deadline = Task { try? await Task.sleep(for: timeout); self.markListeningTimedOut() }
        await withCheckedContinuation { listeningWaiters.append($0) }
        deadline.cancel()
    }

    private func markListeningTimedOut() {
        for waiter in listeningWaiters { waiter.resume() }
        listeningWaiters = []
    }

    // MARK: Sockets

    func register(outbox: RealtimeOutbox, apiKey: String) -> Int {
        nextSocketID += 1
        sockets[nextSocketID] = Socket(outbox: outbox, apiKey: apiKey)
        lastSeen[nextSocketID] = .now
        return nextSocketID
    }

    func unregister(_ id: Int) {
        sockets[id] = nil
        lastSeen[id] = nil
    }

    private func send(_ socketID: Int, _ text: String) {
        sockets[socketID]?.outbox.send(text)
    }

    /// Closes idle sockets and channels whose token expired, every `sweepInterval`.
    private func sweepLoop() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: configuration.sweepInterval)
            sweep(now: .now, date: Date())
        }
    }

    private func sweep(now: ContinuousClock.Instant, date: Date) {
        for (id, socket) in sockets {
            if now - (lastSeen[id] ?? now) > configuration.idleTimeout {
                logger.debug("realtime socket idle: closing", metadata: ["socket": "\(id)"])
                socket.outbox.close()
                sockets[id] = nil
                lastSeen[id] = nil
                continue
            }
            for channel in socket.channels.values {
                if let expiresAt = channel.expiresAt, expiresAt <= date {
                    close(channel.topic, of: id, message: "Token has expired")
                }
            }
        }
    }

    /// Tells the client why, then closes the channel (`system` error, then `phx_close`).
    private func close(_ topic: String, of socketID: Int, message: String) {
        guard let channel = sockets[socketID]?.channels.removeValue(forKey: topic) else { return }
        send(socketID, PhoenixMessage.system(topic: topic, extension: "system", message: message, ok: false))
        send(socketID, PhoenixMessage.frame(topic: topic, event: "phx_close", payload: "{}", ref: channel.joinRef))
    }

    // MARK: Messages

    /// Handles one text frame of socket `id`. A message FloWorx cannot act on is answered with a `phx_reply` error;
    /// nothing a client sends ends the socket.
    func receive(_ text: String, from id: Int) async {
        guard sockets[id] != nil else { return }
        lastSeen[id] = .now
        guard let message = PhoenixMessage.parse(text) else {
            send(id, PhoenixMessage.error(topic: "phoenix", ref: nil, reason: "malformed message: expected a JSON object with topic, event, payload, ref"))
            return
        }
        switch (message.topic, message.event) {
        case ("phoenix", "heartbeat"):
            send(id, PhoenixMessage.ok(topic: "phoenix", ref: message.ref))
        case (_, "phx_join"):
            await join(message, socket: id)
        case (_, "phx_leave"):
            guard let channel = sockets[id]?.channels.removeValue(forKey: message.topic) else {
                send(id, PhoenixMessage.error(topic: message.topic, ref: message.ref, reason: "unmatched topic"))
                return
            }
            send(id, PhoenixMessage.ok(topic: message.topic, ref: message.ref))
            send(id, PhoenixMessage.frame(topic: message.topic, event: "phx_close", payload: "{}", ref: channel.joinRef))
        case (_, "access_token"):
            await refreshToken(message, socket: id)
        case (_, "broadcast"):
            broadcast(message, from: id)
        case (_, "presence"):
            send(id, PhoenixMessage.error(topic: message.topic, ref: message.ref, reason: "presence is not supported"))
        default:
            send(id, PhoenixMessage.error(topic: message.topic, ref: message.ref, reason: "unknown event \(message.event)"))
        }
    }

    // MARK: Broadcast

    private func broadcast(_ message: PhoenixMessage, from id: Int) {
        guard let sender = sockets[id]?.channels[message.topic] else {
            send(id, PhoenixMessage.error(topic: message.topic, ref: message.ref, reason: "unmatched topic"))
            return
        }
        guard message.payload["event"]?.stringValue != nil else {
            send(id, PhoenixMessage.error(topic: message.topic, ref: message.ref, reason: "a broadcast needs an event"))
            return
        }
        let relayed = PhoenixMessage.frame(topic: message.topic, event: "broadcast", payload: PhoenixMessage.json(JSONValue.object(message.payload)), ref: nil)
        for (otherID, socket) in sockets where socket.channels[message.topic] != nil {
            if otherID == id && !sender.broadcastSelf { continue }
            socket.outbox.send(relayed)
        }
        if sender.broadcastAck { send(id, PhoenixMessage.ok(topic: message.topic, ref: message.ref)) }
    }

    // MARK: Tokens

    /// Verifies a token; the error's text for the client otherwise.
    private func verify(_ token: String) async -> Result<TokenService.Verified, JoinRefusal> {
        do {
            let verified = try await tokens.verify(token)
            if let expiresAt = verified.expiresAt, expiresAt <= Date() { return .failure(JoinRefusal("Token has expired")) }
            return .success(verified)
        } catch {
            return .failure(JoinRefusal("Invalid JWT: \(error.message)"))
        }
    }

    private func refreshToken(_ message: PhoenixMessage, socket id: Int) async {
        guard let channel = sockets[id]?.channels[message.topic] else {
            send(id, PhoenixMessage.error(topic: message.topic, ref: message.ref, reason: "unmatched topic"))
            return
        }
        guard let token = message.payload["access_token"]?.stringValue else {
            send(id, PhoenixMessage.error(topic: message.topic, ref: message.ref, reason: "access_token is required"))
            return
        }
        switch await verify(token) {
        case .failure(let refusal):
            close(message.topic, of: id, message: refusal.reason)
        case .success(let verified):
            // New claims may see less: every binding is checked again as them.
            if verified.identity != channel.identity {
                do {
                    for binding in channel.bindings {
                        try await repository.check(table: binding.table, group: RealtimeSubscriberGroup(identity: verified.identity, filters: binding.filter.map { [$0] } ?? []))
                    }
                } catch {
                    close(message.topic, of: id, message: "Subscription refused for the new token: \(PostgresErrorText.describe(error))")
                    return
                }
            }
            guard sockets[id]?.channels[message.topic] != nil else { return }
            sockets[id]?.channels[message.topic]?.identity = verified.identity
            sockets[id]?.channels[message.topic]?.group = RealtimeSubscriberGroup.visibilityIdentity(verified.identity)
            sockets[id]?.channels[message.topic]?.expiresAt = verified.expiresAt
        }
    }

    // MARK: Join

    struct JoinRefusal: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    private func publishedTables() async throws -> [String: [RealtimeRepository.Column]] {
        if let tables { return tables }
        let loaded = try await repository.publishedTables()
        tables = loaded
        for (table, columns) in loaded {
            columnsJSON[table] = "[" + columns.map { #"{"name":"# + PhoenixMessage.quoted($0.name) + #","type":"# + PhoenixMessage.quoted($0.type) + "}" }
                .joined(separator: ",") + "]"
        }
        return loaded
    }

    private func join(_ message: PhoenixMessage, socket id: Int) async {
        guard let socket = sockets[id] else { return }
        do {
            let channel = try await channel(for: message, socket: socket)
            guard sockets[id] != nil else { return }
            if sockets[id]?.channels[message.topic] == nil && sockets[id]!.channels.count >= configuration.maxChannelsPerSocket {
                throw JoinRefusal("too many channels on this socket (at most \(configuration.maxChannelsPerSocket))")
            }
            sockets[id]?.channels[message.topic] = channel
            let response = #"{"postgres_changes":["# + channel.bindings.map(\.replyJSON).joined(separator: ",") + "]}"
            send(id, PhoenixMessage.ok(topic: message.topic, ref: message.ref, response: response))
            if !channel.bindings.isEmpty {
                send(id, PhoenixMessage.system(topic: message.topic, extension: "postgres_changes", message: "Subscribed to PostgreSQL", ok: true))
            }
        } catch let refusal as JoinRefusal {
            send(id, PhoenixMessage.error(topic: message.topic, ref: message.ref, reason: refusal.reason))
        } catch {
            send(id, PhoenixMessage.error(topic: message.topic, ref: message.ref, reason: "Subscription refused: \(PostgresErrorText.describe(error))"))
        }
    }

    /// The channel a join asks for, every part checked: token, config, bindings (as the subscriber, in PostgreSQL).
    private func channel(for message: PhoenixMessage, socket: Socket) async throws -> RealtimeChannel {
        let token = message.payload["access_token"]?.stringValue ?? socket.apiKey
        let verified: TokenService.Verified
        switch await verify(token) {
        case .failure(let refusal): throw refusal
        case .success(let value): verified = value
        }
        let config = message.payload["config"]?.objectValue ?? [:]
        if config["private"]?.boolValue == true { throw JoinRefusal("private channels are not supported") }
        let broadcast = config["broadcast"]?.objectValue ?? [:]
        var bindings: [RealtimeChannel.Binding] = []
        let requested = config["postgres_changes"]?.arrayValue ?? []
        guard requested.count <= configuration.maxBindingsPerChannel else {
            throw JoinRefusal("too many postgres_changes bindings (at most \(configuration.maxBindingsPerChannel))")
        }
        if !requested.isEmpty {
            let tables = try await publishedTables()
            for entry in requested {
                let binding = try self.binding(entry, tables: tables)
                try await repository.check(table: binding.table, group: RealtimeSubscriberGroup(identity: verified.identity, filters: binding.filter.map { [$0] } ?? []))
                bindings.append(binding)
            }
            await waitUntilListening()
        }
        return RealtimeChannel(
            topic: message.topic, joinRef: message.joinRef ?? message.ref, identity: verified.identity,
            group: RealtimeSubscriberGroup.visibilityIdentity(verified.identity), expiresAt: verified.expiresAt,
            bindings: bindings, broadcastSelf: broadcast["self"]?.boolValue ?? false, broadcastAck: broadcast["ack"]?.boolValue ?? false
        )
    }

    private func binding(_ entry: JSONValue, tables: [String: [RealtimeRepository.Column]]) throws -> RealtimeChannel.Binding {
        guard let object = entry.objectValue else { throw JoinRefusal("each postgres_changes entry must be an object") }
        let event = object["event"]?.stringValue ?? "*"
        guard ["*", "INSERT", "UPDATE", "DELETE"].contains(event) else { throw JoinRefusal("event must be INSERT, UPDATE, DELETE or *") }
        let schema = object["schema"]?.stringValue ?? "public"
        guard schema == "public" else { throw JoinRefusal("only schema public is published") }
        guard let table = object["table"]?.stringValue else { throw JoinRefusal("table is required") }
        guard tables[table] != nil else {
            throw JoinRefusal("table \(table) is not published for realtime (published: \(tables.keys.sorted().joined(separator: ", ")))")
        }
        let filterText = object["filter"]?.stringValue
        let filter: RealtimeFilter?
        do {
            filter = try filterText.map { try RealtimeFilter(parsing: $0) }
        } catch {
            throw JoinRefusal("bad filter: \(error)")
        }
        nextBindingID += 1
        return RealtimeChannel.Binding(id: nextBindingID, event: event, schema: schema, table: table, filterText: filterText, filter: filter)
    }

    // MARK: Dispatch

    /// Who listens to one table: the distinct claims sets (groups), and for each the subscriptions.
    struct Plan: Sendable {
        /// Part of the groups, read by one of the concurrent calls.
        struct Slice: Sendable {
            var start: Int
            var groups: [RealtimeSubscriberGroup]
            var json: String
        }
        struct Subscriber: Sendable {
            var outbox: RealtimeOutbox
            var socket: Int
            var topic: String
            var bindingID: Int
            var event: String
            /// Index of the binding's filter among its group's filters.
            var filterIndex: Int?
        }
        var groups: [RealtimeSubscriberGroup] = []
        var subscribers: [[Subscriber]] = []
        var columnsJSON = "[]"
        /// The groups split over the concurrent visibility reads: the first group's index, the slice's groups and
        /// their JSON, encoded once per plan.
        var slices: [Slice] = []
        /// The plan holds until the first of its channels expires.
        var validUntil: Date?
    }

    /// The cached plan of `table`, made again when a socket or a channel changed or one of its channels expired.
    private func plan(for table: String) throws -> Plan {
        if let cached = plans[table], cached.validUntil.map({ Date() < $0 }) ?? true { return cached }
        var plan = makePlan(for: table)
        let parts = max(1, min(configuration.dispatchConnections, plan.groups.count))
        let size = max(1, (plan.groups.count + parts - 1) / parts)
        for start in stride(from: 0, to: plan.groups.count, by: size) {
            let groups = Array(plan.groups[start..<min(start + size, plan.groups.count)])
            plan.slices.append(Plan.Slice(start: start, groups: groups, json: try RealtimeSubscriberGroup.json(groups)))
        }
        plans[table] = plan
        return plan
    }

    private func makePlan(for table: String) -> Plan {
        var plan = Plan()
        plan.columnsJSON = columnsJSON[table] ?? "[]"
        var groupIndex: [RequestIdentity: Int] = [:]
        let now = Date()
        for (socketID, socket) in sockets {
            for channel in socket.channels.values {
                if let expiresAt = channel.expiresAt, expiresAt <= now { continue }
                for binding in channel.bindings where binding.table == table {
                    if let expiresAt = channel.expiresAt, plan.validUntil.map({ expiresAt < $0 }) ?? true { plan.validUntil = expiresAt }
                    let index: Int
                    if let known = groupIndex[channel.group] {
                        index = known
                    } else {
                        index = plan.groups.count
                        groupIndex[channel.group] = index
                        plan.groups.append(RealtimeSubscriberGroup(identity: channel.group, filters: []))
                        plan.subscribers.append([])
                    }
                    var filterIndex: Int?
                    if let filter = binding.filter {
                        if let existing = plan.groups[index].filters.firstIndex(of: filter) {
                            filterIndex = existing
                        } else {
                            filterIndex = plan.groups[index].filters.count
                            plan.groups[index].filters.append(filter)
                        }
                    }
                    plan.subscribers[index].append(Plan.Subscriber(
                        outbox: socket.outbox, socket: socketID, topic: channel.topic, bindingID: binding.id, event: binding.event,
                        filterIndex: filterIndex
                    ))
                }
            }
        }
        return plan
    }

    private nonisolated func dispatchLoop() async {
        var pacer = RealtimeBatchPacer(interval: configuration.coalesceInterval)
        for await _ in changes.doorbell {
            // Changes that arrive before the next batch may start wait and join it (at most one batch per interval).
            let start = pacer.nextStart(now: .now)
            if start > .now { try? await Task.sleep(until: start, clock: .continuous) }
            let batch = changes.takeAll()
            if batch.isEmpty { continue }
            pacer.started(at: .now)
            var tables: [String] = []
            var byTable: [String: [RealtimeChange]] = [:]
            for change in batch {
                if byTable[change.table] == nil { tables.append(change.table) }
                byTable[change.table, default: []].append(change)
            }
            for table in tables {
                await dispatch(byTable[table]!, table: table)
            }
        }
    }

    private nonisolated func dispatch(_ changes: [RealtimeChange], table: String) async {
        let plan: Plan
        do {
            plan = try await self.plan(for: table)
        } catch {
            logger.error("realtime: encoding the subscriber groups failed; changes dropped", metadata: ["table": "\(table)", "error": "\(error)"])
            return
        }
        guard !plan.groups.isEmpty else { return }
        var keys: [String] = []
        var deleted: [String] = []
        var seen = Set<String>()
        for change in changes {
            if change.operation == .delete {
                if let old = change.oldRow { deleted.append(old) }
            } else if seen.insert(change.key).inserted {
                keys.append(change.key)
            }
        }
        let rows: [RealtimeVisibleRow]
        do {
            rows = try await visibleRows(table: table, keys: keys, deleted: deleted, slices: plan.slices)
        } catch {
            logger.error("realtime: reading changed rows failed; changes dropped", metadata: [
                "table": "\(table)", "changes": "\(changes.count)", "error": "\(PostgresErrorText.describe(error))",
            ])
            return
        }
        // What each group may see, by row; then the changes in commit order, so every subscriber gets them in that order
        // (an insert and an update of one row in one batch are two messages).
        var visible: [String: [RealtimeVisibleRow]] = [:]
        for row in rows { visible[(row.deleted ? "d" : "u") + row.key, default: []].append(row) }
        for change in changes {
            for row in visible[(change.operation == .delete ? "d" : "u") + change.key] ?? [] {
                // One message per channel, naming every binding of that channel that matches.
                var channels: [String: (outbox: RealtimeOutbox, topic: String, ids: [Int])] = [:]
                var order: [String] = []
                for subscriber in plan.subscribers[row.group] {
                    guard subscriber.event == "*" || subscriber.event == change.operation.rawValue else { continue }
                    if let index = subscriber.filterIndex, !(index < row.matches.count && row.matches[index]) { continue }
                    let channelKey = "\(subscriber.socket) \(subscriber.topic)"
                    if channels[channelKey] == nil {
                        order.append(channelKey)
                        channels[channelKey] = (subscriber.outbox, subscriber.topic, [])
                    }
                    channels[channelKey]!.ids.append(subscriber.bindingID)
                }
                guard !order.isEmpty else { continue }
                let data = Self.changeData(change, row: row, table: table, columnsJSON: plan.columnsJSON)
                for channelKey in order {
                    let channel = channels[channelKey]!
                    let payload = #"{"data":"# + data + #","ids":["# + channel.ids.map(String.init).joined(separator: ",") + "]}"
                    channel.outbox.send(PhoenixMessage.frame(topic: channel.topic, event: "postgres_changes", payload: payload, ref: nil))
                }
            }
        }
    }

    /// The visibility read, one call per slice of the groups (`dispatchConnections` concurrent calls; each group's rows
    /// come from one call, so its order is kept).
    private nonisolated func visibleRows(table: String, keys: [String], deleted: [String], slices: [Plan.Slice]) async throws -> [RealtimeVisibleRow] {
        if slices.count == 1 {
            return try await repository.visible(table: table, keys: keys, deletedRows: deleted, groups: slices[0].groups, groupsJSON: slices[0].json)
        }
        return try await withThrowingTaskGroup(of: [RealtimeVisibleRow].self) { tasks in
            for slice in slices {
                tasks.addTask { [repository] in
                    try await repository.visible(table: table, keys: keys, deletedRows: deleted, groups: slice.groups, groupsJSON: slice.json).map { row in
                        var row = row
                        row.group += slice.start
                        return row
                    }
                }
            }
            var all: [RealtimeVisibleRow] = []
            for try await part in tasks { all += part }
            return all
        }
    }

    /// `payload.data` of a `postgres_changes` message. As Supabase does with RLS on, `old_record` of updates and
    /// deletes holds only the primary key.
    static func changeData(_ change: RealtimeChange, row: RealtimeVisibleRow, table: String, columnsJSON: String) -> String {
        var text = #"{"schema":"public","table":"# + PhoenixMessage.quoted(table) + #","commit_timestamp":"# + PhoenixMessage.quoted(change.committedAt)
            + #","type":"# + PhoenixMessage.quoted(change.operation.rawValue) + #","columns":"# + columnsJSON + #","errors":null"#
        if change.operation != .delete, let record = row.record { text += #","record":"# + record }
        if change.operation != .insert { text += #","old_record":{"id":"# + row.keyJSON + "}" }
        return text + "}"
    }
}
