import FloWorxStore

/// Regular expressions for the data API's query parameters in the OpenAPI description, built from the live catalog.
///
/// PostgREST's own description leaves filters, `select` and `order` as free strings; spelling out their grammar lets
/// clients and fuzzers (schemathesis in CI) form requests the API accepts, and so exercise the SQL behind them rather
/// than the parser's rejections. Every pattern is anchored: OpenAPI patterns match anywhere otherwise.
enum OpenAPIPatterns {
    /// `[not.]operator.value` for one column, with values of the column's type.
    static func filter(_ column: Catalog.Column) -> String {
        let value = value(column)
        var operations = [
            #"(eq|neq|gt|gte|lt|lte)\.\#(value.single)"#,
            #"in\.\((\#(value.listed)(,\#(value.listed)){0,3})?\)"#,
            #"is\.null"#,
        ]
        if column.baseType == "bool" { operations.append(#"is\.(true|false)"#) }
        if column.baseType == "json" || column.baseType == "jsonb" { operations.append(#"(cs|cd)\.\{\}"#) }
        if value.isText { operations.append(#"(like|ilike)\.[A-Za-z0-9 %*_-]{0,20}"#) }
        return #"^(not\.)?(\#(operations.joined(separator: "|")))$"#
    }

    /// `*` or a comma-separated list of the table's columns.
    static func columnList(_ table: Catalog.Table) -> String {
        let column = names(table)
        return #"^(\*|\#(column))(,\#(column)){0,5}$"#
    }

    /// `col[.asc|.desc][.nullsfirst|.nullslast]`, comma separated.
    static func order(_ table: Catalog.Table) -> String {
        let term = #"\#(names(table))(\.(asc|desc))?(\.(nullsfirst|nullslast))?"#
        return #"^\#(term)(,\#(term)){0,2}$"#
    }

    /// The values a filter on `column` may carry: alone (`eq.`) and inside an `in.(…)` list, where commas,
    /// parentheses and quotes are syntax.
    private static func value(_ column: Catalog.Column) -> (single: String, listed: String, isText: Bool) {
        if let allowed = column.allowedValues, !allowed.isEmpty {
            let choice = "(" + allowed.map(escaped).joined(separator: "|") + ")"
            return (choice, choice, false)
        }
        switch column.baseType {
        case "uuid":
            let uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
            return (uuid, uuid, false)
        case "int2", "int4", "int8":
            return ("-?[0-9]{1,4}", "-?[0-9]{1,4}", false)
        case "numeric", "float4", "float8":
            return (#"-?[0-9]{1,6}(\.[0-9]{1,4})?"#, #"-?[0-9]{1,6}(\.[0-9]{1,4})?"#, false)
        case "bool":
            return ("(true|false)", "(true|false)", false)
        case "timestamptz", "timestamp", "date":
            // Days 1–28 of any month: every one is a real date.
            let day = "20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])"
            return (day, day, false)
        case "json", "jsonb":
            return (#"\{\}"#, #"\{\}"#, false)
        default:
            return ("[A-Za-z0-9 @._-]{0,30}", "[A-Za-z0-9@_-]{1,20}", true)
        }
    }

    private static func names(_ table: Catalog.Table) -> String {
        "(" + table.columns.map { escaped($0.name) }.joined(separator: "|") + ")"
    }

    /// `text` with every regular-expression metacharacter escaped.
    private static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            if #"\^$.|?*+()[]{}"#.contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }
}
