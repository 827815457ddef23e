import FloWorxStore
import Foundation
import Synchronization

/// The OpenAPI 3 description of `/rest/v1` (generated from the live catalog, as PostgREST does) and `/auth/v1`,
/// served at `GET /rest/v1/`.
final class OpenAPIDocument: Sendable {
    private let cached = Mutex<(tables: Set<String>, server: String, json: String)?>(nil)
    /// The public base URL, when configured; otherwise the address the server listens on (as PostgREST derives it
    /// from `server-host` and `server-port`), or `/` before it is known. Never the request's Host header: the
    /// document is cached, and would hand the next caller whatever host an attacker sent.
    let publicURL: String?
    private let listeningURL = Mutex<String?>(nil)

    init(publicURL: String?) {
        self.publicURL = publicURL
    }

    /// Records where the server listens, once it has bound its port.
    func serverIsListening(at url: String) {
        listeningURL.withLock { $0 = url }
    }

    /// The document as JSON text.
    func json(catalog: Catalog, functions: RpcCatalog? = nil) async throws -> String {
        let server = publicURL ?? listeningURL.withLock({ $0 }) ?? "/"
        let key = Set(catalog.tables.keys).union((functions?.functions.keys).map { $0.map { "rpc/" + $0 } } ?? [])
        if let cached = cached.withLock({ $0 }), cached.tables == key, cached.server == server { return cached.json }
        let data = try JSONSerialization.data(withJSONObject: document(catalog, serverURL: server, functions: functions), options: [.sortedKeys, .withoutEscapingSlashes])
        let json = String(decoding: data, as: UTF8.self)
        cached.withLock { $0 = (key, server, json) }
        return json
    }

    func document(_ catalog: Catalog, serverURL: String, functions: RpcCatalog? = nil) -> [String: Any] {
        var paths: [String: Any] = [:]
        var schemas: [String: Any] = OpenAPIAuth.schemas
        schemas["Error"] = [
            "type": "object",
            "required": ["code", "message"],
            "properties": [
                "code": ["type": "string"], "message": ["type": "string"],
                "details": ["type": "string", "nullable": true], "hint": ["type": "string", "nullable": true],
            ],
        ]
        for table in catalog.tables.values.sorted(by: { $0.name < $1.name }) {
            schemas[table.name] = rowSchema(table)
            paths["/rest/v1/\(table.name)"] = tablePath(table)
        }
        paths["/rest/v1/"] = [
            "get": [
                "tags": ["Introspection"], "summary": "This OpenAPI description", "operationId": "openapi",
                "responses": [
                    "200": ["description": "OpenAPI document", "content": ["application/openapi+json": ["schema": ["type": "object"]]]],
                    "401": errorResponse("No or invalid API key"),
                ],
            ],
        ]
        if let functions { addFunctionPaths(functions, to: &paths) }
        paths.merge(OpenAPIAuth.paths) { current, _ in current }
        return [
            "openapi": "3.0.3",
            "info": [
                "title": "FloWorx API",
                "version": FloWorxVersion.current,
                "description": "PostgREST-compatible data API (/rest/v1) and GoTrue-compatible auth (/auth/v1). Row-level security decides what each caller sees.",
            ],
            "servers": [["url": serverURL]],
            "security": [["apikey": []], ["bearer": []]],
            "paths": paths,
            "components": [
                "schemas": schemas,
                "securitySchemes": [
                    "apikey": ["type": "apiKey", "in": "header", "name": "apikey"],
                    "bearer": ["type": "http", "scheme": "bearer", "bearerFormat": "JWT"],
                ],
                "responses": commonResponses,
            ],
        ]
    }

    private var commonResponses: [String: Any] {
        [
            "BadRequest": errorResponse("Malformed request, bad filter, invalid value or constraint violation"),
            "Unauthorized": errorResponse("No API key, invalid JWT, or permission denied without a user"),
            "Forbidden": errorResponse("Permission denied or row-level security violation"),
            "NotFound": errorResponse("Unknown table"),
            "NotAcceptable": errorResponse("Singular response requested but not exactly one row"),
            "Conflict": errorResponse("Unique or foreign key violation"),
            "RangeNotSatisfiable": errorResponse("Requested range not satisfiable"),
            "PayloadTooLarge": errorResponse("Body too large"),
            "Unavailable": errorResponse("Database unavailable"),
        ]
    }

