import NIOCore

/// The few messages of PostgreSQL's extended query protocol (protocol 3.0) that a pipelined read writes itself, and
/// the replies it reads back. Parameters travel in text format with the same type OIDs PostgresNIO declares for
/// them (text, int8, text[]), so a statement means the same on both paths; results are requested in text format.
enum PipelineWire {
    /// Type OIDs of the parameters, as PostgresNIO declares them.
    static let textType: UInt32 = 25
    static let int8Type: UInt32 = 20
    static let textArrayType: UInt32 = 1009

    /// `Parse`: prepares `sql` as statement `name` (empty: the unnamed statement).
    static func parse(_ buffer: inout ByteBuffer, name: String, sql: String, types: [UInt32]) {
        message(&buffer, UInt8(ascii: "P")) { body in
            cString(&body, name)
            cString(&body, sql)
            body.writeInteger(Int16(types.count))
            for type in types { body.writeInteger(type) }
        }
    }

    /// `Bind` of the unnamed portal to `statement`, every parameter and every result column in text format.
    static func bind(_ buffer: inout ByteBuffer, statement: String, values: [String]) {
        message(&buffer, UInt8(ascii: "B")) { body in
            cString(&body, "")
            cString(&body, statement)
            body.writeInteger(Int16(0))
            body.writeInteger(Int16(values.count))
            for value in values {
                let lengthIndex = body.writerIndex
                body.writeInteger(Int32(0))
                let written = body.writeString(value)
                body.setInteger(Int32(written), at: lengthIndex)
            }
            body.writeInteger(Int16(0))
        }
    }

    /// `Execute` of the unnamed portal, all rows.
    static func execute(_ buffer: inout ByteBuffer) {
        message(&buffer, UInt8(ascii: "E")) { body in
            cString(&body, "")
            body.writeInteger(Int32(0))
        }
    }

    /// `Close` of prepared statement `name`.
    static func close(_ buffer: inout ByteBuffer, statement name: String) {
        message(&buffer, UInt8(ascii: "C")) { body in
            body.writeInteger(UInt8(ascii: "S"))
            cString(&body, name)
        }
    }

    /// `Sync`: ends the implicit transaction of everything before it; the server answers `ReadyForQuery`.
    static func sync(_ buffer: inout ByteBuffer) {
        message(&buffer, UInt8(ascii: "S")) { _ in }
    }

    /// A statement's values in text format, with their type OIDs.
    static func parameters(_ binds: RestBinds) -> (types: [UInt32], values: [String]) {
        var types: [UInt32] = []
        var values: [String] = []
        types.reserveCapacity(binds.count)
        values.reserveCapacity(binds.count)
        for value in binds.values {
            switch value {
            case .text(let text):
                types.append(textType)
                values.append(text)
            case .int(let number):
                types.append(int8Type)
                values.append(String(number))
            case .textArray(let list):
                types.append(textArrayType)
                values.append(arrayLiteral(list))
            }
        }
        return (types, values)
    }

    /// `{"a","b\"c"}`: every element quoted, `"` and `\` escaped, as PostgreSQL's array input reads it.
    static func arrayLiteral(_ list: [String]) -> String {
        "{" + list.map { element in
            var quoted = "\""
            for character in element.unicodeScalars {
                if character == "\"" || character == "\\" { quoted.unicodeScalars.append("\\") }
                quoted.unicodeScalars.append(character)
            }
            return quoted + "\""
        }.joined(separator: ",") + "}"
    }

    private static func message(_ buffer: inout ByteBuffer, _ type: UInt8, _ write: (inout ByteBuffer) -> Void) {
        buffer.writeInteger(type)
        let lengthIndex = buffer.writerIndex
        buffer.writeInteger(Int32(0))
        write(&buffer)
        buffer.setInteger(Int32(buffer.writerIndex - lengthIndex), at: lengthIndex)
    }

    private static func cString(_ buffer: inout ByteBuffer, _ text: String) {
        buffer.writeString(text)
        buffer.writeInteger(UInt8(0))
    }
}

/// What the server answered to one pipeline, up to its `ReadyForQuery`.
struct PipelineReplies: Sendable {
    /// The rows of each executed statement, in order; a row is its columns in text format (`nil` for NULL).
    var results: [[[ByteBuffer?]]] = []
    /// How many `Parse` messages succeeded (they succeed in order; after an error the server skips the rest).
    var parsed = 0
    /// The first error, if any: every message after it up to `Sync` was skipped.
    var error: PostgresServerError?

    private var current: [[ByteBuffer?]] = []

    /// Takes one backend message; returns `true` at `ReadyForQuery`.
    mutating func take(type: UInt8, body: inout ByteBuffer) -> Bool {
        switch type {
        case UInt8(ascii: "D"):
            guard let count = body.readInteger(as: Int16.self) else { return false }
            var row: [ByteBuffer?] = []
            row.reserveCapacity(Int(count))
            for _ in 0..<max(0, Int(count)) {
                guard let length = body.readInteger(as: Int32.self) else { break }
                guard length >= 0, let value = body.readSlice(length: Int(length)) else {
                    row.append(nil)
                    continue
                }
                // A copy: a slice would keep the handler's receive buffer shared, and every later read of a large
                // result would copy it whole.
                var copy = ByteBufferAllocator().buffer(capacity: value.readableBytes)
                copy.writeImmutableBuffer(value)
                row.append(copy)
            }
            current.append(row)
        case UInt8(ascii: "C"), UInt8(ascii: "I"), UInt8(ascii: "s"):
            results.append(current)
            current = []
        case UInt8(ascii: "1"):
            parsed += 1
        case UInt8(ascii: "E"):
            if error == nil { error = Self.serverError(&body) }
        case UInt8(ascii: "Z"):
            return true
        default:
            // BindComplete, CloseComplete, NoData, ParameterStatus (a role change reports is_superuser), notices.
            break
        }
        return false
    }

    /// ErrorResponse's fields: code byte, then a C string, until a zero byte.
    static func serverError(_ body: inout ByteBuffer) -> PostgresServerError {
        var fields: [UInt8: String] = [:]
        while let code = body.readInteger(as: UInt8.self), code != 0 {
            guard let end = body.readableBytesView.firstIndex(of: 0) else { break }
            let length = end - body.readerIndex
            fields[code] = body.readString(length: length)
            body.moveReaderIndex(forwardBy: 1)
        }
        return PostgresServerError(
            sqlState: fields[UInt8(ascii: "C")] ?? "XX000", message: fields[UInt8(ascii: "M")] ?? "server error",
            detail: fields[UInt8(ascii: "D")], hint: fields[UInt8(ascii: "H")]
        )
    }
}
