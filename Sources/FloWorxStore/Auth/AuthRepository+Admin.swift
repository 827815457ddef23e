import Foundation
import PostgresNIO

/// The service role's user administration (GoTrue's `/admin/users`).
extension AuthRepository {
    /// One page of users, newest first (GoTrue's order), and how many there are in all.
    public func users(page: Int, perPage: Int) async throws -> (users: [AuthUser], total: Int) {
        let offset = (page - 1) * perPage
        let rows = try await database.query("""
            SELECT \(unescaped: Self.userColumns), count(*) OVER ()::int FROM auth.users
            ORDER BY created_at DESC, id
            LIMIT \(perPage) OFFSET \(offset)
            """).collect()
        let users = try rows.map(Self.decodeUser)
        let total: Int
        if let row = rows.first {
            total = try row.decode((UUID, String, String, String, Date?, Date?, String, String, Date, Date, String, Int).self).11
        } else {
            // A page past the end has no rows to carry the count.
            total = try await database.query("SELECT count(*)::int FROM auth.users").collect()[0].decode(Int.self)
        }
        return (users, total)
    }

    /// Deletes a user; its sessions, one-time tokens and profile (with everything the profile owns) go with it by
    /// the schema's `ON DELETE CASCADE` keys. `false` when there was no such user.
    public func deleteUser(id: UUID) async throws -> Bool {
        try await !database.query("DELETE FROM auth.users WHERE id = \(id) RETURNING id").collect().isEmpty
    }
}
