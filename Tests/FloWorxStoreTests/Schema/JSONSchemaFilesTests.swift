import Foundation
import FloWorxStore
import FloWorxTestSupport
import PostgresNIO
import Testing

/// floworx.json_schemas, which the validator reads, holds exactly the repository's schemas/*.json.
@Suite struct JSONSchemaFilesTests {
    /// name → file text, for every schemas/<name>.json.
    static func files() throws -> [String: String] {
        let directory = RepositoryFiles.file("schemas")
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasSuffix(".json") {
            files[String(name.dropLast(".json".count))] = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        }
        return files
    }

    /// Same names, and each stored document equals its file once both are parsed.
    @Test func theStoredSchemasAreTheFilesParsed() async throws {
        let files = try Self.files()
        #expect(files.count >= 9)
        try await TestDatabase.with { db in
            let stored = try await db.database.service.query("SELECT name, schema::text FROM floworx.json_schemas")
            var schemas: [String: String] = [:]
            for try await (name, schema) in stored.decode((String, String).self) { schemas[name] = schema }
            #expect(schemas.keys.sorted() == files.keys.sorted())
            for (name, text) in files.sorted(by: { $0.key < $1.key }) {
                let file = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary
                let row = try schemas[name].map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? NSDictionary }
                #expect(file != nil, "schemas/\(name).json is a JSON object")
                #expect(row == file, "floworx.json_schemas \(name) equals schemas/\(name).json")
            }
        }
    }

    /// A schema using a keyword the validator does not implement is refused when stored, instead of being ignored.
    @Test func aSchemaTheValidatorCannotApplyIsRefused() async throws {
        try await TestDatabase.with { db in
            _ = await expectServerError("22023", message: "JSON schema \"typo\" uses what floworx's validator does not support") {
                try await db.execute(
                    "INSERT INTO floworx.json_schemas VALUES ('typo', \(#"{"type": "object", "patternProperties": {"^x": {}}}"#)::jsonb)"
                )
            }
        }
    }
}