    func errorResponse(_ description: String) -> [String: Any] {
        ["description": description, "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]]
    }

    func ref(_ name: String) -> [String: Any] { ["$ref": "#/components/responses/\(name)"] }

    var errorResponses: [String: Any] {
        [
            "400": ref("BadRequest"), "401": ref("Unauthorized"), "403": ref("Forbidden"), "404": ref("NotFound"),
            "406": ref("NotAcceptable"), "409": ref("Conflict"), "413": ref("PayloadTooLarge"), "503": ref("Unavailable"),
        ]
    }

    func columnSchema(_ column: Catalog.Column) -> [String: Any] {
        var schema: [String: Any]
        switch column.baseType {
        case "uuid": schema = ["type": "string", "format": "uuid"]
        case "text", "varchar", "bpchar", "name": schema = ["type": "string"]
        case "timestamptz", "timestamp": schema = ["type": "string", "format": "date-time"]
        case "date": schema = ["type": "string", "format": "date"]
        case "int2", "int4", "int8": schema = ["type": "integer"]
        case "numeric", "float4", "float8": schema = ["type": "number"]
        case "bool": schema = ["type": "boolean"]
        case "json", "jsonb": schema = [:]
        default: schema = ["type": "string"]
        }
        if let values = column.allowedValues { schema["enum"] = values }
        if column.isNullable && column.baseType != "json" && column.baseType != "jsonb" { schema["nullable"] = true }
        var description = "\(column.type)"
        if let expression = column.defaultExpression { description += ", default \(expression)" }
        schema["description"] = description
        return schema
    }

    private func rowSchema(_ table: Catalog.Table) -> [String: Any] {
        var properties: [String: Any] = [:]
        for column in table.columns { properties[column.name] = columnSchema(column) }
        return ["type": "object", "properties": properties, "description": "A row of \(table.name)"]
    }

    func parameter(_ name: String, _ location: String = "query", _ description: String, schema: [String: Any] = ["type": "string"]) -> [String: Any] {
        ["name": name, "in": location, "required": false, "description": description, "schema": schema]
    }

    private func tablePath(_ table: Catalog.Table) -> [String: Any] {
        let filters = table.columns.map {
            parameter($0.name, "query", "Filter on \($0.name): [not.]operator.value with eq, neq, gt, gte, lt, lte, like, ilike, in.(a,b), is.null|true|false, cs, cd (json)",
                      schema: ["type": "string", "pattern": OpenAPIPatterns.filter($0)])
        }
        let select = parameter("select", "query", "Columns to return, comma separated: col, alias:col, col::text; * for all readable columns",
                               schema: ["type": "string", "pattern": OpenAPIPatterns.columnList(table)])
        let preference = "(return=(representation|minimal|headers-only)|count=(exact|planned|estimated)|resolution=(merge-duplicates|ignore-duplicates)|tx=(commit|rollback))"
        let prefer = parameter("Prefer", "header", "return=representation|minimal, count=exact, resolution=merge-duplicates|ignore-duplicates, tx=rollback",
                               schema: ["type": "string", "pattern": "^\(preference)(, ?\(preference)){0,3}$"])
        let accept = parameter("Accept", "header", "application/json, or application/vnd.pgrst.object+json for one object",
                               schema: ["type": "string", "enum": ["application/json", "application/vnd.pgrst.object+json"]])
        let rows: [String: Any] = ["type": "array", "items": ["$ref": "#/components/schemas/\(table.name)"]]
        let one: [String: Any] = ["$ref": "#/components/schemas/\(table.name)"]
        let rowContent: [String: Any] = ["application/json": ["schema": rows], "application/vnd.pgrst.object+json": ["schema": one]]
        let rangeHeader: [String: Any] = ["Content-Range": ["description": "first-last/total", "schema": ["type": "string"]]]
        let tag = [table.name]
        var read = errorResponses
        read["200"] = ["description": "Rows", "headers": rangeHeader, "content": rowContent]
        read["206"] = ["description": "Part of the rows (count=exact and more rows exist)", "headers": rangeHeader, "content": rowContent]
        read["416"] = ref("RangeNotSatisfiable")
        var created = errorResponses
        created["201"] = ["description": "Created; rows returned with return=representation", "content": rowContent]
        var changed = errorResponses
        changed["200"] = ["description": "Changed rows (return=representation)", "content": rowContent]
        changed["204"] = ["description": "Changed (return=minimal)"]
        let body: [String: Any] = [
            "required": true,
            "content": ["application/json": ["schema": ["oneOf": [one, rows]]]],
        ]
        return [
            "get": [
                "tags": tag, "summary": "Read \(table.name)", "operationId": "get_\(table.name)",
                "parameters": [select,
                               parameter("order", "query", "col.asc|desc[.nullsfirst|nullslast], comma separated",
                                         schema: ["type": "string", "pattern": OpenAPIPatterns.order(table)]),
                               parameter("limit", "query", "At most this many rows", schema: ["type": "integer", "minimum": 0]),
                               parameter("offset", "query", "Skip this many rows", schema: ["type": "integer", "minimum": 0]),
                               parameter("or", "query", "Logic tree, e.g. (a.eq.1,b.gt.2)"),
                               parameter("and", "query", "Logic tree, e.g. (a.eq.1,b.gt.2)"),
                               parameter("Range", "header", "items to return, e.g. 0-24", schema: ["type": "string", "pattern": "^[0-9]{1,6}-([0-9]{1,6})?$"]),
                               parameter("Range-Unit", "header", "items", schema: ["type": "string", "enum": ["items"]]),
                               prefer, accept] + filters,
                "responses": read,
            ],
            "post": [
                "tags": tag, "summary": "Insert (or upsert) rows into \(table.name)", "operationId": "post_\(table.name)",
                "parameters": [select, prefer, accept,
                               parameter("columns", "query", "Columns to insert, comma separated"),
                               parameter("on_conflict", "query", "Unique columns for upsert, comma separated")],
                "requestBody": body,
                "responses": created,
            ],
            "patch": [
                "tags": tag, "summary": "Update rows of \(table.name) matching the filters (a filter is required)",
                "operationId": "patch_\(table.name)",
                "parameters": [select, prefer, accept] + filters,
                "requestBody": ["required": true, "content": ["application/json": ["schema": one]]],
                "responses": changed,
            ],
            "delete": [
                "tags": tag, "summary": "Delete rows of \(table.name) matching the filters (a filter is required)",
                "operationId": "delete_\(table.name)",
                "parameters": [select, prefer, accept] + filters,
                "responses": changed,
            ],
        ]
    }
}
