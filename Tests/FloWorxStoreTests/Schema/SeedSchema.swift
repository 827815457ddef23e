import Foundation
import FloWorxStore

/// The schema contract, docs/seed-schema.md, read at test time: its CREATE TABLE and CREATE INDEX statements.
///
/// Every expectation about tables, columns, defaults, CHECKs, foreign keys and the contract's indexes is derived from
/// this text, never written out a second time in the tests.
struct SeedSchema: Sendable {
    /// One CREATE TABLE of the contract.
    struct Table: Sendable, Hashable {
        /// The table's name, e.g. `email_logs`.
        var name: String
        /// The statement, as the contract writes it.
        var statement: String
        /// The column definitions, one line each without the trailing comma, in order.
        var columnLines: [String]

        /// The column names, in order.
        var columnNames: [String] { columnLines.map { String($0.prefix { !$0.isWhitespace }) } }
        /// Whether the table's foreign key nulls it out when the referenced row goes.
        var setsNullOnDelete: Bool { statement.contains("ON DELETE SET NULL") }
    }

    /// A `column TEXT ... CHECK (column IN (...))` value set of the contract.
    struct ValueSet: Sendable, Hashable, CustomStringConvertible {
        var table: String
        var column: String
        var values: [String]
        var description: String { "\(table).\(column)" }
    }

    /// The contract's tables, in its order.
    var tables: [Table]
    /// The contract's CREATE INDEX statements.
    var indexStatements: [String]

    /// Every table and index statement, tables first, as the contract orders them.
    var statements: [String] { tables.map(\.statement) + indexStatements }

    /// The CHECK value sets of every column.
    var valueSets: [ValueSet] {
        tables.flatMap { table in
            table.columnLines.compactMap { line -> ValueSet? in
                guard let match = line.firstMatch(of: /^(\w+) .*CHECK \((\w+) IN \(([^)]*)\)\)/), match.1 == match.2 else { return nil }
                let values = match.3.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " '")) }
                return ValueSet(table: table.name, column: String(match.1), values: values)
            }
        }
    }

    /// The names of the tables that have `column`.
    func tables(withColumn column: String) -> [String] {
        tables.filter { $0.columnNames.contains(column) }.map(\.name)
    }

    /// The contract in the repository holding this file.
    static func load() throws -> SeedSchema {
        try SeedSchema(markdown: String(contentsOf: RepositoryFiles.file("docs/seed-schema.md"), encoding: .utf8))
    }

    /// Reads the ```sql blocks that come before the Row Level Security section (its policies are only examples).
    init(markdown: String) {
        var sql = ""
        var inBlock = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## **Row Level Security") { break }
            if line.hasPrefix("```") {
                inBlock = line == "```sql"
                continue
            }
            if inBlock { sql += line + "\n" }
        }
        var tables: [Table] = []
        var indexes: [String] = []
        for statement in SQLStatementSplitter.split(sql) {
            let code = statement.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("--") }.joined(separator: "\n")
            let lines = code.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            if let first = lines.first, let match = first.wholeMatch(of: /CREATE TABLE (\w+) \(/), lines.last == ")" {
                let columns = lines.dropFirst().dropLast().map { $0.hasSuffix(",") ? String($0.dropLast()) : $0 }
                tables.append(Table(name: String(match.1), statement: code, columnLines: columns))
            } else if code.hasPrefix("CREATE INDEX") {
                indexes.append(code)
            }
        }
        self.tables = tables
        self.indexStatements = indexes
    }
}

/// Files of the repository this test target was built from.
enum RepositoryFiles {
    /// The repository's root directory: this file is Tests/FloWorxStoreTests/Schema/SeedSchema.swift.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A file by its path from the root.
    static func file(_ path: String) -> URL {
        root.appendingPathComponent(path)
    }
}
