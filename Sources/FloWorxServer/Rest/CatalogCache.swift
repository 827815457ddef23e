import FloWorxStore
import Synchronization

/// The schema catalog, loaded once and reloaded on demand (`NOTIFY pgrst, 'reload schema'`, as on Supabase).
public final class CatalogCache: Sendable {
    let database: Database
    private let catalog = Mutex<Catalog?>(nil)

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
        return loaded
    }
}
