import FloWorxTestSupport
import PostgresNIO
import Testing

/// The migrated tables equal the contract's: its DDL runs verbatim in a scratch schema and the two catalogs are compared.
@Suite struct SeedCatalogTests {
    let seed: SeedSchema

    init() throws {
        seed = try SeedSchema.load()
    }

    /// The parser finds all of the contract: its 17 tables, 9 indexes, 8 CHECK value sets and 10 updated_at columns.
    @Test func theContractIsReadWhole() {
        #expect(seed.tables.count == 17)
        #expect(seed.indexStatements.count == 9)
        #expect(seed.valueSets.count == 8)
        #expect(seed.tables(withColumn: "updated_at").count == 10)
        #expect(seed.tables.allSatisfy { $0.columnNames.first == "id" })
    }

    /// public has the contract's 17 tables and no other.
    @Test func publicHoldsExactlyTheContractsTables() async throws {
        try await TestDatabase.with { db in
            let tables = try await db.withConnection { try await CatalogFacts.tables(in: "public", on: $0) }
            #expect(tables == Set(seed.tables.map(\.name)))
        }
    }

    /// Column order, names, types, NOT NULL, defaults, CHECK and primary key constraints, and foreign keys with their
    /// referenced table and ON DELETE / ON UPDATE actions: everything the contract says is in public, and public's
    /// tables have nothing the contract does not say.
    @Test func everyColumnDefaultCheckAndForeignKeyEqualsTheContract() async throws {
        try await TestDatabase.with { db in
            let (contract, migrated) = try await db.withConnection { connection in
                try await CatalogFacts.installSeed(seed, on: connection)
                return (
                    try await CatalogFacts.columnsAndConstraints(in: CatalogFacts.scratchSchema, on: connection),
                    try await CatalogFacts.columnsAndConstraints(in: "public", on: connection)
                )
            }
            #expect(contract.count > 150, "the contract's 17 tables have more facts than that")
            #expect(contract.subtracting(migrated).sorted() == [], "in the contract, not in public")
            #expect(migrated.subtracting(contract).sorted() == [], "in public, not in the contract")
        }
    }
}
