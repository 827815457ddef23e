import FloWorxStore

/// The `/rest/v1/rpc/{fn}` paths of the OpenAPI description: one per function the data API can call (its first
/// overload), with its arguments as the POST body and (for functions that are not volatile) as GET query parameters,
/// and, for functions that return rows, the table reads' filters, `select`, `order` and paging.
extension OpenAPIDocument {
    func addFunctionPaths(_ functions: RpcCatalog, to paths: inout [String: Any]) {
        for name in functions.functions.keys.sorted() {
            guard let function = functions.functions[name]?.first(where: { !$0.executableBy.isEmpty }) else { continue }
            paths["/rest/v1/rpc/\(name)"] = functionPath(function)
        }
    }

    private func functionPath(_ function: RpcFunction) -> [String: Any] {
        let arguments = function.parameterColumns.filter { !$0.name.isEmpty }
        var properties: [String: Any] = [:]
        for column in arguments { properties[column.name] = columnSchema(column) }
        let required = arguments.filter { !$0.isNullable }.map(\.name)
        var bodySchema: [String: Any] = ["type": "object", "properties": properties, "additionalProperties": false]
        if !required.isEmpty { bodySchema["required"] = required }
        let tag = ["rpc"]
        let rowOptions = rowParameters(function, excluding: Set(arguments.map(\.name)))
        var path: [String: Any] = [
            "post": [
                "tags": tag, "summary": "Call \(function.name)", "operationId": "rpc_post_\(function.name)",
                "parameters": rowOptions,
                "requestBody": ["required": !required.isEmpty, "content": ["application/json": ["schema": bodySchema]]],
                "responses": responses(function),
            ] as [String: Any],
        ]
        if function.volatility != .volatile {
            let query = arguments.map { column in
                var argument = parameter(column.name, "query", "Argument \(column.name) (\(column.type))", schema: columnSchema(column))
                argument["required"] = !column.isNullable
                return argument
            }
            path["get"] = [
                "tags": tag, "summary": "Call \(function.name) (read-only)", "operationId": "rpc_get_\(function.name)",
                "parameters": query + rowOptions,
                "responses": responses(function),
            ] as [String: Any]
        }
        return path
    }

    /// Filters, `select`, `order`, paging and counting, for a function that returns rows.
    private func rowParameters(_ function: RpcFunction, excluding arguments: Set<String>) -> [[String: Any]] {
        guard function.returnsSet, let table = function.resultTable else { return [] }
        let filters = table.columns.filter { !arguments.contains($0.name) }.map {
            parameter($0.name, "query", "Filter on \($0.name): [not.]operator.value", schema: ["type": "string", "pattern": OpenAPIPatterns.filter($0)])
        }
        return [
            parameter("select", "query", "Columns to return, comma separated", schema: ["type": "string", "pattern": OpenAPIPatterns.columnList(table)]),
            parameter("order", "query", "col.asc|desc[.nullsfirst|nullslast], comma separated", schema: ["type": "string", "pattern": OpenAPIPatterns.order(table)]),
            parameter("limit", "query", "At most this many rows", schema: ["type": "integer", "minimum": 0]),
            parameter("offset", "query", "Skip this many rows", schema: ["type": "integer", "minimum": 0]),
            parameter("Range", "header", "items to return, e.g. 0-24", schema: ["type": "string", "pattern": "^[0-9]{1,6}-([0-9]{1,6})?$"]),
            parameter("Prefer", "header", "count=exact", schema: ["type": "string", "enum": ["count=exact"]]),
        ] + filters
    }

    private func responses(_ function: RpcFunction) -> [String: Any] {
        var responses = errorResponses
        responses["405"] = errorResponse("A volatile function called with GET")
        switch function.result {
        case .void:
            responses["204"] = ["description": "Done (the function returns void)"]
        case .scalar(let type, let baseType):
            let value = columnSchema(RpcFunction.column(function.name, type: type, baseType: baseType))
            let schema: [String: Any] = function.returnsSet ? ["type": "array", "items": value] : value
            responses["200"] = ["description": "The result", "content": ["application/json": ["schema": schema]]]
        case .composite(let columns):
            var properties: [String: Any] = [:]
            for column in columns { properties[column.name] = columnSchema(column) }
            let row: [String: Any] = ["type": "object", "properties": properties]
            guard function.returnsSet else {
                responses["200"] = ["description": "The result", "content": ["application/json": ["schema": row]]]
                return responses
            }
            let rows: [String: Any] = ["application/json": ["schema": ["type": "array", "items": row]]]
            let range: [String: Any] = ["Content-Range": ["description": "first-last/total", "schema": ["type": "string"]]]
            responses["200"] = ["description": "Rows", "headers": range, "content": rows]
            responses["206"] = ["description": "Part of the rows (count=exact and more rows exist)", "headers": range, "content": rows]
            responses["416"] = ref("RangeNotSatisfiable")
        }
        return responses
    }
}
