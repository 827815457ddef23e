import FloWorxStore
import Synchronization

/// The schema catalog, loaded once and reloaded on demand (`NOTIFY pgrst, 'reload schema'`, as on Supabase).
public final class CatalogCache: Sendable {
    let database: Database
    private let catalog = Mutex<Catalog?>(nil)
    private let functionCatalog = Mutex<RpcCatalog?>(nil)

    public init(database: Database) {
        self.database = database
    }

    /// The catalog, loading it on first use.
    public func current() async throws -> Catalog {
        if let loaded = catalog.withLock({ $0 }) { return loaded }
        return try await reload()
    }

    /// Reads the live catalog again.
    @discardableResult
    public func reload() async throws -> Catalog {
        let loaded = try await database.service.withConnection { connection in
            try await Catalog.load(connection.connection, logger: database.logger)
        }
        catalog.withLock { $0 = loaded }
        // The functions are read again on their next use.
        functionCatalog.withLock { $0 = nil }
        return loaded
    }

    /// The functions the data API can call (`/rest/v1/rpc/{fn}`), loading them on first use.
    public func functions() async throws -> RpcCatalog {
        if let loaded = functionCatalog.withLock({ $0 }) { return loaded }
        let loaded = try await database.service.withConnection { connection in
            try await RpcCatalog.load(connection.connection, logger: database.logger)
        }
        functionCatalog.withLock { $0 = loaded }
        return loaded
    }
}
